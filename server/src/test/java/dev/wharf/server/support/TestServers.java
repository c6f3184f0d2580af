package dev.wharf.server.support;

import dev.wharf.protocol.testing.TestFiles;
import dev.wharf.protocol.tls.Identity;
import dev.wharf.server.WharfServer;
import dev.wharf.server.auth.InMemoryUsers;
import dev.wharf.server.config.ServerConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts Wharf servers for a test and stops them after it. Register it in a test class with
 * {@code @RegisterExtension final TestServers servers = new TestServers();}, then call
 * {@link #start()} or {@link #start(Consumer)} to change the defaults:
 *
 * <pre>{@code
 * TestServer server = servers.start(b -> b.allowCcc(true));
 * }</pre>
 *
 * <p>Each server listens on 127.0.0.1 with an OS-chosen explicit and implicit port, presents a
 * self-signed certificate made once per JVM, and knows one user, {@value #USER}/{@value #PASSWORD},
 * whose home is a fresh temporary folder. Failed logins are not delayed.
 *
 * <p>For a server that all tests of a class share, started in {@code @BeforeAll}, register
 * {@link #perClass()} in a static field: its servers are stopped after the last test.
 */
public final class TestServers implements AfterEachCallback, AfterAllCallback {
    public static final String USER = "alice";
    public static final String PASSWORD = "secret";


    private final List<TestServer> started = new ArrayList<>();
    private final List<Path> homes = new ArrayList<>();
    private final boolean perClass;

    /** Servers stopped after each test. */
    public TestServers() {
        this(false);
    }

    private TestServers(boolean perClass) {
        this.perClass = perClass;
    }

    /** Servers stopped after all tests of the class (register it in a static field). */
    public static TestServers perClass() {
        return new TestServers(true);
    }

    public TestServer start() throws IOException {
        return start(b -> { });
    }

    /** Starts a server with the test defaults, changed by {@code tweak}. */
    public TestServer start(Consumer<ServerConfig.Builder> tweak) throws IOException {
        Path home = Files.createTempDirectory("wharf-home-");
        homes.add(home);
        ServerConfig.Builder builder = LoopbackServerConfig.builder(
                new InMemoryUsers(1000).add(USER, PASSWORD, home, true)) // few PBKDF2 rounds: fast logins
                .shutdownGrace(Duration.ofSeconds(5));
        tweak.accept(builder);
        var server = new TestServer(WharfServer.start(builder.build()), home);
        started.add(server);
        return server;
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        if (!perClass) {
            stopAll();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        stopAll();
    }

    private void stopAll() throws IOException {
        started.forEach(TestServer::close);
        started.clear();
        for (Path home : homes) {
            TestFiles.deleteTree(home);
        }
        homes.clear();
    }
}
