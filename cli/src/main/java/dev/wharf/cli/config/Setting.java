package dev.wharf.cli.config;

import dev.wharf.server.config.ServerConfig;

import dev.wharf.protocol.Durations;
import dev.wharf.protocol.IpLiterals;
import dev.wharf.protocol.tls.Tls;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Every server setting, with its name, its default and what it does: the single list behind the
 * config file, the command-line options and {@code wharf serve --help}.
 *
 * <p>Settings that only a deployment needs (where the users file and the certificate are) have no
 * builder step; {@link Deployment} reads them.
 */
@SuppressWarnings("ImmutableEnumChecker") // the appliers are stateless lambdas over the builder they are given
public enum Setting {
    ADMIN_ADDRESS("admin-address", "off", "Address and port of the admin API (JSON over plain HTTP; 'wharf admin' calls it), like 127.0.0.1:9465 or [::1]:9465; a port alone listens on 127.0.0.1; 'off' disables it. Keep it on loopback, or behind a firewall or a TLS proxy.", null),
    ADMIN_TOKEN_FILE("admin-token-file", "<state-dir>/admin-token", "File holding the admin API's bearer token; if it does not exist, a random token is written there (readable by its owner only) on start. The token is never printed.", null),
    LISTEN_ADDRESSES("listen-addresses", c -> c.listenAddresses(), "Addresses to listen on, comma-separated IPv4 or IPv6 literals; empty means every address (IPv4 and IPv6).",
            (b, v) -> b.listenAddresses(addresses(v))),
    EXPLICIT_PORT("explicit-port", c -> c.explicitPort(), "Port of the explicit FTPS listener (plain TCP, then AUTH TLS, RFC 4217); 'off' disables it, 0 picks a free port.",
            (b, v) -> b.explicitPort(port(v))),
    IMPLICIT_PORT("implicit-port", c -> c.implicitPort(), "Port of the implicit FTPS listener (TLS from the first byte, MS-FTPS 2.1); 'off' disables it, 0 picks a free port.",
            (b, v) -> b.implicitPort(port(v))),
    STATE_DIR("state-dir", "wharf-home", "Folder for what the server generates on first start: the self-signed certificate, the users file and the first user's files.", null),
    USERS_FILE("users-file", "<state-dir>/users", "Users file (name:hash:rw|ro:home per line); manage it with 'wharf user'. If it does not exist, a first user is created and its password printed once.", null),
    USERS_DATABASE("users-database", "", "Users, failed logins and bans in a database instead of the users file: a JDBC URL (jdbc:postgresql://host:5432/wharf), or 'embedded' for an H2 file in the state folder (one process at a time: while the server runs, edit its users through the admin API). Servers on one database share users and bans. Manage it with 'wharf user --database'. Empty: the users file.", null),
    USERS_DATABASE_USER("users-database-user", "", "Database user of users-database; empty: the one in the URL, or none.", null),
    USERS_DATABASE_PASSWORD_FILE("users-database-password-file", "", "File whose first line is the password of users-database-user; or set the environment variable WHARF_DATABASE_PASSWORD. Empty: no password.", null),
    FILES_DIR("files-dir", "<state-dir>/files", "Home folder given to the first user created on first start.", null),
    ANONYMOUS_HOME("anonymous-home", c -> c.anonymousHome(), "Folder served read-only to 'anonymous'/'ftp' logins; empty means anonymous login is off.",
            (b, v) -> b.anonymousHome(v.isBlank() ? null : Path.of(v))),
    TLS_CERTIFICATE("tls-certificate", "", "PEM file with the certificate chain, leaf first; read again when it changes or on SIGHUP. Empty with no keystore: a self-signed certificate is generated in the state folder.", null),
    TLS_KEY("tls-key", "<tls-certificate>", "PEM file with the unencrypted PKCS#8 or PKCS#1 private key.", null),
    TLS_KEYSTORE("tls-keystore", "", "PKCS#12 keystore with the key and certificate chain (instead of PEM files).", null),
    TLS_KEYSTORE_PASSWORD("tls-keystore-password", "", "Password of the PKCS#12 keystore; or set the environment variable WHARF_KEYSTORE_PASSWORD.", null),
    TLS_PROTOCOLS("tls-protocols", c -> c.tls().protocols(), "TLS versions offered, comma-separated.",
            (b, v) -> b.tlsProtocols(list(v))),
    TLS_CIPHER_SUITES("tls-cipher-suites", c -> c.tls().cipherSuites(), "Cipher suites offered, in order of preference, comma-separated (JSSE names).",
            (b, v) -> b.tlsCipherSuites(list(v))),
    TLS_CLIENT_AUTH("tls-client-auth", c -> c.tls().clientAuth(), "Ask clients for a certificate: none, want or need.",
            (b, v) -> b.tlsClientAuth(choice(v, Tls.ClientAuth.class))),
    TLS_HANDSHAKE_TIMEOUT("tls-handshake-timeout", c -> c.tls().handshakeTimeout(), "How long a TLS handshake may take before the connection is closed.",
            (b, v) -> b.tlsHandshakeTimeout(duration(v))),
    REQUIRE_TLS_FOR_LOGIN("require-tls-for-login", c -> c.protection().requireTlsForLogin(), "Refuse USER/PASS until the control connection is protected by TLS (AUTH TLS or implicit FTPS).",
            (b, v) -> b.requireTlsForLogin(bool(v))),
    ALLOW_CLEAR_DATA("allow-clear-data", c -> c.protection().allowClearData(), "Accept PROT C (unprotected data connections). Off: PROT C is refused with 534.",
            (b, v) -> b.allowClearData(bool(v))),
    ALLOW_CCC("allow-ccc", c -> c.protection().allowCcc(), "Accept CCC (clear the control connection after login, RFC 4217 6). Never on implicit sessions (MS-FTPS 3.2.5.2).",
            (b, v) -> b.allowCcc(bool(v))),
    ALLOW_AUTH_SSL("allow-auth-ssl", c -> c.protection().allowAuthSsl(), "Accept AUTH SSL as a synonym of AUTH TLS and advertise it in FEAT (MS-FTPS 2.2.1).",
            (b, v) -> b.allowAuthSsl(bool(v))),
    IDLE_TIMEOUT("idle-timeout", c -> c.timeouts().idle(), "Close a session (421) after this long without a command.",
            (b, v) -> b.idleTimeout(duration(v))),
    LOGIN_TIMEOUT("login-timeout", c -> c.timeouts().login(), "Close a session (421) that has not logged in this long after connecting.",
            (b, v) -> b.loginTimeout(duration(v))),
    MAX_SESSIONS("max-sessions", c -> c.limits().maxSessions(), "Most sessions at once; further connections get 421.",
            (b, v) -> b.maxSessions(integer(v))),
    MAX_SESSIONS_PER_ADDRESS("max-sessions-per-address", c -> c.limits().maxSessionsPerAddress(), "Most sessions at once from one client address; further connections get 421.",
            (b, v) -> b.maxSessionsPerAddress(integer(v))),
    FAILED_LOGIN_DELAY("failed-login-delay", c -> c.limits().failedLoginDelay(), "Pause before answering a wrong password, to slow down guessing.",
            (b, v) -> b.failedLoginDelay(duration(v))),
    MAX_LOGIN_FAILURES("max-login-failures", c -> c.limits().maxLoginFailures(), "Wrong passwords from one address within 10 minutes before it is banned; 0 never bans.",
            (b, v) -> b.maxLoginFailures(integer(v))),
    LOGIN_BAN_DURATION("login-ban-duration", c -> c.limits().loginBanDuration(), "How long a banned address is refused (421).",
            (b, v) -> b.loginBanDuration(duration(v))),
    MAX_LINE_LENGTH("max-line-length", c -> c.limits().maxLineLength(), "Longest command line in bytes; longer lines get 500 and the session goes on.",
            (b, v) -> b.maxLineLength(integer(v))),
    SHUTDOWN_GRACE("shutdown-grace", c -> c.timeouts().shutdownGrace(), "On stop, how long running transfers may take to finish before their sessions are closed.",
            (b, v) -> b.shutdownGrace(duration(v))),
    GREETING("greeting", c -> c.greeting(), "Text of the 220 greeting.",
            (b, v) -> b.greeting(v)),
    PASSIVE_PORTS("passive-ports", c -> c.passive().portMin() == 0 ? "" : c.passive().portMin() + "-" + c.passive().portMax(), "Port range for passive data connections, like 50000-50999; empty means any free port. Open it in your firewall.",
            (b, v) -> {
                if (v.isBlank()) {
                    b.passivePorts(0, 0);
                    return;
                }
                var m = java.util.regex.Pattern.compile("(\\d+)\\s*-\\s*(\\d+)").matcher(v.strip());
                if (!m.matches()) {
                    throw new IllegalArgumentException("expected a range like 50000-50999");
                }
                b.passivePorts(port(m.group(1)), port(m.group(2)));
            }),
    PASSIVE_ADDRESS("passive-address", c -> c.passive().address(), "IPv4 address announced in PASV replies, for a server behind NAT; empty means the address the client connected to.",
            (b, v) -> {
                if (v.isBlank()) {
                    b.passiveAddress(null);
                    return;
                }
                List<InetAddress> a = addresses(v);
                if (a.size() != 1 || !(a.get(0) instanceof java.net.Inet4Address)) {
                    throw new IllegalArgumentException("expected one IPv4 address (PASV cannot announce IPv6), not '" + v + "'");
                }
                b.passiveAddress(a.get(0));
            }),
    PRIVATE_CLIENTS_GET_LOCAL_ADDRESS("private-clients-get-local-address", c -> c.passive().privateClientsGetLocalAddress(), "With passive-address set: clients from private, loopback and link-local addresses are told the real local address instead, as they are on this side of the NAT.",
            (b, v) -> b.privateClientsGetLocalAddress(bool(v))),
    DATA_TLS_SESSION_REUSE("data-tls-session-reuse", c -> c.protection().dataSessionReuse(), "Whether TLS data connections must resume a TLS session this server issued, so a stolen data port gets nothing: off, log (check and log only), required (a session of a connection of the same user from the same address; pooled clients such as rclone need this) or required-same-connection (the session of the data connection's own control connection).",
            (b, v) -> b.dataSessionReuse(choice(v, ServerConfig.DataSessionReuse.class))),
    DATA_TIMEOUT("data-timeout", c -> c.timeouts().data(), "How long to wait for a data connection to be made, and for data to flow, before the transfer fails.",
            (b, v) -> b.dataTimeout(duration(v))),
    UPLOAD_SYNC("upload-sync", "on-close", "When an upload to the local disk is flushed to the disk: on-close (before its 226, so a power cut after the 226 loses nothing) or off (the 226 follows the last write into the page cache, as vsftpd, ProFTPD and Pure-FTPd answer: faster, not power-cut safe). Either way an upload is written to a temporary file and renamed only at its end.",
            (b, v) -> b.storageProvider(dev.wharf.server.storage.StorageProvider.homeFolders(
                    choice(v, dev.wharf.server.storage.UploadSync.class)))),
    LOGIN_CACHE_TTL("login-cache-ttl", c -> c.loginCacheTtl(), "How long a successful login is remembered (as an in-memory keyed hash, never the password) so repeated logins skip the slow password hash; 0 turns it off. Wrong passwords always take the slow path.",
            (b, v) -> b.loginCacheTtl(duration(v))),
    STORAGE("storage", "local", "Where users' files live: local (each user's home folder) or s3 (objects in s3-bucket under s3-prefix<user>/, uploads published only when complete; see docs/storage.md).", null),
    S3_ENDPOINT("s3-endpoint", "", "With storage = s3: URL of an S3-compatible service, like http://127.0.0.1:9000; empty means AWS itself. Keys come from the AWS SDK's usual sources: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, ~/.aws, a container or instance role.", null),
    S3_REGION("s3-region", "us-east-1", "With storage = s3: the region requests are signed for; most S3-compatible services take any.", null),
    S3_BUCKET("s3-bucket", "", "With storage = s3: the bucket that holds every user's files (it must exist).", null),
    S3_PREFIX("s3-prefix", "", "With storage = s3: what every key starts with, like ftp/; user alice's files are then under ftp/alice/.", null),
    S3_PATH_STYLE("s3-path-style", "no", "With storage = s3: address the bucket in the path (http://host/bucket/key), as most self-hosted services need, instead of in the host name.", null),
    S3_FOLDER_RENAME_MAX_OBJECTS("s3-folder-rename-max-objects", "0", "With storage = s3: 0 refuses to rename folders (S3 has no folders to rename); n renames a folder of at most n objects by copying each, then deleting each, which is not atomic.", null),
    CLOSE_SESSIONS_OF_REMOVED_USERS("close-sessions-of-removed-users", c -> c.closeSessionsOfRemovedUsers(), "When a user is removed or disabled while the server runs, close the user's open sessions at once; 'no' lets them run until they end (the next login is refused either way).",
            (b, v) -> b.closeSessionsOfRemovedUsers(bool(v))),
    PROXY_PROTOCOL("proxy-protocol", c -> c.proxyProtocol().mode(), "PROXY protocol (v1 and v2, HAProxy's send-proxy and send-proxy-v2) on both FTP listeners, for a server behind a TCP load balancer: off; optional (connections from proxy-trusted must start with a header, others are served directly); required (every connection must come from proxy-trusted with a header). The header's client address is then used for bans, caps, logs and data-connection checks.",
            (b, v) -> b.proxyProtocol(choice(v, ServerConfig.ProxyProtocol.Mode.class))),
    PROXY_TRUSTED("proxy-trusted", c -> c.proxyProtocol().trusted(), "The load balancers whose PROXY header is believed: comma-separated IP addresses or CIDR blocks, like 10.0.0.0/24,192.0.2.7. A header from any other peer is refused and the connection closed.",
            (b, v) -> b.proxyTrusted(dev.wharf.server.proxy.AddressRange.parseList(v))),
    PROXY_PROTOCOL_DATA("proxy-protocol-data", c -> c.proxyProtocol().dataConnections(), "Whether passive data connections from proxy-trusted start with a PROXY header too (a balancer that also forwards the passive ports); the data-connection address check then compares the header's address.",
            (b, v) -> b.proxyProtocolData(bool(v))),
    USERS_LDAP_URL("users-ldap-url", "", "LDAP directory that checks logins instead of the users file: ldaps://host:636, or ldap://host:389 with users-ldap-start-tls. Each login binds as the user (users-ldap-bind-dn, or the entry users-ldap-search-base finds); the entry gives the home and the rights. Empty: the users file.", null),
    USERS_LDAP_START_TLS("users-ldap-start-tls", "no", "On an ldap:// URL, StartTLS before any bind, so that no password crosses the network in clear.", null),
    USERS_LDAP_BIND_DN("users-ldap-bind-dn", "", "Bind as the user directly with this DN, {0} standing for the (escaped) user name: uid={0},ou=people,dc=example,dc=org. Or leave it empty and search.", null),
    USERS_LDAP_SEARCH_BASE("users-ldap-search-base", "", "Search then bind: where the service account searches for the user's entry, like ou=people,dc=example,dc=org; exactly one entry must match.", null),
    USERS_LDAP_SEARCH_FILTER("users-ldap-search-filter", "(uid={0})", "The search filter, {0} standing for the (escaped) user name.", null),
    USERS_LDAP_SERVICE_DN("users-ldap-service-dn", "", "DN of the service account that searches.", null),
    USERS_LDAP_SERVICE_PASSWORD("users-ldap-service-password", "", "Password of the service account; or set the environment variable WHARF_LDAP_SERVICE_PASSWORD.", null),
    USERS_LDAP_HOME_ATTRIBUTE("users-ldap-home-attribute", "homeDirectory", "Attribute of the entry with the user's home folder, absolute or relative to users-ldap-home-root; empty: a folder named after the user under users-ldap-home-root.", null),
    USERS_LDAP_HOME_ROOT("users-ldap-home-root", "<files-dir>", "Folder that relative homes resolve under and that every home must be inside; a login whose home is elsewhere is refused.", null),
    USERS_LDAP_RIGHTS_ATTRIBUTE("users-ldap-rights-attribute", "", "Attribute of the entry that gives the rights: the value users-ldap-rw-value means read-write, users-ldap-ro-value read-only (with memberOf, the values are group DNs). Empty: everyone gets users-ldap-default-rights.", null),
    USERS_LDAP_RW_VALUE("users-ldap-rw-value", "rw", "The value of users-ldap-rights-attribute that makes a user read-write.", null),
    USERS_LDAP_RO_VALUE("users-ldap-ro-value", "ro", "The value of users-ldap-rights-attribute that makes a user read-only.", null),
    USERS_LDAP_DEFAULT_RIGHTS("users-ldap-default-rights", "none", "Rights of a user whose entry has neither value: none (the login is refused), ro or rw.", null),
    USERS_LDAP_CA("users-ldap-ca", "", "PEM file with the CA certificates (or the directory's own certificate) that TLS to the directory trusts; empty: the JDK's trust store. The host name is checked either way.", null),
    USERS_LDAP_CONNECT_TIMEOUT("users-ldap-connect-timeout", "5s", "How long to wait for a connection to the directory; a login it fails is refused (try again later).", null),
    USERS_LDAP_READ_TIMEOUT("users-ldap-read-timeout", "10s", "How long to wait for each answer of the directory.", null),
    TRANSFER_LOG("transfer-log", "<state-dir>/xferlog", "Transfer log in the xferlog format of vsftpd and ProFTPD; 'off' disables it.", null),
    METRICS_ADDRESS("metrics-address", "off", "Address and port of the HTTP listener for Prometheus metrics (/metrics) and health checks (/health/live, /health/ready), like 127.0.0.1:9464; 'off' disables it. Never on the FTP ports.", null),
    AUDIT_LOG("audit-log", "off", "JSON audit log, one object per line for every session, TLS handshake, login, command, transfer and file change (never a password): a file to append to, '-' for standard output, or 'off'.", null),
    NODE_NAME("node-name", "<host name>", "This server's name in the audit log (its 'node' field), to tell the servers of a cluster apart.", null);

