package dev.wharf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.server.support.Await;
import dev.wharf.server.support.ExternalPeer;
import dev.wharf.server.support.Json;
import dev.wharf.server.support.RawClient;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code wharf serve --audit-log}, as a process, while curl logs in: to a file, and to standard output. */
@Timeout(180)
class ServeAuditLogIT {
    private static final String PASSWORD = "audit-password-1";

    @TempDir
    Path dir;

    private Path users;
    private ServeProcess serve;

    @BeforeEach
    void alice() throws IOException {
        ExternalPeer.assumeInstalled("curl");
        users = ServeProcess.usersFileWithAlice(dir, PASSWORD);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (serve != null) {
            serve.close();
        }
    }

    @Test
    void theAuditLogFileHasCurlsLogin() throws Exception {
        Path audit = dir.resolve("log").resolve("audit.json");
        serve = serve("--audit-log", audit.toString(), "--node-name", "ftp-7");
        curlLogin();
        serve.close();

        List<Map<String, Object>> lines = parse(Files.readString(audit));
        Map<String, Object> login = only(lines, "login_ok");
        assertThat(login).containsEntry("node", "ftp-7").containsEntry("user", "alice")
                .containsEntry("client_address", RawClient.HOST).containsEntry("listener", "explicit");
        assertThat(lines).extracting(line -> line.get("event"))
                .containsSubsequence("session_opened", "tls_established", "login_ok", "session_closed");
        assertThat(Files.readString(audit)).doesNotContain(PASSWORD);
    }

    @Test
    void aDashWritesItToStandardOutputNamedAfterTheHost() throws Exception {
        serve = serve("--audit-log", "-");
        curlLogin();
        Await.until("the login on standard output", () -> serve.output().contains("\"event\":\"login_ok\""), serve::output);

        List<Map<String, Object>> lines = parse(serve.output().lines().filter(line -> line.startsWith("{"))
                .map(line -> line + "\n").reduce("", String::concat));
        assertThat(only(lines, "login_ok")).containsEntry("node", InetAddress.getLocalHost().getHostName())
                .containsEntry("user", "alice");
    }

    private ServeProcess serve(String... auditSettings) throws Exception {
        var settings = new ArrayList<>(List.of("--state-dir", dir.resolve("state").toString(), "--users-file", users.toString(),
                "--listen-addresses", RawClient.HOST, "--explicit-port", "0", "--implicit-port", "off",
                "--transfer-log", "off"));
        settings.addAll(List.of(auditSettings));
        return ServeProcess.start(dir.resolve("serve.log"), settings);
    }

    private void curlLogin() throws Exception {
        ExternalPeer.run(List.of("curl", "--ssl-reqd", "--insecure", "--silent", "--show-error", "--max-time", "20",
                "--user", "alice:" + PASSWORD, "ftp://" + RawClient.HOST + ":" + serve.explicitPort() + "/")).assertOk();
    }

    /** One JSON object a line, each line ended. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> parse(String text) {
        assertThat(text).endsWith("\n");
        return text.lines().map(line -> (Map<String, Object>) Json.parse(line)).toList();
    }

    private static Map<String, Object> only(List<Map<String, Object>> lines, String event) {
        List<Map<String, Object>> found = lines.stream().filter(line -> event.equals(line.get("event"))).toList();
        assertThat(found).as("%s in %s", event, lines).hasSize(1);
        return found.get(0);
    }
}
