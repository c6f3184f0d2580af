package dev.wharf.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.protocol.tls.Identity;
import dev.wharf.server.WharfServer;
import dev.wharf.server.auth.InMemoryUsers;
import dev.wharf.server.config.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark is never part of the test suite; this only checks that the tool runs every test end
 * to end, with tiny sizes, against an in-process Wharf. It asserts no timing.
 */
class LoadBenchSmokeTest {

    @Test
    @Timeout(120)
    void everyTestRunsAndReportsARow(@TempDir Path root) throws Exception {
        Files.write(root.resolve("big.bin"), new byte[1 << 20]);
        Files.createDirectories(root.resolve("up"));
        Path dir = Files.createDirectories(root.resolve("dir"));
        for (int i = 0; i < 50; i++) {
            Files.writeString(dir.resolve("f" + i), "x".repeat(i));
        }
        Identity identity = Identity.selfSigned("localhost", List.of("localhost", "127.0.0.1"));
        Path pem = root.resolve("cert.pem");
        Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder().encodeToString(identity.certificate().getEncoded())
                + "\n-----END CERTIFICATE-----\n", StandardCharsets.US_ASCII);

        try (var server = WharfServer.start(ServerConfig.builder()
                .listenAddresses(List.of(InetAddress.getLoopbackAddress()))
                .explicitPort(0).implicitPort(0)
                .identity(identity)
                .authenticator(new InMemoryUsers(1000).add("bench", "bench", root, true))
                .allowClearData(true)
                .failedLoginDelay(Duration.ZERO)
                .build())) {
            var printed = new ByteArrayOutputStream();
            List<String> rows = LoadBench.run(new PrintStream(printed, true, StandardCharsets.UTF_8),
                    "--name", "smoke", "--port", Integer.toString(server.explicitPort()),
                    "--implicit-port", Integer.toString(server.implicitPort()),
                    "--trust-cert", pem.toString(), "--server-pid", Long.toString(ProcessHandle.current().pid()),
                    "--reps", "1", "--big", "big.bin", "--upload-size", "1000000", "--sessions", "6",
                    "--concurrency", "1,3", "--dir", "dir", "--idle", "5", "--many", "3", "--many-size", "100000");

            assertThat(rows).hasSize(3 + 2 + 4 + 1 + 1 + 1);
            assertThat(rows).noneMatch(r -> r.contains("failed") || r.contains("error:"));
            assertThat(rows).anyMatch(r -> r.contains("c) sessions/s") && r.contains(" 0 errors"));
            assertThat(rows).anyMatch(r -> r.contains("d) MLSD") && r.contains("50 entries"));
            assertThat(rows).anyMatch(r -> r.contains("e) idle") && r.contains("5 of 5 held"));
            assertThat(printed.toString(StandardCharsets.UTF_8)).startsWith("| server | test |");
        }
    }
}
