package dev.wharf.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.protocol.testing.TestFiles;
import dev.wharf.server.support.ExternalPeer;
import dev.wharf.server.support.RawClient;
import dev.wharf.server.support.TestServer;
import dev.wharf.server.support.TestServers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * GNU wget (GnuTLS) downloading over FTPS from a server with the default security settings. An
 * {@code ftps://} URL is explicit FTPS to wget (AUTH TLS on the given port); {@code --ftps-implicit}
 * makes it implicit. {@code -S} prints every reply of the server; {@code --no-config} keeps the
 * user's .wgetrc out.
 */
@Timeout(90)
class WgetIT {
    /**
     * A reply refusing a data connection because its TLS session was not resumed: 522, with a text
     * that names the TLS session and its resumption (in either order, in any wording).
     */
    private static final Pattern NOT_RESUMED_REFUSAL =
            Pattern.compile("(?m)^522 (?=.*(?i:TLS session))(?=.*(?i:resum)).*$");

    @RegisterExtension
    final TestServers servers = new TestServers();

    @TempDir
    Path work;

    enum Mode { EXPLICIT, IMPLICIT }

    @BeforeEach
    void needsWget() {
        ExternalPeer.assumeInstalled("wget");
    }

    @ParameterizedTest(name = "{0}, {1} bytes")
    @CsvSource({"EXPLICIT, 0", "EXPLICIT, 3145735", "IMPLICIT, 0", "IMPLICIT, 3145735"})
    void downloadsByteExactResumingTheControlSession(Mode mode, int size) throws Exception {
        TestServer server = servers.start();
        Path original = TestFiles.randomFile(server.home().resolve("file.bin"), size, size);
        Path target = work.resolve("file.bin");

        var result = wget(server, mode, "file.bin", target);

        assertThat(result.exitCode()).as("%s", result).isZero();
        assertThat(TestFiles.sha256(target)).as("%s", result).isEqualTo(TestFiles.sha256(original));
        assertThat(result.output()).as("%s", result)
                .contains("Resuming SSL session in data connection.", "\n226 ");
        if (mode == Mode.EXPLICIT) {
            assertThat(result.output()).as("%s", result).contains("--> AUTH TLS", "\n234 ");
        } else {
            assertThat(result.output()).as("%s", result).doesNotContain("--> AUTH");
        }
        server.awaitNoSessions();
    }

    /**
     * {@code --no-ftps-resume-ssl}: wget makes each data connection a new TLS session, which the
     * default {@code data-tls-session-reuse = required} refuses, with 522 (RFC 4217 10) and a text
     * saying why. wget 1.21 then dies of SIGABRT (its own bug), so its exit status proves nothing:
     * the server's reply, printed by {@code -S}, is what is checked.
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void aDataConnectionThatDoesNotResumeTheSessionIsRefusedWith522(Mode mode) throws Exception {
        TestServer server = servers.start();
        TestFiles.randomFile(server.home().resolve("file.bin"), 100_000, 1);
        Path target = work.resolve("file.bin");

        var result = wget(server, mode, "file.bin", target, "--no-ftps-resume-ssl");

        assertThat(result.output()).as("%s", result).containsPattern(NOT_RESUMED_REFUSAL).doesNotContain("\n226 ");
        assertThat(target).as("%s", result).satisfiesAnyOf(
                t -> assertThat(t).doesNotExist(),
                t -> assertThat(t).isEmptyFile());
        server.awaitNoSessions();
    }

    private ExternalPeer.Result wget(TestServer server, Mode mode, String remote, Path target, String... options)
            throws Exception {
        int port = mode == Mode.EXPLICIT ? server.explicitPort() : server.implicitPort();
        var cmd = new ArrayList<>(List.of("wget", "--no-config", "--server-response", "--no-check-certificate",
                "--tries", "1", "--timeout", "20", "-O", target.toString()));
        if (mode == Mode.IMPLICIT) {
            cmd.add("--ftps-implicit");
        }
        cmd.addAll(List.of(options));
        cmd.add("ftps://" + TestServer.USER + ":" + TestServer.PASSWORD + "@" + RawClient.HOST + ":" + port
                + "/" + remote);
        return ExternalPeer.run(work, cmd);
    }
}
