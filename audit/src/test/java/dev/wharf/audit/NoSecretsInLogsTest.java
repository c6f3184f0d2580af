package dev.wharf.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.client.FtpsClient;
import dev.wharf.client.FtpsException;
import dev.wharf.client.FtpsSession;
import dev.wharf.client.TlsMode;
import dev.wharf.client.TrustPolicy;
import dev.wharf.server.auth.InMemoryUsers;
import dev.wharf.server.support.Await;
import dev.wharf.server.support.RawClient;
import dev.wharf.server.support.TestServer;
import dev.wharf.server.support.TestServers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * No password, ever: passwords that carry a marker of their own are sent every way a client can
 * send one, right and wrong, and the marker is looked for in the audit log, the xferlog and
 * everything the server logged at debug level (the command trace included).
 */
@Timeout(120)
class NoSecretsInLogsTest {
    private static final String USER = "carol";
    private static final String MARKER = "mArKeR" + UUID.randomUUID().toString().replace("-", "");

    @RegisterExtension
    final TestServers servers = new TestServers();

    @TempDir
    Path dir;

    @Test
    void noPasswordReachesAnyLog() throws Exception {
        String password = "right-" + MARKER + "-1";
        List<String> wrong = List.of("wrong-" + MARKER + "-2", "raw-" + MARKER + "-3", "early-" + MARKER + "-4");
        Path auditFile = dir.resolve("audit.json");
        Path xferlog = dir.resolve("xferlog");
        Path home = Files.createDirectories(dir.resolve(USER));
        String logged;
        try (var audit = JsonAuditLog.toFile(auditFile, "node")) {
            logged = CapturedLog.during(() -> {
                TestServer server = servers.start(b -> b.eventListener(audit).transferLog(xferlog)
                        .authenticator(new InMemoryUsers(1000).add(USER, password, home, true)));
                try (FtpsSession session = client(server, password).connect()) {
                    session.upload(new ByteArrayInputStream(new byte[] {1, 2, 3}), "f.bin");
                    session.download("f.bin", new ByteArrayOutputStream());
                }
                assertThatThrownBy(() -> client(server, wrong.get(0)).connect()).isInstanceOf(FtpsException.class);
                try (RawClient raw = server.explicitTls()) {
                    raw.expect(503, "PASS " + wrong.get(2)); // before USER
                    raw.expect(331, "USER " + USER);
                    raw.expect(530, "PASS " + wrong.get(1));
                    raw.expect(221, "QUIT");
                }
                Await.until("three sessions closed", () -> count(auditFile, "\"session_closed\"") == 3,
                        () -> JsonAuditLogTest.read(auditFile));
            });
        }

        String auditText = Files.readString(auditFile);
        String xferText = Files.readString(xferlog);
        // The logs are there, and say what happened...
        assertThat(count(auditFile, "\"login_ok\"")).isEqualTo(1);
        assertThat(count(auditFile, "\"login_failed\"")).isEqualTo(2);
        assertThat(xferText.lines()).hasSize(2).allMatch(line -> line.contains(" " + USER + " "));
        assertThat(logged).contains("> PASS ****"); // the command trace was captured
        // ...but not the passwords, nor any part of them.
        for (var log : List.of(auditText, xferText, logged)) {
            assertThat(log).doesNotContain(MARKER);
        }
    }

    private static FtpsClient client(TestServer server, String password) {
        return FtpsClient.builder()
                .host(RawClient.HOST)
                .port(server.explicitPort())
                .mode(TlsMode.EXPLICIT)
                .credentials(USER, password)
                .trust(TrustPolicy.pinned(TestServer.PIN))
                .replyTimeout(Duration.ofSeconds(10))
                .build();
    }

    private static long count(Path file, String text) {
        return JsonAuditLogTest.read(file).stream().filter(line -> line.toString().contains(text)).count();
    }
}
