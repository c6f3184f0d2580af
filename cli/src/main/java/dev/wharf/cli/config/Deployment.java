package dev.wharf.cli.config;

import dev.wharf.audit.JsonAuditLog;
import dev.wharf.ldap.LdapSettings;
import dev.wharf.ldap.LdapUsers;
import dev.wharf.metrics.WharfMetrics;
import dev.wharf.protocol.tls.Identity;
import dev.wharf.s3.S3Settings;
import dev.wharf.s3.S3StorageProvider;
import dev.wharf.server.CertificateReloader;
import dev.wharf.server.WharfServer;
import dev.wharf.server.config.ServerConfig;
import dev.wharf.server.auth.PasswordHash;
import dev.wharf.server.auth.Permission;
import dev.wharf.server.auth.UserAdmin;
import dev.wharf.server.auth.UsersFile;
import dev.wharf.server.auth.UsersFileAdmin;
import dev.wharf.server.auth.WatchedUsersFile;
import dev.wharf.sql.SqlBanList;
import dev.wharf.sql.SqlDatabase;
import dev.wharf.sql.SqlUsers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns settings (from the config file and the command line) into a runnable {@link ServerConfig},
 * creating what a first start needs: the state folder, a self-signed certificate and a first user.
 */
public final class Deployment {
    public static final String FIRST_USER = "wharf";
    private static final char[] GENERATED_KEYSTORE_PASSWORD = "wharf-generated".toCharArray();

    /**
     * The config, plus what the person starting the server must be told once, and where the
     * certificate comes from: the files it was read from and how to read them again. The users
     * file is null when an LDAP directory (users-ldap-url) replaces it; with {@code users-database}
     * set, {@code usersDatabase} holds the users and bans (and {@code usersFile} is not read).
     */
    public record Prepared(ServerConfig config, Path usersFile, String certificateFingerprint,
                           String certificateSource, List<String> notices,
                           List<Path> certificateFiles, CertificateReloader.Loader certificateLoader,
                           Optional<MetricsEndpoint> metrics, JsonAuditLog auditLog, SqlDatabase usersDatabase) {
        public Prepared {
            notices = List.copyOf(notices);
            certificateFiles = List.copyOf(certificateFiles);
        }

        /** Reloads the certificate of {@code server} (started on this config) when its files change. */
        public CertificateReloader watchCertificate(WharfServer server) {
            return CertificateReloader.watch(server, certificateFiles, certificateLoader);
        }

        /** Closes the audit log, if on: after the server stopped, so that it has its last sessions' ends. */
        public void closeAuditLog() {
            if (auditLog != null) {
                auditLog.close();
            }
        }

        /** Closes the users database, if used: after the server stopped. */
        public void closeUsersDatabase() {
            if (usersDatabase != null) {
                usersDatabase.close();
            }
        }

        /**
         * The edits of the users {@code server} (started on this config) logs in: those of its users
         * database, whose change counter tells the server at once, or of its users file, read again
         * by the server after each.
         */
        public UserAdmin userAdmin(WharfServer server) {
            if (config.authenticator() instanceof SqlUsers database) {
                return database;
            }
            return usersFile == null ? null // an LDAP directory: its users are managed there
                    : new UsersFileAdmin(usersFile, PasswordHash.DEFAULT_ITERATIONS, server::reloadUsers);
        }

        /** Where the users are, for the banner. */
        public String usersSource() {
            if (usersDatabase != null) {
                return "users database: " + usersDatabase.description();
            }
            return usersFile != null ? "users file: " + usersFile : "users: an LDAP directory (users-ldap-url)";
        }
    }

    /**
     * Metrics already registered as an event listener of the config (so that they count from the
     * first connection), to be attached to the server and served at {@code address} once it runs.
     */
    public record MetricsEndpoint(WharfMetrics metrics, InetSocketAddress address) {
        /** Serves the metrics of the running {@code server}; returns the bound address. */
        public InetSocketAddress serve(WharfServer server) throws IOException {
            metrics.attach(server);
            metrics.listen(address);
            return new InetSocketAddress(address.getAddress(), metrics.port());
        }
    }

    private Deployment() {}

