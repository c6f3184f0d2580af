package dev.wharf.server.support;

import dev.wharf.protocol.testing.TestFiles;
import dev.wharf.protocol.tls.Identity;
import dev.wharf.server.WharfServer;
import dev.wharf.server.auth.InMemoryUsers;
import dev.wharf.server.config.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The one in-process Wharf server of the tests of every module, and the raw clients connected to
 * it, which are closed with it. It starts from {@link LoopbackServerConfig} and knows
 * {@value #USER} (read-write) and, if asked, {@value #READ_ONLY_USER} (read-only), both with the
 * password {@value #PASSWORD}:
 *
 * <pre>{@code
 * try (TestServer server = TestServer.builder().root(jimfsRoot).readOnlyUser().config(b -> b.allowCcc(true)).start()) {
 *     ...
 * }
 * }</pre>
 *
 * <p>In the server's own tests, {@link TestServers} starts and stops them around each test.
 */
public final class TestServer implements AutoCloseable {
    public static final String USER = "alice";
    public static final String READ_ONLY_USER = "bob";
    public static final String PASSWORD = "secret";
    public static final Identity IDENTITY = LoopbackServerConfig.IDENTITY;
    /** The server certificate's SHA-256 fingerprint, which clients pin. */
    public static final String PIN = IDENTITY.sha256Fingerprint();

    private final WharfServer wharf;
    private final Map<String, Path> homes;
    /** The temporary folder the fixture made for the homes, deleted on close; null if the test gave one. */
    private final Path ownedRoot;
    private final List<RawClient> clients = new CopyOnWriteArrayList<>();
    private String[] clientTlsProtocols;

    private TestServer(WharfServer wharf, Map<String, Path> homes, Path ownedRoot) {
        this.wharf = wharf;
        this.homes = homes;
        this.ownedRoot = ownedRoot;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A server with the defaults: {@value #USER} only, home in a temporary folder. */
    public static TestServer start() throws IOException {
        return builder().start();
    }

    /** What a test may change; every setting has a default. */
    public static final class Builder {
        private Path root;
        private Path userHome;
        private boolean readOnlyUser;
        private Consumer<ServerConfig.Builder> config = b -> { };

        private Builder() {}

        /**
         * The folder under which each user gets a home named after them; any file system (a
         * {@code @TempDir}, Jimfs). Without it, a temporary folder deleted on close.
         */
        public Builder root(Path root) {
            this.root = root;
            return this;
        }

        /** {@value #USER}'s home exactly, instead of a folder under the root. */
        public Builder home(Path home) {
            this.userHome = home;
            return this;
        }

        /** Adds {@value #READ_ONLY_USER}, who may read but not change files. */
        public Builder readOnlyUser() {
            this.readOnlyUser = true;
            return this;
        }

        /** Changes the configuration after the test defaults; called again, the changes add up. */
        public Builder config(Consumer<ServerConfig.Builder> change) {
            this.config = this.config.andThen(change);
            return this;
        }

        public TestServer start() throws IOException {
            Path ownedRoot = root == null && (userHome == null || readOnlyUser)
                    ? Files.createTempDirectory("wharf-homes-") : null;
            Path base = root != null ? root : ownedRoot;
            var homes = new LinkedHashMap<String, Path>();
            homes.put(USER, userHome != null ? userHome : Files.createDirectories(base.resolve(USER)));
            var users = new InMemoryUsers(1000) // few PBKDF2 rounds: fast logins
                    .add(USER, PASSWORD, homes.get(USER), true);
            if (readOnlyUser) {
                homes.put(READ_ONLY_USER, Files.createDirectories(base.resolve(READ_ONLY_USER)));
                users.add(READ_ONLY_USER, PASSWORD, homes.get(READ_ONLY_USER), false);
            }
            ServerConfig.Builder builder = LoopbackServerConfig.builder(users);
            config.accept(builder);
            return new TestServer(WharfServer.start(builder.build()), Map.copyOf(homes), ownedRoot);
        }
    }

    public WharfServer wharf() {
        return wharf;
    }

    public int explicitPort() {
        return wharf.explicitPort();
    }

    public int implicitPort() {
        return wharf.implicitPort();
    }

    /** The home folder of {@value #USER}. */
    public Path home() {
        return home(USER);
    }

    public Path home(String user) {
        Path home = homes.get(user);
        if (home == null) {
            throw new IllegalArgumentException("no user " + user + " on this server");
        }
        return home;
    }

    public String greeting() {
        return wharf.config().greeting();
    }

    /** A port nothing listens on (bound and released at once), for tests of refused connections. */
    public static int closedPort() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- raw clients ----

    /** Restricts the TLS protocols of the clients made from now on ("TLSv1.2"...). */
    public TestServer clientTlsProtocols(String... protocols) {
        this.clientTlsProtocols = protocols.clone();
        return this;
    }

    /** A TCP connection to {@code port}, nothing read or sent. */
    public RawClient connect(int port) throws IOException {
        RawClient client = RawClient.connect(port);
        if (clientTlsProtocols != null) {
            client.tlsProtocols(clientTlsProtocols);
        }
        clients.add(client);
        return client;
    }

    /** Connected to the explicit port, greeting (220) read. */
    public RawClient explicit() throws IOException {
        RawClient client = connect(explicitPort());
        client.expectReply(220);
        return client;
    }

    /** Connected to the explicit port, AUTH TLS done. */
    public RawClient explicitTls() throws IOException {
        RawClient client = explicit();
        client.authTls();
        return client;
    }

    /** Connected to the implicit port, TLS handshake done, greeting (220) read. */
    public RawClient implicit() throws IOException {
        RawClient client = connect(implicitPort());
        client.startTls();
        client.expectReply(220);
        return client;
    }

    /** AUTH TLS and logged in as {@value #USER} on the explicit port. */
    public RawClient loggedIn() throws IOException {
        RawClient client = explicitTls();
        client.login();
        return client;
    }

    // ---- checks ----

    /** Waits until every connection the server had has ended (a session ends on its own thread). */
    public void awaitNoSessions() {
        awaitSessions(0);
    }

    /** Waits until the server counts {@code n} open connections. */
    public void awaitSessions(int n) {
        Await.until("at " + n + " sessions", () -> wharf.activeSessions() == n, wharf::activeSessions);
    }

    /** A complete session works: explicit and implicit, TLS, login, a command, QUIT. */
    public void assertServesNewSessions() throws IOException {
        try (RawClient explicit = loggedIn(); RawClient implicit = implicit()) {
            explicit.expect(257, "PWD");
            explicit.expect(221, "QUIT");
            implicit.login();
            implicit.expect(200, "NOOP");
            implicit.expect(221, "QUIT");
        }
        awaitNoSessions();
    }

    /** Closes the raw clients, stops the server within its shutdown grace, deletes a temporary root. */
    @Override
    public void close() {
        for (RawClient client : clients) {
            try {
                client.close();
            } catch (IOException ignored) {
                // Already gone.
            }
        }
        clients.clear();
        wharf.close();
        if (ownedRoot != null) {
            try {
                TestFiles.deleteTree(ownedRoot);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