    /**
     * The settings a running server takes on SIGHUP (ServerConfig.withLiveSettingsOf); a change to
     * any other is reported as needing a restart.
     */
    private static final java.util.Set<Setting> LIVE = java.util.EnumSet.of(GREETING,
            IDLE_TIMEOUT, LOGIN_TIMEOUT, DATA_TIMEOUT, SHUTDOWN_GRACE,
            MAX_SESSIONS, MAX_SESSIONS_PER_ADDRESS, FAILED_LOGIN_DELAY, MAX_LOGIN_FAILURES, LOGIN_BAN_DURATION,
            MAX_LINE_LENGTH, PASSIVE_PORTS, PASSIVE_ADDRESS, PRIVATE_CLIENTS_GET_LOCAL_ADDRESS,
            CLOSE_SESSIONS_OF_REMOVED_USERS);

    private final String key;
    private final String defaultValue;
    private final String description;
    private final BiConsumer<ServerConfig.Builder, String> applier;

    /** A setting only the deployment knows (where files are): its default is written here. */
    Setting(String key, String defaultValue, String description, BiConsumer<ServerConfig.Builder, String> applier) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
        this.applier = applier;
    }

    /**
     * A setting of the server library: its default is the library's, shown in the words of the
     * config file, so that it is written once ({@link ServerConfig#defaults()}).
     */
    Setting(String key, Function<ServerConfig, Object> libraryDefault, String description,
            BiConsumer<ServerConfig.Builder, String> applier) {
        this(key, text(libraryDefault.apply(ServerConfig.defaults())), description, applier);
    }

    /** A value as the config file writes it. */
    static String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Boolean b) {
            return b ? "yes" : "no";
        }
        if (v instanceof Duration d) {
            return duration(d);
        }
        if (v instanceof InetAddress a) {
            return a.getHostAddress();
        }
        if (v instanceof List<?> l) {
            return String.join(",", l.stream().map(Setting::text).toList());
        }
        if (v instanceof Enum<?> e) {
            return choiceName(e);
        }
        return v.toString();
    }

    /** 5m, 30s, 500ms: the largest unit that divides the duration. */
    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0 && ms > 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    public String key() { return key; }
    /** Whether a running server takes a new value on SIGHUP; otherwise it needs a restart. */
    public boolean live() { return LIVE.contains(this); }
    public String defaultValue() { return defaultValue; }
    public String description() { return description; }

    /** Applies a value to the builder; throws {@link IllegalArgumentException} saying what is wrong. */
    public void apply(ServerConfig.Builder builder, String value) {
        if (applier != null) {
            applier.accept(builder, value.strip());
        }
    }

    public static Optional<Setting> byKey(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equalsIgnoreCase(key.strip())).findFirst();
    }

    // ---- value parsers, shared by the config file and the command line ----

    public static boolean bool(String v) {
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "yes", "true", "on", "1" -> true;
            case "no", "false", "off", "0" -> false;
            default -> throw new IllegalArgumentException("expected yes or no, not '" + v + "'");
        };
    }

    public static int port(String v) {
        if (v.strip().equalsIgnoreCase("off")) {
            return ServerConfig.OFF;
        }
        int p = integer(v);
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException("expected a port 0-65535 or 'off', not '" + v + "'");
        }
        return p;
    }

    public static int integer(String v) {
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number, not '" + v + "'");
        }
    }

    /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}; a bare number is seconds. */
    public static Duration duration(String v) {
        return Durations.parse(v); // the grammar of the client commands' timeouts too
    }

    public static List<String> list(String v) {
        var out = new ArrayList<String>();
        for (String s : v.split(",")) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    /** REQUIRED_SAME_CONNECTION is written required-same-connection, as every other key and value. */
    private static String choiceName(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static <E extends Enum<E>> E choice(String v, Class<E> type) {
        for (E e : type.getEnumConstants()) {
            if (choiceName(e).equalsIgnoreCase(v.strip())) {
                return e;
            }
        }
        throw new IllegalArgumentException("expected one of " + Arrays.stream(type.getEnumConstants())
                .map(Setting::choiceName).toList());
    }

    /**
     * {@code 127.0.0.1:9464} or {@code [::1]:9464}, or empty for 'off': an IP literal, never a
     * host name (no DNS lookup), and a port.
     */
    public static Optional<InetSocketAddress> socketAddress(String v) {
        String s = v.strip();
        if (s.isEmpty() || s.equalsIgnoreCase("off")) {
            return Optional.empty();
        }
        int colon = s.lastIndexOf(':');
        String host = colon > 0 ? s.substring(0, colon) : "";
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("write an IPv6 address in brackets, like [::1]:9464, not '" + v + "'");
        }
        String h = host;
        InetAddress address = IpLiterals.parse(h).orElseThrow(() -> new IllegalArgumentException(
                "expected an IP address and a port, like 127.0.0.1:9464, or 'off', not '" + v + "'"));
        int port = port(s.substring(colon + 1));
        if (port == ServerConfig.OFF) {
            throw new IllegalArgumentException("expected a port number after the address, not '" + v + "'");
        }
        return Optional.of(new InetSocketAddress(address, port));
    }

    static List<InetAddress> addresses(String v) {
        var out = new ArrayList<InetAddress>();
        for (String s : list(v)) {
            // Never a DNS lookup: host names are refused (IpLiterals).
            out.add(IpLiterals.parse(s).orElseThrow(
                    () -> new IllegalArgumentException("'" + s + "' is not an IP address literal")));
        }
        return out;
    }
}