    /** {@code 127.0.0.1:9464} or {@code [::1]:9464}: an address as a URL writes it. */
    public static String urlHost(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /** The library's part of {@code values} (every setting with a builder step, defaults for the rest). */
    static ServerConfig.Builder libraryBuilder(Map<Setting, ConfigFile.Value> values) throws ConfigException {
        var builder = ServerConfig.builder();
        for (Setting s : Setting.values()) {
            var v = values.get(s);
            try {
                s.apply(builder, effective(values, s));
            } catch (IllegalArgumentException e) {
                throw new ConfigException((v != null ? v.origin() + ": " : "") + s.key() + ": " + e.getMessage());
            }
        }
        return builder;
    }

    /**
     * The settings a running server can take from {@code values} (for {@link WharfServer#reconfigure},
     * which takes only the live ones from it).
     */
    public static ServerConfig liveSettings(Map<Setting, ConfigFile.Value> values) throws ConfigException {
        try {
            return libraryBuilder(values).build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** The value of {@code s} in {@code values}, or its default. */
    public static String effective(Map<Setting, ConfigFile.Value> values, Setting s) {
        var v = values.get(s);
        return v != null ? v.text() : s.defaultValue();
    }

    public static Prepared prepare(Map<Setting, ConfigFile.Value> values) throws ConfigException {
        var builder = libraryBuilder(values);
        var notices = new ArrayList<String>();
        Path stateDir = Path.of(text(values, Setting.STATE_DIR, "wharf-home"));
        try {
            Files.createDirectories(stateDir);
        } catch (IOException e) {
            throw new ConfigException("cannot create state folder " + stateDir + ": " + e.getMessage());
        }

        // TLS identity
        List<Path> certificateFiles;
        CertificateReloader.Loader loader;
        String source;
        String keystore = text(values, Setting.TLS_KEYSTORE, "");
        String certificate = text(values, Setting.TLS_CERTIFICATE, "");
        // Without a certificate configured: one generated on the first start, kept in the state folder.
        Path selfSigned = keystore.isEmpty() && certificate.isEmpty() ? stateDir.resolve("tls").resolve("self-signed.p12") : null;
        if (!keystore.isEmpty()) {
            String setting = text(values, Setting.TLS_KEYSTORE_PASSWORD, "");
            char[] password = (setting.isEmpty() && System.getenv("WHARF_KEYSTORE_PASSWORD") != null
                    ? System.getenv("WHARF_KEYSTORE_PASSWORD") : setting).toCharArray();
            certificateFiles = List.of(Path.of(keystore));
            loader = () -> Identity.loadPkcs12(Path.of(keystore), password);
            source = "keystore " + keystore;
        } else if (!certificate.isEmpty()) {
            String key = text(values, Setting.TLS_KEY, "");
            Path keyFile = Path.of(key.isEmpty() || key.startsWith("<") ? certificate : key);
            certificateFiles = List.of(Path.of(certificate), keyFile);
            loader = () -> Identity.loadPem(Path.of(certificate), keyFile);
            source = "PEM " + certificate;
        } else {
            certificateFiles = List.of(selfSigned);
            loader = () -> Identity.loadPkcs12(selfSigned, GENERATED_KEYSTORE_PASSWORD);
            source = "self-signed " + selfSigned;
        }
        Identity identity;
        try {
            if (selfSigned != null && !Files.exists(selfSigned)) {
                Files.createDirectories(selfSigned.getParent());
                identity = Identity.selfSigned(hostName(), List.of("localhost", "127.0.0.1", "::1", hostName()));
                identity.savePkcs12(selfSigned, GENERATED_KEYSTORE_PASSWORD);
                restrictToOwner(selfSigned);
                source += " (generated now)";
                notices.add("Generated a self-signed certificate in " + selfSigned
                        + "; clients will ask you to trust it: compare its SHA-256 fingerprint below.");
            } else {
                identity = loader.load();
            }
        } catch (NoSuchFileException e) {
            throw new ConfigException("TLS certificate or key file not found: " + e.getFile()
                    + ". Fix tls-certificate/tls-key/tls-keystore, or set none of them to use a generated self-signed certificate.");
        } catch (IOException e) {
            throw new ConfigException("cannot load the TLS certificate: " + e.getMessage());
        }
        builder.identity(identity);

        // Users
        String usersSetting = text(values, Setting.USERS_FILE, "");
        Path usersFile = usersSetting.isEmpty() || usersSetting.startsWith("<") ? stateDir.resolve("users") : Path.of(usersSetting);
        Optional<LdapUsers> directory = ldapUsers(values, stateDir);
        if (directory.isPresent() && !text(values, Setting.USERS_DATABASE, "").isBlank()) {
            throw new ConfigException("users-ldap-url and users-database are both set: the users come from one store; choose one");
        }
        SqlDatabase usersDatabase = directory.isPresent() ? null : openUsersDatabase(values, stateDir);
        if (directory.isPresent()) {
            builder.authenticator(directory.get());
            notices.add("Users: the LDAP directory " + directory.get().settings().url() + " (users-ldap-url); the users file is not read");
            usersFile = null;
        } else if (usersDatabase != null) {
            useDatabase(builder, usersDatabase, filesDir(values, stateDir), notices);
        } else {
            try {
                UsersFile users = UsersFile.load(usersFile);
                if (!Files.exists(usersFile)) {
                    Path files = filesDir(values, stateDir);
                    Files.createDirectories(files);
                    String password = randomPassword();
                    users.put(new UsersFile.Entry(FIRST_USER, PasswordHash.create(password), true, files));
                    users.save();
                    notices.add("Created user '" + FIRST_USER + "' with password " + password
                            + "  (shown once; change it with: wharf user passwd " + FIRST_USER + ")");
                    notices.add("Its files are in " + files);
                }
                // Watched, so that 'wharf user' and edits by hand apply to the running server.
                builder.authenticator(WatchedUsersFile.open(usersFile));
            } catch (IOException e) {
                throw new ConfigException("users file: " + e.getMessage());
            }
        }

        storage(values).ifPresent(builder::storageProvider);

        String xferlog = text(values, Setting.TRANSFER_LOG, "");
        if (!xferlog.equalsIgnoreCase("off")) {
            builder.transferLog(xferlog.isEmpty() || xferlog.startsWith("<") ? stateDir.resolve("xferlog") : Path.of(xferlog));
        }
        Optional<MetricsEndpoint> metrics;
        try {
            metrics = Setting.socketAddress(text(values, Setting.METRICS_ADDRESS, "off"))
                    .map(address -> new MetricsEndpoint(new WharfMetrics(), address));
        } catch (IllegalArgumentException e) {
            var v = values.get(Setting.METRICS_ADDRESS);
            throw new ConfigException((v != null ? v.origin() + ": " : "") + Setting.METRICS_ADDRESS.key() + ": " + e.getMessage());
        }
        metrics.ifPresent(m -> builder.eventListener(m.metrics()));
        JsonAuditLog auditLog = openAuditLog(values);
        if (auditLog != null) {
            builder.eventListener(auditLog);
        }
        try {
            return new Prepared(builder.build(), usersFile, identity.sha256Fingerprint(), source, notices,
                    certificateFiles, loader, metrics, auditLog, usersDatabase);
        } catch (IllegalArgumentException e) {
            if (auditLog != null) {
                auditLog.close();
            }
            if (usersDatabase != null) {
                usersDatabase.close();
            }
            throw new ConfigException(e.getMessage());
        }
    }

    /** files-dir: the first user's home, and the LDAP users' home root unless users-ldap-home-root says otherwise. */
    private static Path filesDir(Map<Setting, ConfigFile.Value> values, Path stateDir) {
        String files = text(values, Setting.FILES_DIR, "");
        return (files.isEmpty() || files.startsWith("<") ? stateDir.resolve("files") : Path.of(files)).toAbsolutePath().normalize();
    }

    /** The LDAP user store, if users-ldap-url is set: it replaces the users file. */
    private static Optional<LdapUsers> ldapUsers(Map<Setting, ConfigFile.Value> values, Path stateDir) throws ConfigException {
        String url = text(values, Setting.USERS_LDAP_URL, "");
        if (url.isBlank()) {
            return Optional.empty();
        }
        Setting at = Setting.USERS_LDAP_URL;
        try {
            String homeRoot = effective(values, Setting.USERS_LDAP_HOME_ROOT).strip();
            var b = LdapSettings.builder(java.net.URI.create(url.strip()), homeRoot.isEmpty() || homeRoot.startsWith("<")
                    ? filesDir(values, stateDir) : Path.of(homeRoot).toAbsolutePath());
            at = Setting.USERS_LDAP_START_TLS;
            b.startTls(Setting.bool(effective(values, at)));
            String bindDn = effective(values, Setting.USERS_LDAP_BIND_DN);
            String searchBase = effective(values, Setting.USERS_LDAP_SEARCH_BASE);
            if (!bindDn.isBlank()) {
                b.bindDnPattern(bindDn.strip());
            }
            if (!searchBase.isBlank()) {
                at = Setting.USERS_LDAP_SEARCH_BASE;
                String password = effective(values, Setting.USERS_LDAP_SERVICE_PASSWORD);
                if (password.isEmpty() && System.getenv("WHARF_LDAP_SERVICE_PASSWORD") != null) {
                    password = System.getenv("WHARF_LDAP_SERVICE_PASSWORD");
                }
                b.search(new LdapSettings.Search(searchBase.strip(), effective(values, Setting.USERS_LDAP_SEARCH_FILTER).strip(),
                        effective(values, Setting.USERS_LDAP_SERVICE_DN).strip(), password));
            }
            String home = effective(values, Setting.USERS_LDAP_HOME_ATTRIBUTE).strip();
            b.homeAttribute(home.isEmpty() ? null : home);
            at = Setting.USERS_LDAP_DEFAULT_RIGHTS;
            Set<Permission> otherwise = switch (effective(values, at).strip().toLowerCase(java.util.Locale.ROOT)) {
                case "none" -> null;
                case "ro" -> Permission.readOnly();
                case "rw" -> Permission.all();
                default -> throw new IllegalArgumentException("expected none, ro or rw, not '" + effective(values, at) + "'");
            };
            String rights = effective(values, Setting.USERS_LDAP_RIGHTS_ATTRIBUTE).strip();
            at = Setting.USERS_LDAP_RIGHTS_ATTRIBUTE;
            b.rights(new LdapSettings.Rights(rights.isEmpty() ? null : rights, effective(values, Setting.USERS_LDAP_RW_VALUE).strip(),
                    effective(values, Setting.USERS_LDAP_RO_VALUE).strip(), otherwise));
            at = Setting.USERS_LDAP_CONNECT_TIMEOUT;
            b.connectTimeout(Setting.duration(effective(values, at)));
            at = Setting.USERS_LDAP_READ_TIMEOUT;
            b.readTimeout(Setting.duration(effective(values, at)));
            at = Setting.USERS_LDAP_CA;
            String ca = effective(values, at).strip();
            if (!ca.isEmpty()) {
                b.trustedCertificates(LdapSettings.readCertificates(Path.of(ca)));
            }
            at = Setting.USERS_LDAP_URL;
            return Optional.of(new LdapUsers(b.build()));
        } catch (IllegalArgumentException | IOException e) {
            var v = values.get(at);
            throw new ConfigException((v != null ? v.origin() + ": " : "") + at.key() + ": " + e.getMessage());
        }
    }

    /**
     * Users and bans in {@code database}: the users polled, so that a user removed through another
     * node or 'wharf user' loses its sessions here; the bans shared with every node on it. A
     * database with no users gets the first user, as a missing users file does.
     */
    private static void useDatabase(ServerConfig.Builder builder, SqlDatabase database, Path firstUserHome,
                                    List<String> notices) throws ConfigException {
        try {
            var users = new SqlUsers(database);
            if (users.list().isEmpty()) {
                String password = randomPassword();
                users.add(FIRST_USER, password, firstUserHome, false);
                notices.add("Created user '" + FIRST_USER + "' in the users database with password " + password
                        + "  (shown once; change it with: wharf user passwd --database URL " + FIRST_USER + ")");
                notices.add("Its files are in " + firstUserHome);
            }
            builder.authenticator(users).banList(new SqlBanList(database));
        } catch (IOException e) {
            database.close();
            throw new ConfigException("users database: " + e.getMessage());
        }
    }


    /** The database of {@code users-database}, migrated; null when it is empty (the users file). */
    private static SqlDatabase openUsersDatabase(Map<Setting, ConfigFile.Value> values, Path stateDir) throws ConfigException {
        String url = text(values, Setting.USERS_DATABASE, "");
        if (url.isEmpty()) {
            return null;
        }
        String passwordFile = text(values, Setting.USERS_DATABASE_PASSWORD_FILE, "");
        try {
            return openDatabase(url, stateDir, text(values, Setting.USERS_DATABASE_USER, ""),
                    passwordFile.isEmpty() ? null : Path.of(passwordFile));
        } catch (IOException e) {
            throw new ConfigException(Setting.USERS_DATABASE.key() + ": " + e.getMessage());
        }
    }

    /**
     * Opens (and migrates) a users database: for {@code wharf serve} and {@code wharf user --database}.
     *
     * @param url          a JDBC URL, or {@code embedded}: the H2 file in {@code stateDir}
     * @param user         the database user; empty for the URL's
     * @param passwordFile whose first line is the password; null: $WHARF_DATABASE_PASSWORD, or none
     */
    public static SqlDatabase openDatabase(String url, Path stateDir, String user, Path passwordFile) throws IOException {
        String jdbcUrl = url.equalsIgnoreCase("embedded") ? SqlDatabase.embeddedUrl(stateDir) : url;
        if (!jdbcUrl.startsWith("jdbc:")) {
            // Up to its query string only: a password may follow.
            throw new IOException("expected a JDBC URL (jdbc:postgresql://host:5432/wharf) or 'embedded', not '"
                    + jdbcUrl.split("[?;]", 2)[0] + "'");
        }
        String password = System.getenv("WHARF_DATABASE_PASSWORD");
        if (passwordFile != null) {
            List<String> lines = Files.readAllLines(passwordFile);
            password = lines.isEmpty() ? "" : lines.get(0);
        }
        return SqlDatabase.open(jdbcUrl, user.isEmpty() ? null : user, password == null || password.isEmpty() ? null : password);
    }

    /** Users' files on S3 when {@code storage = s3}; empty for the default, each user's home folder. */
    static Optional<S3StorageProvider> storage(Map<Setting, ConfigFile.Value> values) throws ConfigException {
        String storage = text(values, Setting.STORAGE, "local").strip().toLowerCase(java.util.Locale.ROOT);
        if (storage.equals("local")) {
            return Optional.empty();
        }
        if (!storage.equals("s3")) {
            throw new ConfigException(origin(values, Setting.STORAGE) + "storage: expected local or s3, not '" + storage + "'");
        }
        String bucket = text(values, Setting.S3_BUCKET, "").strip();
        if (bucket.isEmpty()) {
            throw new ConfigException("storage = s3 needs s3-bucket: the bucket that holds the users' files");
        }
        S3Settings settings;
        try {
            settings = S3Settings.of(bucket)
                    .withRegion(text(values, Setting.S3_REGION, "us-east-1").strip())
                    .withPrefix(text(values, Setting.S3_PREFIX, "").strip())
                    .withFolderRename(Setting.integer(text(values, Setting.S3_FOLDER_RENAME_MAX_OBJECTS, "0")));
            String endpoint = text(values, Setting.S3_ENDPOINT, "").strip();
            boolean pathStyle = Setting.bool(text(values, Setting.S3_PATH_STYLE, "no"));
            if (!endpoint.isEmpty()) {
                settings = settings.withEndpoint(url(endpoint), pathStyle);
            } else if (pathStyle) {
                settings = settings.withEndpoint(URI.create("https://s3." + settings.region() + ".amazonaws.com"), true);
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException("storage = s3: " + e.getMessage());
        }
        return Optional.of(new S3StorageProvider(settings));
    }

    private static URI url(String endpoint) {
        try {
            URI uri = new URI(endpoint);
            if (uri.getScheme() != null && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // said below
        }
        throw new IllegalArgumentException("s3-endpoint: expected a URL like http://127.0.0.1:9000, not '" + endpoint + "'");
    }

    private static String origin(Map<Setting, ConfigFile.Value> values, Setting s) {
        var v = values.get(s);
        return v != null ? v.origin() + ": " : "";
    }

    /** The audit log, or null when it is off; opened here, so that a file that cannot be written stops the start. */
    private static JsonAuditLog openAuditLog(Map<Setting, ConfigFile.Value> values) throws ConfigException {
        String target = text(values, Setting.AUDIT_LOG, "off");
        if (target.isEmpty() || target.equalsIgnoreCase("off")) {
            return null;
        }
        String node = text(values, Setting.NODE_NAME, "");
        if (node.isEmpty() || node.startsWith("<")) {
            node = hostName();
        }
        if (target.equals("-")) {
            return JsonAuditLog.to(System.out, node);
        }
        try {
            return JsonAuditLog.toFile(Path.of(target), node);
        } catch (IOException e) {
            throw new ConfigException("audit-log: cannot open " + target + ": " + e.getMessage());
        }
    }

    private static String text(Map<Setting, ConfigFile.Value> values, Setting s, String fallback) {
        var v = values.get(s);
        return v == null ? fallback : v.text();
    }

    /** 20 characters from a 56-letter alphabet without look-alikes: about 116 bits. */
    public static String randomPassword() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        var random = new SecureRandom();
        var sb = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static void restrictToOwner(Path p) {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException ignored) {
            // Not POSIX: the platform's ACLs apply.
        }
    }
}
