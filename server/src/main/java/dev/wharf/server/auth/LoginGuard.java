package dev.wharf.server.auth;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: counts failed logins per client address and bans an address for a
 * while once it has failed {@code maxFailures} times within {@code window}. The in-memory
 * {@link BanList}: what one server counts, it alone knows.
 */
public final class LoginGuard implements BanList {
    // Volatile: the policy can change while logins are counted (a settings reload).
    private volatile int maxFailures;
    private final Duration window;
    private volatile Duration banDuration;
    private final Clock clock;
    private final Map<InetAddress, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final Map<InetAddress, Ban> bans = new ConcurrentHashMap<>();

    public LoginGuard(int maxFailures, Duration window, Duration banDuration, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.banDuration = banDuration;
        this.clock = clock;
    }

    @Override
    public void policy(int maxFailures, Duration banDuration) {
        this.maxFailures = maxFailures;
        this.banDuration = banDuration;
    }

    @Override
    public boolean isBanned(InetAddress address) {
        Ban ban = bans.get(address);
        if (ban == null) {
            return false;
        }
        if (clock.instant().isAfter(ban.until())) {
            bans.remove(address, ban);
            return false;
        }
        return true;
    }

    @Override
    public List<Ban> bans() {
        Instant now = clock.instant();
        return bans.values().stream().filter(b -> !now.isAfter(b.until()))
                .sorted(Comparator.comparing(Ban::until)).toList();
    }

    @Override
    public boolean liftBan(InetAddress address) {
        failures.remove(address);
        Ban lifted = bans.remove(address);
        return lifted != null && !clock.instant().isAfter(lifted.until());
    }

    /** Whether {@code address} failed a login within the window and has not logged in since. */
    @Override
    public boolean hasRecentFailures(InetAddress address) {
        Deque<Instant> times = failures.get(address);
        if (times == null) {
            return false;
        }
        Instant horizon = clock.instant().minus(window);
        synchronized (times) {
            Instant last = times.peekLast();
            return last != null && last.isAfter(horizon);
        }
    }

    @Override
    public boolean recordFailure(InetAddress address) {
        if (maxFailures <= 0) {
            return false;
        }
        Instant now = clock.instant();
        if (failures.size() > PRUNE_ABOVE) {
            forgetOldFailures(now);
        }
        Deque<Instant> times = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
        synchronized (times) {
            times.addLast(now);
            while (!times.isEmpty() && times.peekFirst().isBefore(now.minus(window))) {
                times.removeFirst();
            }
            if (times.size() >= maxFailures) {
                int counted = times.size();
                times.clear();
                failures.remove(address);
                bans.put(address, new Ban(address, now.plus(banDuration), counted));
                return true;
            }
        }
        return false;
    }

    /** Addresses that failed once long ago are forgotten, so the table cannot grow without bound. */
    private static final int PRUNE_ABOVE = 4096;

    private void forgetOldFailures(Instant now) {
        Instant horizon = now.minus(window);
        failures.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                Instant last = e.getValue().peekLast();
                return last == null || last.isBefore(horizon);
            }
        });
        bans.entrySet().removeIf(e -> e.getValue().until().isBefore(now));
    }

    @Override
    public void recordSuccess(InetAddress address) {
        failures.remove(address);
    }
}
