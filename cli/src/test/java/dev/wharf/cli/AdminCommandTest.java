package dev.wharf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.cli.client.ExitCode;
import dev.wharf.client.FtpsClient;
import dev.wharf.client.FtpsSession;
import dev.wharf.client.TlsMode;
import dev.wharf.client.TrustPolicy;
import dev.wharf.server.auth.PasswordHash;
import dev.wharf.server.auth.UsersFile;
import dev.wharf.server.support.RawClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code wharf serve --admin-address} as a process, and {@code wharf admin ...} calling its API. */
@Timeout(180)
class AdminCommandTest {
    private static final Pattern ADMIN = Pattern.compile("admin API: (http://\\S+)/api/v1 \\(token generated in (.+)\\)");
    private static final Pattern EXPLICIT_PORT = Pattern.compile("explicit FTPS \\(AUTH TLS\\) on port (\\d+)");
    private static final Pattern FINGERPRINT = Pattern.compile("SHA-256 fingerprint: (\\S+)");

    @TempDir
    Path dir;

    private Process serve;

    @AfterEach
    void stop() throws InterruptedException {
        if (serve != null) {
            serve.destroy();
            serve.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The banner up to its "Ready" line, read in the background so that a silent process fails by the timeout. */
    private static List<String> banner(Process serve) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            var lines = new ArrayList<String>();
            try {
                var out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
                for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                    if (line.startsWith("Ready in")) {
                        return lines;
                    }
                }
                throw new IllegalStateException("wharf serve ended before it was ready: " + lines);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).get(90, TimeUnit.SECONDS);
    }

    private static Matcher find(Pattern p, List<String> lines) {
        for (String line : lines) {
            Matcher m = p.matcher(line);
            if (m.find()) {
                return m;
            }
        }
        throw new AssertionError("no " + p + " in " + lines);
    }

    @Test
    void wharfAdminManagesARunningServe() throws Exception {
        Path users = dir.resolve("users");
        UsersFile file = UsersFile.load(users);
        file.put(new UsersFile.Entry("alice", PasswordHash.create("alice-password", 1000), true,
                Files.createDirectories(dir.resolve("alice"))));
        file.save();
        Path tokenFile = dir.resolve("secret").resolve("admin-token");
        serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve",
                "--state-dir", dir.resolve("state").toString(), "--users-file", users.toString(),
                "--listen-addresses", RawClient.HOST, "--explicit-port", "0", "--implicit-port", "off",
                "--transfer-log", "off", "--admin-address", "127.0.0.1:0", "--admin-token-file", tokenFile.toString())
                .redirectError(dir.resolve("serve.log").toFile())
                .start();
        List<String> banner = banner(serve);

        Matcher admin = find(ADMIN, banner);
        String url = admin.group(1);
        assertThat(Path.of(admin.group(2))).isEqualTo(tokenFile);
        String token = Files.readString(tokenFile).strip();
        assertThat(token).hasSizeGreaterThanOrEqualTo(40);
        assertThat(Files.getPosixFilePermissions(tokenFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(String.join("\n", banner)).doesNotContain(token);
        String[] api = {"--url", url, "--token-file", tokenFile.toString()};

        var added = Cli.runWithInput("carol-password-1\n", args(api, "admin", "user-add", "carol", "--home",
                dir.resolve("carol").toString(), "--password-stdin"));
        assertThat(added.exitCode()).as(added.err()).isZero();
        assertThat(added.out()).isEqualTo("Added user 'carol' (read-write, home " + dir.resolve("carol") + ").\n");
        assertThat(UsersFile.load(users).authenticate("carol", "carol-password-1")).as("wharf user's file").isPresent();

        var list = Cli.run(args(api, "admin", "users"));
        assertThat(list.out().lines()).first().asString().startsWith("NAME").contains("RIGHTS", "STATE", "HOME");
        assertThat(list.out().lines()).anyMatch(l -> l.startsWith("carol") && l.contains("rw") && l.contains("enabled"));

        int port = Integer.parseInt(find(EXPLICIT_PORT, banner).group(1));
        String pin = find(FINGERPRINT, banner).group(1);
        try (FtpsSession carol = FtpsClient.builder().host(RawClient.HOST).port(port).mode(TlsMode.EXPLICIT)
                .credentials("carol", "carol-password-1").trust(TrustPolicy.pinned(pin)).build().connect()) {
            var sessions = Cli.run(args(api, "admin", "sessions"));
            assertThat(sessions.exitCode()).as(sessions.err()).isZero();
            assertThat(sessions.out().lines()).first().asString().startsWith("ID").contains("USER", "CLIENT", "TLS", "TRANSFER");
            assertThat(sessions.out()).contains(" carol ", "127.0.0.1:", "TLSv1.");

            var json = new ObjectMapper().readTree(Cli.run(args(api, "admin", "sessions", "--json")).out());
            assertThat(json.get("sessions").get(0).get("user").asText()).isEqualTo("carol");
            long id = json.get("sessions").get(0).get("id").asLong();
            var closed = Cli.run(args(api, "admin", "close", Long.toString(id)));
            assertThat(closed.out()).isEqualTo("Closed session " + id + ".\n");
        }

        var disabled = Cli.run(args(api, "admin", "user-disable", "carol"));
        assertThat(disabled.out()).isEqualTo("Disabled user 'carol' (read-write, disabled, home " + dir.resolve("carol") + ").\n");
        assertThat(UsersFile.load(users).get("carol").orElseThrow().disabled()).isTrue();

        assertThat(Cli.run(args(api, "admin", "reload")).out()).isEqualTo("Reloaded.\n");
        assertThat(Cli.run(args(api, "admin", "bans")).out()).isEqualTo("ADDRESS  UNTIL  FAILURES\n");

        var notBanned = Cli.run(args(api, "admin", "unban", "192.0.2.1"));
        assertThat(notBanned.exitCode()).isEqualTo(ExitCode.REMOTE_FILE);
        assertThat(notBanned.err()).isEqualTo("wharf: 192.0.2.1 is not banned\n");

        Path wrong = Files.writeString(dir.resolve("wrong-token"), "not-the-token-0123456789\n");
        var refused = Cli.run("admin", "users", "--url", url, "--token-file", wrong.toString());
        assertThat(refused.exitCode()).isEqualTo(ExitCode.LOGIN);
        assertThat(refused.err()).startsWith("wharf: missing or wrong token");

        var noFile = Cli.run("admin", "users", "--url", url, "--token-file", dir.resolve("none").toString());
        assertThat(noFile.exitCode()).isEqualTo(ExitCode.CONFIG);
        assertThat(noFile.err()).startsWith("wharf: no token file " + dir.resolve("none"));

        assertThat(Files.readString(dir.resolve("serve.log"))).doesNotContain(token).doesNotContain("carol-password-1");
    }

    @Test
    void anUnreachableApiIsExitCode3() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "some-token-0123456789abcdef\n");
        var result = Cli.run("admin", "sessions", "--url", "http://127.0.0.1:" + dev.wharf.server.support.TestServer.closedPort(),
                "--token-file", token.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCode.CONNECTION);
        assertThat(result.err()).startsWith("wharf: cannot reach the admin API at http://127.0.0.1:");
    }

    private static String[] args(String[] api, String... command) {
        String[] all = new String[command.length + api.length];
        System.arraycopy(command, 0, all, 0, command.length);
        System.arraycopy(api, 0, all, command.length, api.length);
        return all;
    }
}
