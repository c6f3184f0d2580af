package dev.wharf.server.support;

import dev.wharf.server.config.ServerConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts {@link TestServer}s for a test and closes them after it. Register it in a test class with
 * {@code @RegisterExtension final TestServers servers = new TestServers();}, then call
 * {@link #start()} or {@link #start(Consumer)} to change the defaults:
 *
 * <pre>{@code
 * TestServer server = servers.start(b -> b.allowCcc(true));
 * }</pre>
 *
 * <p>For a server that all tests of a class share, started in {@code @BeforeAll}, register
 * {@link #perClass()} in a static field: its servers are closed after the last test.
 */
public final class TestServers implements AfterEachCallback, AfterAllCallback {

    private final List<TestServer> started = new ArrayList<>();
    private final boolean perClass;

    /** Servers closed after each test. */
    public TestServers() {
        this(false);
    }

    private TestServers(boolean perClass) {
        this.perClass = perClass;
    }

    /** Servers closed after all tests of the class (register it in a static field). */
    public static TestServers perClass() {
        return new TestServers(true);
    }

    public TestServer start() throws IOException {
        return start(b -> { });
    }

    /** Starts a server with the test defaults, changed by {@code change}. */
    public TestServer start(Consumer<ServerConfig.Builder> change) throws IOException {
        TestServer server = TestServer.builder().config(change).start();
        started.add(server);
        return server;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            closeAll();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        closeAll();
    }

    private void closeAll() {
        started.forEach(TestServer::close);
        started.clear();
    }
}
