package dev.wharf.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.client.FtpsClient;
import dev.wharf.client.FtpsException;
import dev.wharf.client.FtpsSession;
import dev.wharf.client.TlsMode;
import dev.wharf.client.TrustPolicy;
import dev.wharf.protocol.HostPort;
import dev.wharf.server.support.Await;
import dev.wharf.server.support.RawClient;
import dev.wharf.server.support.TestServer;
import dev.wharf.server.support.TestServers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The audit log of a real server, written while Wharf's client works on it, read back with Jackson. */
@Timeout(120)
class JsonAuditLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NODE = "ftp-test-1";

    @RegisterExtension
    final TestServers servers = new TestServers();

    @TempDir
    Path dir;

    @Test
    void aLoginAnUploadADownloadAndAFailedLoginAreLinesWithTheirFields() throws Exception {
        Path file = dir.resolve("logs").resolve("audit.json");
        try (var audit = JsonAuditLog.toFile(file, NODE)) {
            TestServer server = servers.start(b -> b.eventListener(audit));
            byte[] content = "hello audit\n".getBytes(StandardCharsets.UTF_8);
            try (FtpsSession session = client(server, TlsMode.EXPLICIT, TestServer.PASSWORD).connect()) {
                session.upload(new ByteArrayInputStream(content), "up.txt");
                var down = new ByteArrayOutputStream();
                session.download("up.txt", down);
                assertThat(down.toByteArray()).isEqualTo(content);
                session.mkdir("sub");
                session.rename("up.txt", "sub/moved.txt");
            }
            assertThatThrownBy(() -> client(server, TlsMode.IMPLICIT, "wrong").connect()).isInstanceOf(FtpsException.class);
            List<JsonNode> lines = awaitLines(file, "session_closed", 2);

            assertThat(lines).allSatisfy(line -> {
                assertThat(line.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
                assertThat(line.get("node").asText()).isEqualTo(NODE);
                assertThat(line.get("session").isIntegralNumber()).isTrue();
                assertThat(line.get("client_address").asText()).isEqualTo(RawClient.HOST);
                assertThat(line.get("client_port").asInt()).isPositive();
                assertThat(line.get("listener").asText()).isIn("explicit", "implicit");
                assertThat(line.properties()).noneMatch(field -> field.getValue().isNull()); // omitted, not null
            });
            Map<Long, List<JsonNode>> bySession = bySession(lines);
            assertThat(bySession).hasSize(2);
            Iterator<List<JsonNode>> sessions = bySession.values().iterator();
            List<JsonNode> alice = sessions.next();
            List<JsonNode> wrong = sessions.next();

            assertThat(alice).extracting(JsonAuditLogTest::summary).containsSubsequence(
                    "session_opened", "tls_established control", "login_ok alice", "command PASS 230",
                    "transfer_started upload /up.txt", "tls_established data", "transfer_completed upload /up.txt completed",
                    "command STOR 226", "transfer_started download /up.txt", "transfer_completed download /up.txt completed",
                    "command RETR 226", "file_changed mkdir /sub", "file_changed rename /up.txt", "session_closed");
            assertThat(alice).allSatisfy(line -> assertThat(line.get("listener").asText()).isEqualTo("explicit"));
            JsonNode tls = first(alice, "tls_established");
            assertThat(tls.get("tls_protocol").asText()).startsWith("TLSv1.");
            assertThat(tls.get("tls_cipher").asText()).startsWith("TLS_");
            assertThat(tls.get("tls_resumed").asBoolean()).isFalse();
            JsonNode upload = first(alice, "transfer_completed");
            assertThat(upload.get("user").asText()).isEqualTo(TestServer.USER);
            assertThat(upload.get("bytes").asLong()).isEqualTo(content.length);
            assertThat(upload.get("offset").asLong()).isZero();
            assertThat(upload.get("type").asText()).isEqualTo("binary");
            assertThat(upload.get("duration_ms").isIntegralNumber()).isTrue();
            assertThat(upload.get("tls_resumed").asBoolean()).isTrue();
            assertThat(first(alice, "file_changed rename").get("to").asText()).isEqualTo("/sub/moved.txt");
            assertThat(first(alice, "session_closed").get("duration_ms").isIntegralNumber()).isTrue();
            assertThat(first(alice, "session_opened").has("user")).as("not logged in yet").isFalse();

            assertThat(wrong).extracting(JsonAuditLogTest::summary).containsSubsequence(
                    "session_opened", "tls_established control", "login_failed alice", "command PASS 530", "session_closed");
            assertThat(wrong).allSatisfy(line -> assertThat(line.get("listener").asText()).isEqualTo("implicit"));
            assertThat(first(wrong, "login_failed").get("reason").asText()).isEqualTo("wrong_password");
            assertThat(wrong).noneMatch(line -> line.get("event").asText().equals("login_ok"));
        }
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aRefusedDataConnectionIsALineWithItsReason() throws Exception {
        Path file = dir.resolve("audit.json");
        try (var audit = JsonAuditLog.toFile(file, NODE)) {
            TestServer server = servers.start(b -> b.eventListener(audit));
            Files.writeString(server.home().resolve("a.txt"), "a");
            try (RawClient c = server.loggedIn()) {
                c.expect(200, "PBSZ 0");
                c.expect(200, "PROT P");
                int port = HostPort.parseExtendedPassiveReply(c.expect(229, "EPSV").text());
                try (var data = new Socket()) {
                    data.connect(new InetSocketAddress(RawClient.HOST, port), RawClient.TIMEOUT_MILLIS);
                    c.send("RETR a.txt");
                    c.expectReply(150);
                } // closed before any TLS handshake
                c.expectReply(522);
            }
            List<JsonNode> lines = awaitLines(file, "data_connection_refused", 1);
            JsonNode refused = first(lines, "data_connection_refused");
            assertThat(refused.get("reason").asText()).isEqualTo("tls_failed");
            JsonNode failed = first(lines, "tls_failed");
            assertThat(failed.get("tls_connection").asText()).isEqualTo("data");
            assertThat(failed.has("detail")).isTrue();
            assertThat(refused.get("detail").asText()).contains("TLS");
            assertThat(refused.get("user").asText()).isEqualTo(TestServer.USER);
        }
    }

    @Test
    void concurrentSessionsNeverInterleaveTheirLines() throws Exception {
        Path file = dir.resolve("audit.json");
        int sessions = 8;
        try (var audit = JsonAuditLog.toFile(file, NODE)) {
            TestServer server = servers.start(b -> b.eventListener(audit));
            var threads = new ArrayList<Thread>();
            var failures = new ArrayList<Throwable>();
            for (int i = 0; i < sessions; i++) {
                String name = "file-" + i + ".txt";
                threads.add(Thread.ofVirtual().start(() -> {
                    try (FtpsSession session = client(server, TlsMode.EXPLICIT, TestServer.PASSWORD).connect()) {
                        session.upload(new ByteArrayInputStream(new byte[1000]), name);
                        session.list("/");
                    } catch (IOException | RuntimeException e) {
                        synchronized (failures) {
                            failures.add(e);
                        }
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            assertThat(failures).isEmpty();
            List<JsonNode> lines = awaitLines(file, "session_closed", sessions); // every line parsed
            assertThat(bySession(lines)).hasSize(sessions);
            assertThat(lines).filteredOn(line -> summary(line).startsWith("transfer_completed upload")).hasSize(sessions);
        }
    }

    @Test
    void aFullDiskDropsLinesWithOneWarningAndTheSessionsGoOn() throws Exception {
        Path full = Path.of("/dev/full"); // every write fails with ENOSPC, as on a full disk
        assertThat(full).as("Linux's /dev/full").exists();
        String log = CapturedLog.during(() -> {
            try (var audit = JsonAuditLog.toFile(full, NODE)) {
                TestServer server = servers.start(b -> b.eventListener(audit));
                for (int i = 0; i < 2; i++) {
                    try (FtpsSession session = client(server, TlsMode.EXPLICIT, TestServer.PASSWORD).connect()) {
                        session.upload(new ByteArrayInputStream(new byte[10]), "f.txt");
                    }
                }
                server.awaitNoSessions();
            }
        });
        assertThat(log.lines().filter(line -> line.contains("cannot write the audit log"))).hasSize(1);
        assertThat(log).contains("No space left on device");
    }

    @Test
    void aStreamGetsTheSameLinesAndStaysOpen() throws Exception {
        var out = new ByteArrayOutputStream();
        try (var audit = JsonAuditLog.to(out, NODE)) {
            TestServer server = servers.start(b -> b.eventListener(audit));
            try (RawClient c = server.loggedIn()) {
                c.expect(221, "QUIT");
            }
            Await.until("the session closed", () -> out.toString(StandardCharsets.UTF_8).contains("\"session_closed\""), out::toString);
        }
        List<JsonNode> lines = parse(out.toString(StandardCharsets.UTF_8));
        assertThat(lines).extracting(JsonAuditLogTest::summary)
                .containsSubsequence("session_opened", "login_ok alice", "command QUIT 221", "session_closed");
    }

    // ---- helpers ----

    static FtpsClient client(TestServer server, TlsMode mode, String password) {
        return FtpsClient.builder()
                .host(RawClient.HOST)
                .port(mode == TlsMode.EXPLICIT ? server.explicitPort() : server.implicitPort())
                .mode(mode)
                .credentials(TestServer.USER, password)
                .trust(TrustPolicy.pinned(TestServer.PIN))
                .replyTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** Every line of {@code file}, parsed, once {@code event} is in it {@code count} times: sessions end on their own threads. */
    static List<JsonNode> awaitLines(Path file, String event, int count) {
        Await.until(count + " " + event, () -> read(file).stream().filter(l -> l.get("event").asText().equals(event)).count() == count,
                () -> readText(file));
        return parse(readText(file));
    }

    /** The lines written so far: a line being written as the file is read is left for the next read. */
    static List<JsonNode> read(Path file) {
        String text = readText(file);
        return text.isEmpty() ? List.of() : parse(text.substring(0, text.lastIndexOf('\n') + 1));
    }

    private static String readText(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each line one JSON object, the last one ended too. */
    static List<JsonNode> parse(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        assertThat(text).endsWith("\n");
        var lines = new ArrayList<JsonNode>();
        for (String line : text.split("\n")) {
            try {
                JsonNode node = JSON.readTree(line);
                assertThat(node.isObject()).as(line).isTrue();
                lines.add(node);
            } catch (IOException e) {
                throw new AssertionError("not one JSON object: " + line, e);
            }
        }
        return lines;
    }

    private static Map<Long, List<JsonNode>> bySession(List<JsonNode> lines) {
        var bySession = new LinkedHashMap<Long, List<JsonNode>>();
        for (JsonNode line : lines) {
            bySession.computeIfAbsent(line.get("session").asLong(), id -> new ArrayList<>()).add(line);
        }
        return bySession;
    }

    /** The event and what tells it apart: "command STOR 226", "login_ok alice", "transfer_completed upload /a completed". */
    static String summary(JsonNode line) {
        String event = line.get("event").asText();
        return switch (event) {
            case "tls_established" -> event + " " + line.get("tls_connection").asText();
            case "login_ok", "login_failed" -> event + " " + line.path("user").asText("-");
            case "command" -> event + " " + line.get("verb").asText() + " " + line.get("reply_code").asInt();
            case "transfer_started" -> event + " " + line.get("direction").asText() + " " + line.get("path").asText();
            case "transfer_completed" -> event + " " + line.get("direction").asText() + " " + line.get("path").asText()
                    + " " + line.get("result").asText();
            case "file_changed" -> event + " " + line.get("change").asText() + " " + line.get("path").asText();
            default -> event;
        };
    }

    private static JsonNode first(List<JsonNode> lines, String summaryPrefix) {
        return lines.stream().filter(line -> summary(line).startsWith(summaryPrefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + summaryPrefix + " in " + lines));
    }
}
