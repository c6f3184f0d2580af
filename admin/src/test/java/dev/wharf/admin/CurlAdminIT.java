package dev.wharf.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.server.support.ExternalPeer;
import dev.wharf.server.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API driven by curl as a process, as the README shows it. The token goes in a header file
 * ({@code -H @file}), not on the command line, where other users of the machine could read it.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CurlAdminIT {
    @TempDir
    Path dir;

    private AdminFixture f;
    private Path authorization;

    @BeforeEach
    void start() throws Exception {
        ExternalPeer.assumeInstalled("curl");
        f = new AdminFixture(dir);
        authorization = Files.writeString(dir.resolve("authorization"), "Authorization: Bearer " + AdminFixture.TOKEN + "\n");
    }

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    private record Answer(int status, JsonNode body) {}

    private Answer curl(boolean withToken, String... args) throws Exception {
        var command = new ArrayList<>(List.of("curl", "--silent", "--show-error", "--write-out", "\n%{http_code}"));
        if (withToken) {
            command.addAll(List.of("-H", "@" + authorization));
        }
        command.addAll(List.of(args));
        var result = ExternalPeer.run(command);
        assertThat(result.exitCode()).as("%s", result).isZero();
        String out = result.output().strip();
        int lastLine = out.lastIndexOf('\n');
        return new Answer(Integer.parseInt(out.substring(lastLine + 1).strip()), new ObjectMapper().readTree(out.substring(0, lastLine)));
    }

    @Test
    void sessionsUsersAndErrorsThroughCurl() throws Exception {
        var session = f.server.loggedIn();

        var sessions = curl(true, f.url("/sessions"));
        assertThat(sessions.status()).isEqualTo(200);
        assertThat(sessions.body().get("sessions").get(0).get("user").asText()).isEqualTo(TestServer.USER);

        var added = curl(true, "-X", "POST", "-H", "Content-Type: application/json", "--data",
                "{\"name\": \"carol\", \"password\": \"carol-password\", \"home\": \"" + dir.resolve("carol") + "\"}",
                f.url("/users"));
        assertThat(added.status()).isEqualTo(201);
        assertThat(added.body().get("name").asText()).isEqualTo("carol");
        assertThat(f.logsIn("carol", "carol-password")).isTrue();

        var closed = curl(true, "-X", "DELETE", f.url("/sessions/" + sessions.body().get("sessions").get(0).get("id").asLong()));
        assertThat(closed.status()).isEqualTo(200);
        assertThat(session.expectReply(421).code()).isEqualTo(421);

        var notBanned = curl(true, "-X", "DELETE", f.url("/bans/192.0.2.7"));
        assertThat(notBanned.status()).isEqualTo(404);
        assertThat(notBanned.body().get("error").asText()).isEqualTo("192.0.2.7 is not banned");

        var noToken = curl(false, f.url("/users"));
        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.body().get("error").asText()).startsWith("missing or wrong token");
    }
}
