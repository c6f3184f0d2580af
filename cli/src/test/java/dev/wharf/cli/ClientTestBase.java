package dev.wharf.cli;

import dev.wharf.server.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh Wharf server per test, and an environment whose WHARF_PASSWORD is the test user's and
 * whose home directory (for ~/.netrc and ~/.config/wharf/known_hosts) is a temporary one.
 */
abstract class ClientTestBase {
    @TempDir
    Path dir;

    TestServer server;
    Path local;
    Path home;

    @BeforeEach
    void startServer() throws Exception {
        server = TestServer.builder().root(dir.resolve("server")).start();
        local = Files.createDirectories(dir.resolve("local"));
        home = Files.createDirectories(dir.resolve("home"));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    /** ftp://alice@127.0.0.1:PORT/path: explicit FTPS. */
    String explicitUrl(String path) {
        return "ftp://" + TestServer.USER + "@127.0.0.1:" + server.explicitPort() + path;
    }

    /** ftps://alice@127.0.0.1:PORT/path: implicit FTPS. */
    String implicitUrl(String path) {
        return "ftps://" + TestServer.USER + "@127.0.0.1:" + server.implicitPort() + path;
    }

    Environment withPassword(String password) {
        return Environment.of(Map.of("WHARF_PASSWORD", password), home);
    }

    Environment noPassword() {
        return Environment.of(Map.of(), home);
    }

    /** Runs wharf with the right password and the server's certificate pinned. */
    Cli wharf(String... args) {
        return wharfIn(withPassword(TestServer.PASSWORD), args);
    }

    Cli wharfIn(Environment env, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--pin");
        all.add(TestServer.PIN);
        return Cli.runIn(env, all.toArray(String[]::new));
    }
}
