package dev.wharf.junit;

import dev.wharf.client.FtpsClient;
import dev.wharf.client.TlsMode;
import dev.wharf.client.TrustPolicy;
import dev.wharf.protocol.tls.Identity;
import dev.wharf.server.WharfServer;
import dev.wharf.server.auth.InMemoryUsers;
import dev.wharf.server.config.ServerConfig;
import dev.wharf.server.config.ServerConfig.DataSessionReuse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * An in-process Wharf FTPS server for tests, and everything a test needs to reach it: the ports
 * (explicit and implicit FTPS, both on loopback, both free ports), the certificate and an
 * {@link SSLContext} that trusts exactly it, a {@link FtpsClient} builder pinned to it, the files
 * under {@link #root()}, and the {@link #events()} to assert on.
 *
 * <p>Its security is the production default: TLS before login, protected data connections only,
 * and data connections that must resume their control connection's TLS session (RFC 4217 10). That
 * last rule is what JSSE clients such as Apache Commons Net's {@code FTPSClient} (and so Spring
 * Integration) do not follow: JSSE caches client sessions by host and port, and a data connection
 * goes to another port, so it never resumes. Against such a client, relax that one rule with
 * {@link Builder#dataSessionReuse dataSessionReuse(DataSessionReuse.OFF)}; otherwise its transfers
 * get {@code 522} and {@link RecordedEvents#refusedDataConnections()} says why. Wharf's own client
 * resumes and needs nothing.
 *
 * <p>Usually started by a {@link WharfExtension}; without JUnit, {@link Builder#start()} and
 * {@link #close()}.
 */
public final class WharfTestServer implements AutoCloseable {
    /** Few PBKDF2 rounds: logins take microseconds. Test passwords only. */
    private static final int PASSWORD_HASH_ITERATIONS = 1000;

    private final Builder spec;
    private final Path root;
    private final AutoCloseable ownedRoot;
    private final Identity identity;
    private final RecordedEvents events = new RecordedEvents();
    private final X509ExtendedTrustManager trustManager;
    private final SSLContext sslContext;
    private final WharfServer wharf;

    private WharfTestServer(Builder spec) throws IOException {
        this.spec = spec.copy();
        identity = Identity.selfSigned("localhost", List.of("localhost", "127.0.0.1", "::1"));
        trustManager = CertificateTrust.trusting(identity.certificate());
        sslContext = CertificateTrust.clientContext(trustManager);
        if (spec.root != null) {
            root = spec.root;
            ownedRoot = null;
        } else if (spec.inMemory) {
            FileSystem fs = InMemoryFileSystem.open();
            root = Files.createDirectories(fs.getPath("/wharf"));
            ownedRoot = fs;
        } else {
            root = Files.createTempDirectory("wharf-junit-");
            ownedRoot = () -> deleteTree(root);
        }
        try {
            seed();
            var users = new InMemoryUsers(PASSWORD_HASH_ITERATIONS);
            for (Account a : this.spec.accounts.values()) {
                users.add(a.name(), a.password(), home(a.name()), a.writable());
            }
            ServerConfig.Builder config = ServerConfig.builder()
                    .listenAddresses(List.of(InetAddress.getLoopbackAddress()))
                    .explicitPort(0)
                    .implicitPort(0)
                    .identity(identity)
                    .authenticator(users)
                    .dataSessionReuse(this.spec.dataSessionReuse)
                    // A test of a wrong password must neither wait nor get the loopback address banned.
                    .failedLoginDelay(Duration.ZERO)
                    .maxLoginFailures(0)
                    .shutdownGrace(Duration.ofSeconds(2))
                    .eventListener(events.listener());
            this.spec.config.accept(config);
            wharf = WharfServer.start(config.build());
        } catch (IOException | RuntimeException e) {
            closeRoot();
            throw e;
        }
    }

    /** A builder; {@link Builder#build()} makes a {@link WharfExtension} of it, {@link Builder#start()} a server. */
    public static Builder builder() {
        return new Builder();
    }

    /** The address both ports listen on: the loopback address, which the certificate names. */
    public String host() {
        return InetAddress.getLoopbackAddress().getHostAddress();
    }

    /** The explicit FTPS port (plain TCP, then {@code AUTH TLS}). */
    public int explicitPort() {
        return wharf.explicitPort();
    }

    /** The implicit FTPS port (TLS from the first byte, MS-FTPS 3.1.5.1). */
    public int implicitPort() {
        return wharf.implicitPort();
    }

    /** The server's self-signed certificate, made for this server; it names localhost, 127.0.0.1 and ::1. */
    public X509Certificate certificate() {
        return identity.certificate();
    }

    /** The certificate's SHA-256 fingerprint, {@code AB:CD:...}, as clients pin it. */
    public String fingerprint() {
        return identity.sha256Fingerprint();
    }

    /** The JDK's trust manager with this server's certificate as its only trust anchor. */
    public X509ExtendedTrustManager trustManager() {
        return trustManager;
    }

    /**
     * A client {@code SSLContext} that trusts this server's certificate and nothing else: for Commons
     * Net ({@code new FTPSClient(false, server.sslContext())}), Spring Integration's session factory,
     * or any JSSE client.
     */
    public SSLContext sslContext() {
        return sslContext;
    }

    /** A Wharf client for the explicit port, pinned to this server's certificate; anonymous until given credentials. */
    public FtpsClient.Builder client() {
        return FtpsClient.builder().host(host()).port(explicitPort()).mode(TlsMode.EXPLICIT)
                .trust(TrustPolicy.pinned(fingerprint()));
    }

    /** {@link #client()} logged in as {@code user}, with the password the test gave. */
    public FtpsClient.Builder client(String user) {
        return client(user, TlsMode.EXPLICIT);
    }

    /** {@link #client(String)} on the port of {@code mode}. */
    public FtpsClient.Builder client(String user, TlsMode mode) {
        Account account = account(user);
        return client().mode(mode).port(mode == TlsMode.IMPLICIT ? implicitPort() : explicitPort())
                .credentials(account.name(), account.password());
    }

    /** The folder that holds one home per user, named after them. */
    public Path root() {
        return root;
    }

    /** {@code user}'s home: what the user sees as {@code /}. */
    public Path home(String user) {
        return root.resolve(account(user).name());
    }

    /** A file under the root, as {@link Builder#file} names them: {@code file("alice/in/a.txt")}. */
    public Path file(String path) {
        return root.resolve(relative(path));
    }

    /** What clients did since the start or the last {@link #reset()}. */
    public RecordedEvents events() {
        return events;
    }

    /** The server itself, for what this handle does not offer. */
    public WharfServer wharf() {
        return wharf;
    }

    /**
     * Back to how the test began: every home emptied and the test's files written again, the events
     * forgotten. Call it between tests that share a server, while no client is connected.
     */
    public void reset() {
        try {
            for (Account a : spec.accounts.values()) {
                deleteTree(home(a.name()));
            }
            seed();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        events.clear();
    }

    /** Stops the server (open sessions get a short grace) and deletes the files it made. */
    @Override
    public void close() {
        try {
            wharf.close();
        } finally {
            closeRoot();
        }
    }

    private void seed() throws IOException {
        for (Account a : spec.accounts.values()) {
            Files.createDirectories(home(a.name()));
        }
        for (var f : spec.files.entrySet()) {
            Path target = root.resolve(f.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, f.getValue());
        }
    }

    private Account account(String user) {
        Account account = spec.accounts.get(user);
        if (account == null) {
            throw new IllegalArgumentException("no user " + user + " on this server; its users: " + spec.accounts.keySet());
        }
        return account;
    }

    private void closeRoot() {
        if (ownedRoot == null) {
            return;
        }
        try {
            ownedRoot.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot delete the test server's files under " + root, e);
        }
    }

    private static void deleteTree(Path top) throws IOException {
        if (!Files.exists(top)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(top)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** {@code alice/in/a.txt}: relative, with no {@code ..}, its first name a user's home. */
    private static String relative(String path) {
        String p = path.replace('\\', '/');
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        if (p.isEmpty() || List.of(p.split("/")).contains("..")) {
            throw new IllegalArgumentException("a path under the root, such as alice/in/a.txt: " + path);
        }
        return p;
    }

    private record Account(String name, String password, boolean writable) {
        @Override
        public String toString() {
            return name; // never the password
        }
    }

    /**
     * What the server is to have: users (at least one), files, where they live, and any change to the
     * test defaults (loopback, free ports, no delay or ban after a failed login).
     */
    public static final class Builder {
        private final Map<String, Account> accounts = new LinkedHashMap<>();
        private final Map<String, byte[]> files = new LinkedHashMap<>();
        private Path root;
        private boolean inMemory;
        private DataSessionReuse dataSessionReuse = DataSessionReuse.REQUIRED;
        private Consumer<ServerConfig.Builder> config = b -> { };

        private Builder() {}

        private Builder copy() {
            var copy = new Builder();
            copy.accounts.putAll(accounts);
            files.forEach((path, content) -> copy.files.put(path, content.clone()));
            copy.root = root;
            copy.inMemory = inMemory;
            copy.dataSessionReuse = dataSessionReuse;
            copy.config = config;
            return copy;
        }

        /** A user who may read, upload, rename and delete in their home, {@code <root>/<name>}. */
        public Builder user(String name, String password) {
            return account(new Account(name, password, true));
        }

        /** A user who may list and download only. */
        public Builder readOnlyUser(String name, String password) {
            return account(new Account(name, password, false));
        }

        private Builder account(Account account) {
            Objects.requireNonNull(account.name(), "name");
            Objects.requireNonNull(account.password(), "password");
            accounts.put(account.name(), account);
            return this;
        }

        /** A file there from the start, under the root: {@code file("alice/in/a.txt", bytes)} is {@code /in/a.txt} for alice. */
        public Builder file(String path, byte[] content) {
            String p = relative(path);
            files.put(p, content.clone());
            return this;
        }

        /** {@link #file(String, byte[])} with the text in UTF-8. */
        public Builder file(String path, String text) {
            return file(path, text.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * The folder for the homes, on any file system (a {@code @TempDir}); the test owns it and it
         * is not deleted. Without it (and without {@link #inMemoryFileSystem()}), a temporary folder
         * that is deleted when the server stops.
         */
        public Builder root(Path root) {
            this.root = Objects.requireNonNull(root);
            this.inMemory = false;
            return this;
        }

        /** The homes on an in-memory file system (Jimfs, which the test adds to its own dependencies). */
        public Builder inMemoryFileSystem() {
            if (!InMemoryFileSystem.available()) {
                throw new IllegalStateException("inMemoryFileSystem() needs Jimfs on the test class path: "
                        + "add com.google.jimfs:jimfs to the test dependencies");
            }
            this.inMemory = true;
            this.root = null;
            return this;
        }

        /**
         * Whether a protected data connection must resume the control connection's TLS session:
         * {@code REQUIRED} (the default, as in production), or {@code OFF} for clients that cannot,
         * such as Commons Net's {@code FTPSClient} (see {@link WharfTestServer}).
         */
        public Builder dataSessionReuse(DataSessionReuse policy) {
            this.dataSessionReuse = Objects.requireNonNull(policy);
            return this;
        }

        /** Any other server setting, applied after the test defaults; called again, the changes add up. */
        public Builder config(Consumer<ServerConfig.Builder> change) {
            this.config = this.config.andThen(change);
            return this;
        }

        /** An extension that starts this server for a test class (static field) or for each test (instance field). */
        public WharfExtension build() {
            check();
            return new WharfExtension(copy());
        }

        /** Starts the server now; close it when done. */
        public WharfTestServer start() throws IOException {
            check();
            return new WharfTestServer(this);
        }

        private void check() {
            if (accounts.isEmpty()) {
                throw new IllegalStateException("give the test server a user: builder().user(\"alice\", \"secret\")");
            }
            List<String> strays = new ArrayList<>();
            for (String path : files.keySet()) {
                String[] names = path.split("/");
                if (names.length < 2 || !accounts.containsKey(names[0])) {
                    strays.add(path);
                }
            }
            if (!strays.isEmpty()) {
                throw new IllegalStateException("files go in a user's home, under a folder named after them ("
                        + accounts.keySet() + "): " + strays);
            }
        }
    }
}
