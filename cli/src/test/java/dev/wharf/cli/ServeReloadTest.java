package dev.wharf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.server.auth.UsersFile;
import dev.wharf.server.support.Await;
import dev.wharf.server.support.RawClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGHUP (what {@code systemctl reload} sends) reloads a running {@code wharf serve}: the live
 * settings of its config file apply to the next connection, the others are reported as needing a
 * restart, a broken file changes nothing, and the users file is read at once.
 */
@Timeout(120)
class ServeReloadTest {
    @TempDir
    Path dir;

    private Path config;
    private Path users;

    @BeforeEach
    void files() throws Exception {
        users = ServeProcess.usersFileWithAlice(dir, "reload-password");
        config = dir.resolve("wharf.conf");
        writeConfig("greeting = Before the reload");
    }

    private void writeConfig(String... extra) throws Exception {
        var lines = new java.util.ArrayList<>(List.of(
                "state-dir = " + dir.resolve("state"),
                "users-file = " + users,
                "listen-addresses = " + RawClient.HOST,
                "explicit-port = 0",
                "implicit-port = off",
                "transfer-log = off"));
        lines.addAll(List.of(extra));
        Files.write(config, lines);
    }

    private ServeProcess serve() throws Exception {
        return ServeProcess.start(dir.resolve("serve.log"), "--config", config.toString());
    }

    private static String greeting(ServeProcess serve) throws Exception {
        try (RawClient client = RawClient.connect(serve.explicitPort())) {
            return client.expectReply(220).text();
        }
    }

    @Test
    void liveSettingsApplyToTheNextConnectionAndTheOthersNeedARestart() throws Exception {
        try (var serve = serve()) {
            assertThat(greeting(serve)).isEqualTo("Before the reload");

            writeConfig("greeting = After the reload", "max-sessions = 20", "allow-ccc = yes");
            serve.hangUp();

            Await.until("the reload", () -> serve.log().contains("settings reloaded: max-sessions, greeting now apply"), serve::log);
            assertThat(serve.log()).contains("setting allow-ccc changed ('yes'), but needs a restart: the server still runs with 'no'");
            assertThat(greeting(serve)).isEqualTo("After the reload");
            assertThat(serve.isAlive()).isTrue();
        }
    }

    @Test
    void aBrokenConfigFileChangesNothingAndSaysWhy() throws Exception {
        try (var serve = serve()) {
            writeConfig("greeting = Never applied", "idle-timeout = soon");
            serve.hangUp();

            Await.until("the refused reload", () -> serve.log().contains(
                    "settings not reloaded, the server keeps running with those it has: " + config + ":8: idle-timeout:"),
                    serve::log);
            assertThat(greeting(serve)).isEqualTo("Before the reload");
        }
    }

    @Test
    void aUserRemovedFromTheFileIsRefusedAfterTheReload() throws Exception {
        try (var serve = serve()) {
            UsersFile usersFile = UsersFile.load(users);
            usersFile.remove("alice");
            usersFile.save();
            serve.hangUp();

            Await.until("the users reload", () -> serve.log().contains("users file reloaded, 0 users"), serve::log);
            try (RawClient client = RawClient.connect(serve.explicitPort())) {
                client.expectReply(220);
                client.authTls();
                client.expect(331, "USER alice");
                client.expect(530, "PASS reload-password");
            }
        }
    }
}
