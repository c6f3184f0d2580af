package dev.wharf.server;

import dev.wharf.protocol.tls.Identity;
import dev.wharf.protocol.tls.SwappableKeyManager;
import dev.wharf.protocol.tls.Tls;
import dev.wharf.server.auth.Authenticator;
import dev.wharf.server.auth.BanList;
import dev.wharf.server.auth.LoginGuard;
import dev.wharf.server.auth.User;
import dev.wharf.server.config.ServerConfig;
import dev.wharf.server.log.TransferLog;
import dev.wharf.server.session.ServerContext;
import dev.wharf.server.session.Session;
import java.io.IOException;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Wharf FTPS server. Start one with {@link #start(ServerConfig)}; stop it with
 * {@link #close()}, which stops accepting, sends 421 to idle sessions and gives running transfers
 * the configured grace period.
 *
 * <pre>{@code
 * try (var server = WharfServer.start(ServerConfig.builder()
 *         .explicitPort(0).implicitPort(0)
 *         .identity(Identity.selfSigned("localhost", List.of("localhost", "127.0.0.1")))
 *         .authenticator(new InMemoryUsers().add("alice", "secret", Path.of("/srv/ftp"), true))
 *         .build())) {
 *     int port = server.explicitPort();
 * }
 * }</pre>
 */
public final class WharfServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WharfServer.class);

    private volatile ServerConfig config;
    private final Sessions sessions;
    private final SwappableKeyManager keys;
    private final List<Listener> listeners = new ArrayList<>();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private TransferLog transferLog;
    private ServerContext context;
    private BanList loginGuard;
    private Authenticator.Subscription userChanges = () -> { };

    private WharfServer(ServerConfig config) {
        this.config = config;
        this.sessions = new Sessions(config.limits().maxSessions(), config.limits().maxSessionsPerAddress());
        this.keys = new SwappableKeyManager(config.tls().identity());
    }

    /** Binds every configured listener and starts accepting. Throws if any listener cannot bind. */
    public static WharfServer start(ServerConfig config) throws IOException {
        Objects.requireNonNull(config.authenticator(), "ServerConfig has no authenticator (users)");
        Objects.requireNonNull(config.tls().identity(), "ServerConfig has no TLS identity (certificate and key)");
        var server = new WharfServer(config);
        Tls tls = createTls(config, server.keys); // before anything is opened: a bad TLS setting leaks nothing
        server.transferLog = TransferLog.open(config.transferLog());
        try {
            server.loginGuard = banList(config);
            var context = new ServerContext(config, tls, server.loginGuard, server.transferLog);
            server.context = context;
            server.userChanges = context.authenticator().watch(server::usersChanged);
            List<InetAddress> addresses = config.listenAddresses().isEmpty()
                    ? Collections.singletonList(null) // the wildcard: IPv4 and IPv6
                    : config.listenAddresses();
            for (InetAddress address : addresses) {
                if (config.explicitPort() != ServerConfig.OFF) {
                    server.listeners.add(new Listener(context, server.sessions, false, address, config.explicitPort()));
                }
                if (config.implicitPort() != ServerConfig.OFF) {
                    server.listeners.add(new Listener(context, server.sessions, true, address, config.implicitPort()));
                }
            }
        } catch (IOException | RuntimeException e) {
            server.listeners.forEach(Listener::stop);
            server.userChanges.close();
            server.transferLog.close();
            throw e;
        }
        UploadLeftovers.cleanInBackground(config);
        server.listeners.forEach(Listener::start);
        for (Listener l : server.listeners) {
            LOG.info("listening on {} ({} FTPS)", l.address(), l.implicit() ? "implicit" : "explicit");
        }
        return server;
    }

    /** The configured ban list (shared with other servers) under this server's policy, or one of its own in memory. */
    private static BanList banList(ServerConfig config) {
        if (config.banList() == null) {
            return new LoginGuard(config.limits().maxLoginFailures(), Duration.ofMinutes(10),
                    config.limits().loginBanDuration(), Clock.systemUTC());
        }
        config.banList().policy(config.limits().maxLoginFailures(), config.limits().loginBanDuration());
        return config.banList();
    }

    /**
     * The users changed while the server runs (their remembered logins are already forgotten, see
     * {@link dev.wharf.server.auth.VerifiedLoginCache#watch}): a removed or disabled user loses the
     * sessions it has open. Sessions of a user whose password, rights or home changed stay open as they are; the change
     * applies from that user's next login.
     */
    private void usersChanged(Set<String> changedOrRemoved, Set<String> removed) {
        if (!config.closeSessionsOfRemovedUsers()) {
            return; // their next login is refused all the same (the authenticator no longer knows them)
        }
        for (Session s : sessions.snapshot()) {
            String name = s.userName();
            // Anonymous sessions are not of a users-file account, even one named "anonymous" (it cannot log in).
            if (name != null && removed.contains(name) && !name.equals(User.ANONYMOUS)) {
                LOG.info("closing session #{} of user '{}': the user was removed or disabled", s.id(), name);
                closeInBackground(s, "Your account was removed or disabled; closing the connection");
            }
        }
    }

    /** On a thread of its own: a client that reads nothing must not hold up the caller. */
    private static void closeInBackground(Session s, String text) {
        Thread.ofVirtual().name("wharf-close-" + s.id()).start(() -> s.shutdown(text));
    }

    /** The open sessions now (connections refused at admission are not sessions), oldest first. */
    public List<SessionSnapshot> sessions() {
        return sessions.snapshot().stream().filter(Session::isAdmitted).map(Session::snapshot)
                .sorted(java.util.Comparator.comparingLong(SessionSnapshot::id)).toList();
    }

    /**
     * Ends session {@code id} as a server stop does: 421 to the client, then the connection is closed,
     * and a running transfer with it. Returns false if no such session is open.
     */
    public boolean closeSession(long id) {
        for (Session s : sessions.snapshot()) {
            if (s.id() == id && s.isAdmitted()) {
                LOG.info("closing session #{}{}: asked by the administrator", id,
                        s.userName() == null ? "" : " of user '" + s.userName() + "'");
                closeInBackground(s, "Closed by the server's administrator");
                return true;
            }
        }
        return false;
    }

    /** The client addresses banned now after repeated failed logins ({@code max-login-failures}). */
    public List<BanList.Ban> bans() {
        return loginGuard.bans();
    }

    /** Lets a banned address log in again at once; false if it was not banned. */
    public boolean liftBan(InetAddress address) {
        boolean lifted = loginGuard.liftBan(address);
        if (lifted) {
            LOG.info("ban of {} lifted by the administrator", address.getHostAddress());
        }
        return lifted;
    }

    private static Tls createTls(ServerConfig config, SwappableKeyManager keys) throws IOException {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((java.security.KeyStore) null); // client certificates, if asked for, are checked against the JDK's CAs
            ctx.init(new KeyManager[] {keys}, tmf.getTrustManagers(), new SecureRandom());
            return new Tls(ctx, config.tls().protocols(), config.tls().cipherSuites(), config.tls().clientAuth(),
                    (int) config.tls().handshakeTimeout().toMillis());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** The certificate and key new TLS handshakes present: the configured one, or the last {@link #useIdentity}. */
    public Identity identity() {
        return keys.identity();
    }

    /**
     * Presents {@code next} from the next full TLS handshake on (a renewed certificate). Connections
     * already open keep the certificate they were shown, and data connections still resume TLS
     * sessions that began before: the TLS context, its session cache and its ticket keys stay.
     */
    public void useIdentity(Identity next) {
        keys.swap(next);
        LOG.info("TLS certificate replaced: new handshakes present SHA-256 fingerprint {}", next.sha256Fingerprint());
    }

    /**
     * Reads the users again now ({@link Authenticator#reload}): what a watch would find later, at once.
     * Removed users lose their open sessions, unless {@code closeSessionsOfRemovedUsers} is off.
     */
    public void reloadUsers() throws IOException {
        context.authenticator().reload();
    }

    /** The bound port of the first explicit listener, or -1 if there is none. */
    public int explicitPort() {
        return listeners.stream().filter(l -> !l.implicit()).mapToInt(Listener::port).findFirst().orElse(-1);
    }

    /** The bound port of the first implicit listener, or -1 if there is none. */
    public int implicitPort() {
        return listeners.stream().filter(Listener::implicit).mapToInt(Listener::port).findFirst().orElse(-1);
    }

    public ServerConfig config() {
        return config;
    }

    /**
     * Applies the settings of {@code next} that can change while the server runs (listed at
     * {@link ServerConfig#withLiveSettingsOf}) and ignores the others; returns the config now in
     * force. Sessions already open pick up each setting the next time they read it: a new greeting
     * greets the next connection, a new passive range serves the next PASV, new caps count the next
     * connection (sessions open above a lowered cap stay).
     */
    public synchronized ServerConfig reconfigure(ServerConfig next) {
        ServerConfig now = config.withLiveSettingsOf(next);
        sessions.caps(now.limits().maxSessions(), now.limits().maxSessionsPerAddress());
        loginGuard.policy(now.limits().maxLoginFailures(), now.limits().loginBanDuration());
        context.reconfigure(now);
        config = now;
        LOG.info("settings reloaded");
        return now;
    }

    /** Connections accepted since the server started, served or refused. */
    public long acceptedConnections() {
        return sessions.admitted();
    }

    /** Connections currently open, including refused ones still being answered. */
    public int activeSessions() {
        return sessions.size();
    }

    /** Whether the server still accepts connections: false once a stop has begun (draining). */
    public boolean isAccepting() {
        return !stopped.get();
    }

    /** Graceful stop with the configured grace period. */
    @Override
    public void close() {
        stop(config.timeouts().shutdownGrace());
    }

    /**
     * Stops accepting, sends 421 to idle sessions, gives running transfers {@code grace} to finish
     * (each session is closed as soon as its transfer ends), then closes what is left. Safe to call
     * from several threads: one stops the server, the others return at once.
     */
    public void stop(Duration grace) {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        userChanges.close();
        listeners.forEach(Listener::stop);
        long deadline = System.nanoTime() + grace.toNanos();
        for (Session s : sessions.snapshot()) {
            if (!s.isTransferring()) {
                s.shutdown("Server shutting down");
            }
        }
        for (Session s : sessions.snapshot()) {
            s.awaitTransferEnd(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            s.shutdown(s.isTransferring() ? "Server shutting down: transfer interrupted" : "Server shutting down");
        }
        if (!sessions.awaitEmpty(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())).plusSeconds(1))) {
            LOG.warn("{} sessions were still closing when the server stopped", sessions.size());
        }
        transferLog.close();
        LOG.info("stopped");
    }
}
