package dev.wharf.client;

import dev.wharf.protocol.tls.Identity;
import dev.wharf.protocol.tls.Tls;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An FTPS client for one server: immutable settings, and {@link #connect()} to open a session.
 * Thread-safe; each session is for one thread at a time, and several sessions may run in parallel.
 *
 * <pre>{@code
 * FtpsClient client = FtpsClient.builder()
 *         .host("ftp.example.com")
 *         .credentials("alice", "secret")
 *         .build();
 * try (FtpsSession session = client.connect()) {
 *     for (RemoteFile f : session.list("/pub")) { ... }
 *     session.download("/pub/data.bin", Path.of("data.bin"));
 * }
 * }</pre>
 *
 * <p>Explicit FTPS (the default) sends {@code AUTH TLS}, logs in, then {@code PBSZ 0} and
 * {@code PROT P}. Implicit FTPS (MS-FTPS 3.1.5.1) does the TLS handshake first and sends neither
 * PBSZ nor PROT: the session starts as if both had been accepted. Some servers (vsftpd) still
 * expect them on implicit sessions; {@link Builder#sendPbszProtOnImplicit(boolean)} sends them.
 */
public final class FtpsClient {
    private final String host;
    private final int port;
    private final TlsMode mode;
    private final String user;
    private final String password;
    private final String authMechanism;
    private final DataProtection dataProtection;
    private final boolean sendPbszProtOnImplicit;
    private final TrustPolicy trust;
    private final Identity clientIdentity;
    private final List<String> tlsProtocols;
    private final List<String> tlsCipherSuites;
    private final Duration connectTimeout;
    private final Duration replyTimeout;
    private final Duration dataTimeout;
    private final Duration keepAliveInterval;
    private final boolean activeMode;
    private final boolean epsv;
    private final InetAddress activeAddress;
    private final boolean verifyHash;

    private FtpsClient(Builder b) {
        this.host = Objects.requireNonNull(b.host, "host");
        this.mode = b.mode;
        this.port = b.port > 0 ? b.port : (b.mode == TlsMode.IMPLICIT ? 990 : 21);
        this.user = b.user;
        this.password = b.password;
        this.authMechanism = b.authMechanism;
        this.dataProtection = b.dataProtection;
        this.sendPbszProtOnImplicit = b.sendPbszProtOnImplicit;
        this.trust = b.trust;
        this.clientIdentity = b.clientIdentity;
        this.tlsProtocols = List.copyOf(b.tlsProtocols);
        this.tlsCipherSuites = List.copyOf(b.tlsCipherSuites);
        this.connectTimeout = b.connectTimeout;
        this.replyTimeout = b.replyTimeout;
        this.dataTimeout = b.dataTimeout;
        this.keepAliveInterval = b.keepAliveInterval;
        this.activeMode = b.activeMode;
        this.epsv = b.epsv;
        this.activeAddress = b.activeAddress;
        this.verifyHash = b.verifyHash;
        // Fail now, not at the first connection, on protocol or suite names this JDK lacks.
        newTls();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Connects, secures the control connection, logs in and sets up data protection. Throws a
     * {@link FtpsException} saying what failed: connection, TLS (including an untrusted
     * certificate) or login.
     */
    public FtpsSession connect() throws IOException {
        ControlConnection control = ControlConnection.open(host, port, connectTimeout, replyTimeout);
        var session = new FtpsSession(this, control);
        try {
            session.open();
            session.login();
            return session;
        } catch (IOException | RuntimeException e) {
            session.closeQuietly();
            throw e;
        }
    }

    /**
     * Runs {@code tasks} on {@code connections} sessions at once (each with its own control connection,
     * opened here and closed at the end), for example many transfers. The first failure is thrown
     * once the others have finished their current task.
     */
    public void runInParallel(int connections, java.util.List<SessionTask> tasks) throws IOException {
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be at least 1");
        }
        ParallelSessions.run(this, null, connections, tasks);
    }

    /**
     * A new TLS layer with its own SSLContext, and so its own session cache: one per control TLS
     * session, so that data connections can only resume this session and never one of another
     * connection to the same server (which ProFTPD would refuse).
     */
    Tls newTls() {
        return ClientTls.create(trust.trustManager(host, port), clientIdentity, tlsProtocols, tlsCipherSuites,
                connectTimeout);
    }

    public String host() { return host; }
    public int port() { return port; }
    public TlsMode mode() { return mode; }
    public String user() { return user; }
    String password() { return password; }
    public String authMechanism() { return authMechanism; }
    public DataProtection dataProtection() { return dataProtection; }
    public boolean sendPbszProtOnImplicit() { return sendPbszProtOnImplicit; }
    public Duration replyTimeout() { return replyTimeout; }
    public Duration dataTimeout() { return dataTimeout; }
    public Duration connectTimeout() { return connectTimeout; }
    public Duration keepAliveInterval() { return keepAliveInterval; }
    public boolean activeMode() { return activeMode; }
    public boolean epsv() { return epsv; }
    public InetAddress activeAddress() { return activeAddress; }
    public boolean verifyHash() { return verifyHash; }

    static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
    }

    public static final class Builder {
        private String host;
        private int port;
        private TlsMode mode = TlsMode.EXPLICIT;
        private String user = "anonymous";
        private String password = "anonymous@";
        private String authMechanism = "TLS";
        private DataProtection dataProtection = DataProtection.PRIVATE;
        private boolean sendPbszProtOnImplicit;
        private TrustPolicy trust = TrustPolicy.system();
        private Identity clientIdentity;
        private List<String> tlsProtocols = Tls.DEFAULT_PROTOCOLS;
        private List<String> tlsCipherSuites = Tls.DEFAULT_CIPHER_SUITES;
        private Duration connectTimeout = Duration.ofSeconds(30);
        private Duration replyTimeout = Duration.ofSeconds(60);
        private Duration dataTimeout = Duration.ofSeconds(60);
        private Duration keepAliveInterval = Duration.ofSeconds(60);
        private boolean activeMode;
        private boolean epsv = true;
        private InetAddress activeAddress;
        private boolean verifyHash = true;

        private Builder() {}

        /** The server's host name or address. Certificates are checked against exactly this name. */
        public Builder host(String v) { host = Objects.requireNonNull(v); return this; }

        /** The control port; default 21 (explicit) or 990 (implicit, MS-FTPS 1.9). */
        public Builder port(int v) {
            if (v < 1 || v > 65535) {
                throw new IllegalArgumentException("port must be 1-65535");
            }
            port = v;
            return this;
        }

        public Builder mode(TlsMode v) { mode = Objects.requireNonNull(v); return this; }

        /** User name and password; default anonymous. */
        public Builder credentials(String user, String password) {
            this.user = Objects.requireNonNull(user);
            this.password = Objects.requireNonNull(password);
            return this;
        }

        /**
         * The AUTH mechanism for explicit FTPS: {@code TLS} (RFC 4217, default) or {@code SSL}
         * (MS-FTPS 3.1.5.4, for legacy servers; the server treats both alike).
         */
        public Builder authMechanism(String v) {
            String m = v.strip().toUpperCase(Locale.ROOT);
            if (!m.equals("TLS") && !m.equals("SSL")) {
                throw new IllegalArgumentException("AUTH mechanism must be TLS or SSL");
            }
            authMechanism = m;
            return this;
        }

        /** PROT P (default) or PROT C for data connections. */
        public Builder dataProtection(DataProtection v) { dataProtection = Objects.requireNonNull(v); return this; }

        /**
         * Implicit FTPS only: send {@code PBSZ 0} and {@code PROT P} after login anyway. MS-FTPS
         * 3.1.5.1 says a client MUST NOT, and Wharf and IIS need neither; but vsftpd treats an implicit
         * session like an explicit one and refuses protected transfers until it gets them ("522
         * Data connections must be encrypted" or a clear data connection). Off by default.
         */
        public Builder sendPbszProtOnImplicit(boolean v) { sendPbszProtOnImplicit = v; return this; }

        /** How the server's certificate is checked; default {@link TrustPolicy#system()}. */
        public Builder trust(TrustPolicy v) { trust = Objects.requireNonNull(v); return this; }

        /** A client certificate and key, for servers that ask for one (RFC 4217 15.1.2). */
        public Builder clientIdentity(Identity v) { clientIdentity = v; return this; }

        /** TLS versions, default TLS 1.3 and 1.2. */
        public Builder tlsProtocols(List<String> v) { tlsProtocols = List.copyOf(v); return this; }

        public Builder tlsCipherSuites(List<String> v) { tlsCipherSuites = List.copyOf(v); return this; }

        /** For the TCP connection and each TLS handshake; default 30 s. */
        public Builder connectTimeout(Duration v) { connectTimeout = positive(v, "connect timeout"); return this; }

        /** How long to wait for each reply on the control connection; default 60 s. */
        public Builder replyTimeout(Duration v) { replyTimeout = positive(v, "reply timeout"); return this; }

        /** How long a data connection may stay silent, and how long to wait for an active one; default 60 s. */
        public Builder dataTimeout(Duration v) { dataTimeout = positive(v, "data timeout"); return this; }

        /**
         * During long transfers, send NOOP on the otherwise idle control connection this often, so
         * that NAT devices and firewalls do not drop it; {@link Duration#ZERO} turns it off. Default 60 s.
         */
        public Builder keepAliveInterval(Duration v) {
            if (v.isNegative()) {
                throw new IllegalArgumentException("keep-alive interval must not be negative");
            }
            keepAliveInterval = v;
            return this;
        }

        /** Passive data connections, the default: EPSV first, PASV when the server lacks EPSV (RFC 2428). */
        public Builder passive() { activeMode = false; activeAddress = null; epsv = true; return this; }

        /**
         * Passive data connections with PASV only, never EPSV: for servers behind NAT devices that
         * rewrite 227 but mishandle 229 (curl's --disable-epsv, lftp's ftp:prefer-epsv off).
         */
        public Builder passiveWithPasvOnly() { passive(); epsv = false; return this; }

        /**
         * Active data connections: the server connects to {@code address} (EPRT, or PORT when the
         * server lacks EPRT); null means the local address of the control connection.
         */
        public Builder active(InetAddress address) { activeMode = true; activeAddress = address; return this; }

        /** After each full transfer, compare the server's HASH with the local checksum when offered. Default on. */
        public Builder verifyHash(boolean v) { verifyHash = v; return this; }

        public FtpsClient build() {
            return new FtpsClient(this);
        }

        private static Duration positive(Duration d, String what) {
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(what + " must be positive");
            }
            return d;
        }
    }
}
