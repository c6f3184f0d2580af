package dev.wharf.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.protocol.testing.TestFiles;
import dev.wharf.server.support.ExternalPeer;
import dev.wharf.server.support.RawClient;
import dev.wharf.server.support.TestServer;
import dev.wharf.server.support.TestServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * rclone (its FTP backend: jlaffaye/ftp over Go's crypto/tls) as a client process, the way people
 * sync folders with it: a tree of a few hundred small files and one large one copied up, checked,
 * copied back down and purged, against a server with the default security settings (TLS required,
 * no clear data, every data connection must resume a TLS session of the client's).
 *
 * <p>rclone pools up to {@code --ftp-concurrency} control connections and gives all of them, and
 * their data connections, one TLS session cache (keyed by host name), so a data connection may
 * resume a session that another of its control connections was given. One connection
 * ({@code --ftp-concurrency 1}) never does; four do.
 *
 * <p>The remote is defined in a generated rclone.conf in the test's folder ({@code --config}), so
 * the user's own rclone configuration is never read. {@code --retries 1 --low-level-retries 1}: a
 * failure must not be retried away, and {@code -v} puts what rclone did into the failure message.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RcloneIT {
    private static final int SMALL_FILES = 300;
    private static final long LARGE_FILE = 64L << 20;

    @RegisterExtension
    final TestServers servers = new TestServers();

    @TempDir
    static Path data;
    @TempDir
    Path work;

    /** The tree every test copies, and the SHA-256 of each of its files by relative path. */
    private static Path tree;
    private static Map<String, String> expected;

    enum Mode {
        EXPLICIT("--ftp-explicit-tls"),
        IMPLICIT("--ftp-tls");

        final String flag;

        Mode(String flag) {
            this.flag = flag;
        }
    }

    @BeforeAll
    static void makeTree() throws IOException {
        tree = TestFiles.randomTree(data.resolve("tree"), SMALL_FILES, 300);
        TestFiles.randomFile(tree.resolve("a/b/large.bin"), LARGE_FILE, 64);
        expected = TestFiles.sha256Tree(tree);
    }

    static Stream<Arguments> modesAndConcurrency() {
        return Stream.of(
                Arguments.of(Mode.EXPLICIT, 4), Arguments.of(Mode.IMPLICIT, 4),
                Arguments.of(Mode.EXPLICIT, 1), Arguments.of(Mode.IMPLICIT, 1));
    }

    @ParameterizedTest(name = "{0}, --ftp-concurrency {1}")
    @MethodSource("modesAndConcurrency")
    void copiesATreeUpChecksItCopiesItBackByteExactAndPurgesIt(Mode mode, int concurrency) throws Exception {
        ExternalPeer.assumeInstalled("rclone");
        TestServer server = servers.start();
        var rclone = new Rclone(server, mode, concurrency);

        rclone.run("copy", tree.toString(), "wharf:tree").assertOk();
        assertThat(TestFiles.sha256Tree(server.home().resolve("tree"))).as("the tree on the server")
                .containsExactlyInAnyOrderEntriesOf(expected);

        ExternalPeer.Result check = rclone.run("check", tree.toString(), "wharf:tree").assertOk();
        assertThat(check.output()).as("%s", check)
                .contains("0 differences found", expected.size() + " matching files");

        Path down = work.resolve("down");
        rclone.run("copy", "wharf:tree", down.toString()).assertOk();
        assertThat(TestFiles.sha256Tree(down)).as("the tree copied back down")
                .containsExactlyInAnyOrderEntriesOf(expected);

        rclone.run("purge", "wharf:tree").assertOk();
        try (Stream<Path> left = Files.list(server.home())) {
            assertThat(left).as("left in the user's folder after rclone purge").isEmpty();
        }
    }

    /** rclone against one server, with the remote {@code wharf:} in its own rclone.conf. */
    private final class Rclone {
        private final Path config;
        private final List<String> flags;

        Rclone(TestServer server, Mode mode, int concurrency) throws Exception {
            String obscured = ExternalPeer.run(work, List.of("rclone", "obscure", TestServer.PASSWORD))
                    .assertOk().output().strip();
            int port = mode == Mode.EXPLICIT ? server.explicitPort() : server.implicitPort();
            config = Files.writeString(work.resolve("rclone.conf"), String.join("\n",
                    "[wharf]",
                    "type = ftp",
                    "host = " + RawClient.HOST,
                    "port = " + port,
                    "user = " + TestServer.USER,
                    "pass = " + obscured,
                    ""));
            // rclone's documentation of --ftp-concurrency: a copy can deadlock unless the limit is
            // above --transfers and --checkers (with --check-first: above the larger of the two).
            String workers = Integer.toString(Math.max(1, concurrency - 1));
            flags = List.of(mode.flag, "--ftp-no-check-certificate", "--ftp-concurrency", Integer.toString(concurrency),
                    "--transfers", workers, "--checkers", workers, "--check-first",
                    "--retries", "1", "--low-level-retries", "1", "-v");
        }

        ExternalPeer.Result run(String... command) throws Exception {
            var cmd = new ArrayList<>(List.of("rclone", "--config", config.toString()));
            cmd.addAll(flags);
            cmd.addAll(List.of(command));
            return ExternalPeer.run(work, cmd);
        }
    }
}
