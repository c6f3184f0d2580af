package dev.wharf.junit;

import java.io.IOException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs a {@link WharfTestServer} around JUnit 5 tests. In a static field, one server for the whole
 * class (started before {@code @BeforeAll} methods, stopped after the last test; {@link
 * WharfTestServer#reset()} empties it between tests if they need it); in an instance field, a new
 * server for each test:
 *
 * <pre>{@code
 * @RegisterExtension
 * static WharfExtension ftps = WharfExtension.builder()
 *         .user("alice", "secret")
 *         .file("alice/in/report.csv", "a,b\n")
 *         .dataSessionReuse(DataSessionReuse.OFF) // for Commons Net, see WharfTestServer
 *         .build();
 *
 * @Test
 * void uploads(WharfTestServer server) throws Exception {
 *     var ftp = new FTPSClient(false, server.sslContext());
 *     ftp.connect(server.host(), server.explicitPort());
 *     ...
 *     assertEquals(1, server.events().uploads().size());
 * }
 * }</pre>
 *
 * <p>Test and lifecycle methods get the server as a {@link WharfTestServer} parameter, or from
 * {@link #server()}; a class with two servers (two extensions) uses {@code server()} of each, since
 * JUnit cannot tell which of them a parameter means.
 */
public final class WharfExtension
        implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback, ParameterResolver {

    private final WharfTestServer.Builder spec;
    private WharfTestServer server;
    /** The context that started the server, which alone stops it: not a {@code @Nested} class's, not a test's under a class server. */
    private String startedBy;

    WharfExtension(WharfTestServer.Builder spec) {
        this.spec = spec;
    }

    /** Users, files and settings of the server; {@link WharfTestServer.Builder#build()} makes the extension. */
    public static WharfTestServer.Builder builder() {
        return WharfTestServer.builder();
    }

    /** The running server; only during the tests it was started for. */
    public WharfTestServer server() {
        if (server == null) {
            throw new IllegalStateException("the Wharf test server runs only during the tests: "
                    + "register the extension with @RegisterExtension (static for one server per class)");
        }
        return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        startFor(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        startFor(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stopFor(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stopFor(context);
    }

    private synchronized void startFor(ExtensionContext context) throws IOException {
        if (server == null) {
            server = spec.start();
            startedBy = context.getUniqueId();
        }
    }

    private synchronized void stopFor(ExtensionContext context) {
        if (server != null && context.getUniqueId().equals(startedBy)) {
            try {
                server.close();
            } finally {
                server = null;
                startedBy = null;
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == WharfTestServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (server == null) {
            throw new ParameterResolutionException("no Wharf test server runs here: a static extension serves "
                    + "@BeforeAll methods and tests, an instance one only tests and @BeforeEach/@AfterEach methods");
        }
        return server;
    }
}
