package dev.wharf.server.config;

import dev.wharf.protocol.tls.Identity;
import dev.wharf.protocol.tls.Tls;
import dev.wharf.server.auth.Authenticator;
import dev.wharf.server.auth.BanList;
import dev.wharf.server.spi.ServerEvents;
import dev.wharf.server.storage.StorageProvider;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything a server runs with. Immutable; build one with {@link #builder()}. The defaults are the
 * builder's, and only there: the {@code wharf} program's settings (its config file and options, in
 * the cli module) show them from {@link #defaults()}. What only a deployment needs (a state folder, a
 * generated certificate, a first user) is the program's business, not this library's.
 */
public record ServerConfig(
        List<InetAddress> listenAddresses,
        int explicitPort,
        int implicitPort,
        Authenticator authenticator,
        Path anonymousHome,
        String greeting,
        TlsSettings tls,
        Protection protection,
        Limits limits,
        Timeouts timeouts,
        Passive passive,
        Path transferLog,
        Duration loginCacheTtl,
        List<ServerEvents> eventListeners,
        StorageProvider storageProvider,
        boolean closeSessionsOfRemovedUsers,
        ProxyProtocol proxyProtocol,
        BanList banList) {

    /** The certificate and what TLS offers. */
    public record TlsSettings(Identity identity, List<String> protocols, List<String> cipherSuites,
                              Tls.ClientAuth clientAuth, Duration handshakeTimeout) {
        public TlsSettings {
            protocols = List.copyOf(protocols);
            cipherSuites = List.copyOf(cipherSuites);
        }
    }

    /** What the security policy demands or allows (RFC 4217, MS-FTPS). */
    public record Protection(boolean requireTlsForLogin, boolean allowClearData, boolean allowCcc,
                             boolean allowAuthSsl, DataSessionReuse dataSessionReuse) {}

    /** How much one client, or all of them, may take. */
    public record Limits(int maxSessions, int maxSessionsPerAddress, int maxLoginFailures, Duration loginBanDuration,
                         Duration failedLoginDelay, int maxLineLength) {}

    /** How long the server waits for a client. */
    public record Timeouts(Duration idle, Duration login, Duration data, Duration shutdownGrace) {}

    /** Passive data connections: the port range (0, 0: any) and the address announced behind NAT. */
    public record Passive(int portMin, int portMax, InetAddress address, boolean privateClientsGetLocalAddress) {}

    /**
     * Whether a TLS data connection must resume a TLS session the server issued (RFC 4217 10), so
     * that someone who guessed or stole the passive port gets nothing.
     */
    public enum DataSessionReuse {
        /** Not checked. */
        OFF,
        /** Checked as {@link #REQUIRED} and logged, but the transfer goes on. */
        LOG,
        /**
         * The data connection must resume a session this server issued to a connection (control or
         * data) of the same user from the same address, while one is open or closed only a few
         * minutes ago (the default). Clients that pool connections with one session cache (rclone,
         * Go's crypto/tls) resume sessions of their other control connections.
         */
        REQUIRED,
        /** The data connection must resume the session of its own control connection. */
        REQUIRED_SAME_CONNECTION
    }

    /**
     * The PROXY protocol (HAProxy's versions 1 and 2) from a load balancer in front of the server:
     * whether connections start with a header naming the client, and from which peers one is taken.
     * The client address of the header is then the one used everywhere: bans, per-address caps, logs,
     * the data-connection address check and the passive address announced to private clients.
     *
     * @param mode            for the control listeners (explicit and implicit)
     * @param trusted         the balancers: the only peers whose header is believed
     * @param dataConnections whether passive data connections from a trusted peer start with a header
     *                        too (a balancer that also forwards the passive ports)
     */
    public record ProxyProtocol(Mode mode, List<dev.wharf.server.proxy.AddressRange> trusted, boolean dataConnections) {
        public ProxyProtocol {
            trusted = List.copyOf(trusted);
            if (mode != Mode.OFF && trusted.isEmpty()) {
                throw new IllegalArgumentException("proxy-protocol is " + mode.name().toLowerCase(java.util.Locale.ROOT)
                        + " but proxy-trusted is empty: name the load balancers' addresses");
            }
            if (dataConnections && mode == Mode.OFF) {
                throw new IllegalArgumentException("proxy-protocol-data needs proxy-protocol (optional or required)");
            }
        }

        public enum Mode {
            /** Never read: a header is bad input like any other. */
            OFF,
            /**
             * Connections from a trusted peer must start with a header; others are served as they are,
             * and a header from them is refused (a client must not choose its own address).
             */
            OPTIONAL,
            /** Every connection must come from a trusted peer and start with a header. */
            REQUIRED
        }

        public boolean trusts(InetAddress peer) {
            return dev.wharf.server.proxy.AddressRange.anyContains(trusted, peer);
        }
    }

    /** Port value meaning "this listener is off". */
    public static final int OFF = -1;

    public ServerConfig {
        listenAddresses = List.copyOf(listenAddresses);
        eventListeners = List.copyOf(eventListeners);
        Objects.requireNonNull(storageProvider, "storageProvider");
        if (explicitPort == OFF && implicitPort == OFF) {
            throw new IllegalArgumentException("both listeners are off: enable explicit-port or implicit-port");
        }
        if (passive.portMin() > passive.portMax()) {
            throw new IllegalArgumentException("passive-ports: the first port must not be above the last");
        }
        if (limits.maxLineLength() < 512) {
            throw new IllegalArgumentException("max-line-length must be at least 512 (RFC 959 needs long path names)");
        }
    }

    /**
     * The library's defaults, where each default is written once (the {@code wharf} program shows
     * them in its help). No users and no certificate: a server cannot start on it as it is.
     */
    public static ServerConfig defaults() {
        return builder().build();
    }

    /**
     * This config with the settings a running server can take without a restart taken from
     * {@code next} ({@link dev.wharf.server.WharfServer#reconfigure}): the greeting, the limits
     * (session caps, login-failure policy, line length), the timeouts, the passive address and range,
     * and whether a removed user's sessions are closed. Each is read when it is needed, so it applies
     * from the next connection, command or data connection on. Everything else (listeners, TLS,
     * protection, users, storage, logs, listeners of events) stays as it is: those need a restart.
     */
    public ServerConfig withLiveSettingsOf(ServerConfig next) {
        return new ServerConfig(listenAddresses, explicitPort, implicitPort, authenticator, anonymousHome,
                next.greeting, tls, protection, next.limits, next.timeouts, next.passive, transferLog, loginCacheTtl,
                eventListeners, storageProvider, next.closeSessionsOfRemovedUsers, proxyProtocol, banList);
    }

    public boolean anonymousEnabled() {
        return anonymousHome != null;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private Builder() {
            // through ServerConfig.builder()
        }

        List<InetAddress> listenAddresses = List.of();
        int explicitPort = 21;
        int implicitPort = 990;
        Authenticator authenticator;
        Path anonymousHome;
        Identity identity;
        List<String> tlsProtocols = Tls.DEFAULT_PROTOCOLS;
        List<String> tlsCipherSuites = Tls.DEFAULT_CIPHER_SUITES;
        Tls.ClientAuth tlsClientAuth = Tls.ClientAuth.NONE;
        Duration tlsHandshakeTimeout = Duration.ofSeconds(10);
        boolean requireTlsForLogin = true;
        boolean allowClearData = false;
        boolean allowCcc = false;
        boolean allowAuthSsl = true;
        Duration idleTimeout = Duration.ofMinutes(5);
        Duration loginTimeout = Duration.ofMinutes(1);
        int maxSessions = 1000;
        int maxSessionsPerAddress = 50;
        Duration failedLoginDelay = Duration.ofSeconds(1);
        int maxLoginFailures = 5;
        Duration loginBanDuration = Duration.ofMinutes(15);
        int maxLineLength = 4096;
        Duration shutdownGrace = Duration.ofSeconds(30);
        String greeting = "Wharf FTPS server ready";
        int passivePortMin = 0;
        int passivePortMax = 0;
        InetAddress passiveAddress;
        boolean privateClientsGetLocalAddress = true;
        DataSessionReuse dataSessionReuse = DataSessionReuse.REQUIRED;
        Duration dataTimeout = Duration.ofSeconds(30);
        Path transferLog;
        Duration loginCacheTtl = Duration.ofMinutes(10);
        final List<ServerEvents> eventListeners = new java.util.ArrayList<>();
        StorageProvider storageProvider = StorageProvider.homeFolders();
        boolean closeSessionsOfRemovedUsers = true;
        ProxyProtocol.Mode proxyProtocol = ProxyProtocol.Mode.OFF;
        List<dev.wharf.server.proxy.AddressRange> proxyTrusted = List.of();
        boolean proxyProtocolData = false;
        BanList banList;

        public Builder listenAddresses(List<InetAddress> v) { listenAddresses = v; return this; }
        public Builder explicitPort(int v) { explicitPort = checkPort(v); return this; }
        public Builder implicitPort(int v) { implicitPort = checkPort(v); return this; }
        public Builder authenticator(Authenticator v) { authenticator = v; return this; }
        public Builder anonymousHome(Path v) { anonymousHome = v; return this; }
        public Builder identity(Identity v) { identity = v; return this; }
        public Builder tlsProtocols(List<String> v) { tlsProtocols = v; return this; }
        public Builder tlsCipherSuites(List<String> v) { tlsCipherSuites = v; return this; }
        public Builder tlsClientAuth(Tls.ClientAuth v) { tlsClientAuth = v; return this; }
        public Builder tlsHandshakeTimeout(Duration v) { tlsHandshakeTimeout = socketTimeout(v, "tls-handshake-timeout"); return this; }
        public Builder requireTlsForLogin(boolean v) { requireTlsForLogin = v; return this; }
        public Builder allowClearData(boolean v) { allowClearData = v; return this; }
        public Builder allowCcc(boolean v) { allowCcc = v; return this; }
        public Builder allowAuthSsl(boolean v) { allowAuthSsl = v; return this; }
        public Builder idleTimeout(Duration v) { idleTimeout = positive(v, "idle-timeout"); return this; }
        public Builder loginTimeout(Duration v) { loginTimeout = positive(v, "login-timeout"); return this; }
        public Builder maxSessions(int v) { maxSessions = atLeast(v, 1, "max-sessions"); return this; }
        public Builder maxSessionsPerAddress(int v) { maxSessionsPerAddress = atLeast(v, 1, "max-sessions-per-address"); return this; }
        public Builder failedLoginDelay(Duration v) { failedLoginDelay = v; return this; }
        public Builder maxLoginFailures(int v) { maxLoginFailures = atLeast(v, 0, "max-login-failures"); return this; }
        public Builder loginBanDuration(Duration v) { loginBanDuration = v; return this; }
        public Builder maxLineLength(int v) { maxLineLength = atLeast(v, 512, "max-line-length"); return this; }
        public Builder shutdownGrace(Duration v) { shutdownGrace = v; return this; }
        public Builder greeting(String v) { greeting = v; return this; }
        /** Ports for passive data connections; 0, 0 means any free port. */
        public Builder passivePorts(int min, int max) {
            if (min > max) {
                throw new IllegalArgumentException("the first port must not be above the last");
            }
            passivePortMin = checkPort(min);
            passivePortMax = checkPort(max);
            return this;
        }
        public Builder passiveAddress(InetAddress v) { passiveAddress = v; return this; }
        public Builder privateClientsGetLocalAddress(boolean v) { privateClientsGetLocalAddress = v; return this; }
        public Builder dataSessionReuse(DataSessionReuse v) { dataSessionReuse = v; return this; }
        public Builder dataTimeout(Duration v) { dataTimeout = socketTimeout(v, "data-timeout"); return this; }
        public Builder transferLog(Path v) { transferLog = v; return this; }
        /** How long a successful login is remembered (as a keyed hash) to skip the slow hash; zero: never. */
        public Builder loginCacheTtl(Duration v) { loginCacheTtl = v.isNegative() ? Duration.ZERO : v; return this; }

        /** Adds a listener of the server's events (metrics, audit, hooks); several may be added. */
        public Builder eventListener(ServerEvents v) { eventListeners.add(Objects.requireNonNull(v)); return this; }
        /** Where each user's files live (docs/storage.md); by default their home folder on its file system. */
        public Builder storageProvider(StorageProvider v) { storageProvider = Objects.requireNonNull(v); return this; }

        /**
         * Whether the open sessions of a user who is removed (or disabled) while the server runs are
         * closed at once (the default) or keep going until they end; either way the next login is refused.
         */
        public Builder closeSessionsOfRemovedUsers(boolean v) { closeSessionsOfRemovedUsers = v; return this; }

        /** PROXY protocol on the control listeners (see {@link ProxyProtocol}); off by default. */
        public Builder proxyProtocol(ProxyProtocol.Mode v) { proxyProtocol = Objects.requireNonNull(v); return this; }
        /** The load balancers whose PROXY header is believed. */
        public Builder proxyTrusted(List<dev.wharf.server.proxy.AddressRange> v) { proxyTrusted = List.copyOf(v); return this; }
        /** Whether passive data connections from a trusted balancer start with a PROXY header too. */
        public Builder proxyProtocolData(boolean v) { proxyProtocolData = v; return this; }

        /**
         * Where failed logins are counted and bans kept: by default (null) in this server's memory; a
         * shared one (wharf-sql's SqlBanList) makes servers on the same database ban together. The
         * server applies its own maxLoginFailures and loginBanDuration to it.
         */
        public Builder banList(BanList v) { banList = v; return this; }

        public ServerConfig build() {
            return new ServerConfig(listenAddresses, explicitPort, implicitPort, authenticator, anonymousHome, greeting,
                    new TlsSettings(identity, tlsProtocols, tlsCipherSuites, tlsClientAuth, tlsHandshakeTimeout),
                    new Protection(requireTlsForLogin, allowClearData, allowCcc, allowAuthSsl, dataSessionReuse),
                    new Limits(maxSessions, maxSessionsPerAddress, maxLoginFailures, loginBanDuration, failedLoginDelay,
                            maxLineLength),
                    new Timeouts(idleTimeout, loginTimeout, dataTimeout, shutdownGrace),
                    new Passive(passivePortMin, passivePortMax, passiveAddress, privateClientsGetLocalAddress),
                    transferLog, loginCacheTtl, List.copyOf(eventListeners), storageProvider, closeSessionsOfRemovedUsers,
                    new ProxyProtocol(proxyProtocol, proxyTrusted, proxyProtocolData), banList);
        }

        private static int checkPort(int v) {
            if (v != OFF && (v < 0 || v > 65535)) {
                throw new IllegalArgumentException("port must be 0-65535 (0 = any free port) or off");
            }
            return v;
        }

        private static Duration positive(Duration d, String name) {
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return d;
        }

        /** Used as Socket.setSoTimeout(int) milliseconds: more than about 24.8 days would wrap negative. */
        private static Duration socketTimeout(Duration d, String name) {
            positive(d, name);
            if (d.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
                throw new IllegalArgumentException(name + " must be at most 24 days");
            }
            return d;
        }

        private static int atLeast(int v, int min, String name) {
            if (v < min) {
                throw new IllegalArgumentException(name + " must be at least " + min);
            }
            return v;
        }
    }
}
