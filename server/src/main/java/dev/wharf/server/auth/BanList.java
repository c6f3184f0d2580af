package dev.wharf.server.auth;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Where failed logins are counted per client address, and the addresses banned after too many of
 * them are kept: {@link LoginGuard} in memory, one per server (the default), or a store shared by
 * several servers (a database), so that guesses spread over them are counted together and a ban
 * given by one holds at all of them. The server sets the policy from its limits
 * ({@code maxLoginFailures}, {@code loginBanDuration}) at start and on every reconfigure.
 *
 * <p>A shared store that cannot be reached must not throw: it is asked on the listener's thread,
 * for every connection. It logs the problem and answers as if it knew of no ban (the server goes on
 * serving; a user store in the same database refuses the logins on its own).
 */
public interface BanList {
    /**
     * An address refused until {@code until}, after {@code failures} failed logins (the limit, unless
     * it was changed since).
     */
    record Ban(InetAddress address, Instant until, int failures) {}

    /**
     * A new policy for the failures from now on. Failures already counted are kept, and bans already
     * given run until the end they were given.
     */
    void policy(int maxFailures, Duration banDuration);

    boolean isBanned(InetAddress address);

    /** Records a failure; returns true if the address is now banned. */
    boolean recordFailure(InetAddress address);

    /**
     * Whether {@code address} failed a login within the window and has not logged in since: its
     * password checks then wait in the lane of suspects (they cost the server at most one core).
     */
    boolean hasRecentFailures(InetAddress address);

    /** A successful login: the address's count of failures starts afresh. */
    void recordSuccess(InetAddress address);

    /** The bans in force now, soonest to end first. */
    List<Ban> bans();

    /** Lets {@code address} log in again at once, its count of failures started afresh; false if it was not banned. */
    boolean liftBan(InetAddress address);
}
