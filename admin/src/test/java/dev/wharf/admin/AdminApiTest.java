package dev.wharf.admin;

import static dev.wharf.admin.AdminFixture.CAROL;
import static dev.wharf.admin.AdminFixture.CAROL_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.client.FtpsSession;
import dev.wharf.protocol.testing.TestFiles;
import dev.wharf.server.support.Await;
import dev.wharf.server.support.RawClient;
import dev.wharf.server.support.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The admin API over real HTTP (java.net.http) against a real server with real FTPS sessions. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdminApiTest {
    @TempDir
    Path dir;

    private AdminFixture f;

    @BeforeEach
    void start() throws IOException {
        f = new AdminFixture(dir);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private JsonNode sessions() {
        try {
            var r = f.call("GET", "/sessions");
            assertThat(r.status()).isEqualTo(200);
            return r.body().get("sessions");
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void sessionsShowARunningDownloadWithItsProgress() throws Exception {
        TestFiles.randomFile(f.server.home().resolve("big.bin"), 32L << 20, 7);
        var release = new CountDownLatch(1);
        // The client stops reading after its first bytes: the server's transfer runs on, stalled.
        OutputStream stalling = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread download = Thread.ofVirtual().start(() -> {
            try (FtpsSession s = f.client(TestServer.USER, TestServer.PASSWORD).connect()) {
                s.download("/big.bin", stalling);
            } catch (IOException | RuntimeException e) {
                failure.set(e);
            }
        });
        try {
            Await.until("a session with a download under way", () -> {
                JsonNode all = sessions();
                return all.size() == 1 && all.get(0).path("transfer").path("bytes").asLong() > 0;
            }, this::sessions);
            JsonNode s = sessions().get(0);
            assertThat(s.get("id").asLong()).isPositive();
            assertThat(s.get("user").asText()).isEqualTo(TestServer.USER);
            assertThat(s.get("client").get("address").asText()).isEqualTo("127.0.0.1");
            assertThat(s.get("client").get("port").asInt()).isPositive();
            assertThat(s.get("listener").asText()).isEqualTo("explicit");
            assertThat(s.get("connectedAt").asText()).endsWith("Z");
            assertThat(s.get("tls").get("protocol").asText()).startsWith("TLSv1.");
            assertThat(s.get("tls").get("cipherSuite").asText()).startsWith("TLS_");
            assertThat(s.get("dataProtection").asText()).isEqualTo("P");
            JsonNode t = s.get("transfer");
            assertThat(t.get("command").asText()).isEqualTo("RETR");
            assertThat(t.get("direction").asText()).isEqualTo("download");
            assertThat(t.get("path").asText()).isEqualTo("/big.bin");
            assertThat(t.get("startedAt").asText()).endsWith("Z");
        } finally {
            release.countDown();
            download.join();
        }
        assertThat(failure.get()).isNull();
        Await.until("the transfer is over", () -> {
            JsonNode now = sessions(); // one answer: the session may end between two
            return now.isEmpty() || now.get(0).get("transfer").isNull();
        }, this::sessions);
    }

    @Test
    void aClosedSessionSees421AndTheConnectionClose() throws Exception {
        RawClient client = f.server.loggedIn();
        long id = sessions().get(0).get("id").asLong();

        var closed = f.call("DELETE", "/sessions/" + id);

        assertThat(closed.status()).isEqualTo(200);
        assertThat(closed.body().get("closed").asLong()).isEqualTo(id);
        assertThat(client.expectReply(421).text()).isEqualTo("Closed by the server's administrator");
        client.awaitClosedByServer();
        Await.until("the session is gone", () -> sessions().isEmpty(), this::sessions);
        var again = f.call("DELETE", "/sessions/" + id);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.error()).isEqualTo("no open session " + id);
        assertThat(f.call("DELETE", "/sessions/twelve").error()).isEqualTo("a session id is a number, not 'twelve'");
    }

    @Test
    void bansFromWrongPasswordsAreListedAndLifted() throws Exception {
        RawClient guesser = f.server.explicitTls();
        guesser.expect(331, "USER " + TestServer.USER);
        guesser.expect(530, "PASS wrong");
        guesser.expect(331, "USER " + TestServer.USER);
        guesser.expect(421, "PASS wrong");
        assertThatThrownBy(() -> f.logsIn(TestServer.USER, TestServer.PASSWORD)).as("banned")
                .hasMessageContaining("421 Too many failed logins");

        var bans = f.call("GET", "/bans");
        assertThat(bans.status()).isEqualTo(200);
        JsonNode ban = bans.body().get("bans").get(0);
        assertThat(bans.body().get("bans")).hasSize(1);
        assertThat(ban.get("address").asText()).isEqualTo("127.0.0.1");
        assertThat(ban.get("failures").asInt()).isEqualTo(2);
        assertThat(ban.get("until").asText()).endsWith("Z");

        var lifted = f.call("DELETE", "/bans/127.0.0.1");
        assertThat(lifted.status()).isEqualTo(200);
        assertThat(lifted.body().get("lifted").asText()).isEqualTo("127.0.0.1");
        assertThat(f.logsIn(TestServer.USER, TestServer.PASSWORD)).isTrue();
        assertThat(f.call("GET", "/bans").body().get("bans")).isEmpty();
        assertThat(f.call("DELETE", "/bans/127.0.0.1").status()).isEqualTo(404);
        var notAnAddress = f.call("DELETE", "/bans/ftp.example.com");
        assertThat(notAnAddress.status()).isEqualTo(400);
        assertThat(notAnAddress.error()).isEqualTo("'ftp.example.com' is not an IP address");
    }

    @Test
    void usersAddedDisabledEnabledGivenAPasswordAndRemovedLogInAccordingly() throws Exception {
        Path home = dir.resolve("homes").resolve(CAROL);
        var added = f.call("POST", "/users", """
                {"name": "carol", "password": "carol-password", "home": "%s", "readOnly": true}
                """.formatted(home));
        assertThat(added.status()).as(added.raw().body()).isEqualTo(201);
        assertThat(added.body().toString()).isEqualTo(
                "{\"name\":\"carol\",\"readOnly\":true,\"home\":\"" + home + "\",\"disabled\":false}");
        assertThat(home).isDirectory();
        assertThat(f.logsIn(CAROL, CAROL_PASSWORD)).isTrue();

        var twice = f.call("POST", "/users", "{\"name\": \"carol\", \"password\": \"x\", \"home\": \"/tmp\"}");
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.error()).isEqualTo("user 'carol' exists already");

        var list = f.call("GET", "/users");
        assertThat(list.body().get("users")).extracting(u -> u.get("name").asText()).containsExactly(TestServer.USER, CAROL);

        var disabled = f.call("POST", "/users/carol/disable");
        assertThat(disabled.status()).isEqualTo(200);
        assertThat(disabled.body().get("disabled").asBoolean()).isTrue();
        assertThat(f.logsIn(CAROL, CAROL_PASSWORD)).as("disabled").isFalse();
        assertThat(f.call("POST", "/users/carol/enable").body().get("disabled").asBoolean()).isFalse();
        assertThat(f.logsIn(CAROL, CAROL_PASSWORD)).as("enabled").isTrue();

        var password = f.call("POST", "/users/carol/password", "{\"password\": \"new-carol-password\"}");
        assertThat(password.status()).isEqualTo(200);
        assertThat(password.raw().body()).doesNotContain("new-carol-password");
        assertThat(f.logsIn(CAROL, CAROL_PASSWORD)).as("old password").isFalse();
        assertThat(f.logsIn(CAROL, "new-carol-password")).isTrue();

        assertThat(f.call("DELETE", "/users/carol").body().get("removed").asText()).isEqualTo(CAROL);
        assertThat(f.logsIn(CAROL, "new-carol-password")).as("removed").isFalse();
        var gone = f.call("DELETE", "/users/carol");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.error()).isEqualTo("no user 'carol' in " + f.usersFile);
        assertThat(f.call("POST", "/users/carol/disable").status()).isEqualTo(404);
    }

    @Test
    void aDisabledUsersOpenSessionIsClosed() throws Exception {
        RawClient alice = f.server.loggedIn();
        assertThat(f.call("POST", "/users/" + TestServer.USER + "/disable").status()).isEqualTo(200);
        assertThat(alice.expectReply(421).text()).isEqualTo("Your account was removed or disabled; closing the connection");
        alice.awaitClosedByServer();
    }

    @Test
    void withoutTheRightTokenNothingIsAnsweredNotEvenWhichPathsExist() throws Exception {
        for (String token : new String[] {null, "wrong-token-0123456789", AdminFixture.TOKEN + "x", ""}) {
            for (String path : List.of("/sessions", "/nowhere")) {
                var r = f.call("GET", path, null, token);
                assertThat(r.status()).as("token %s, %s", token, path).isEqualTo(401);
                assertThat(r.error()).startsWith("missing or wrong token");
                assertThat(r.raw().headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"wharf-admin\"");
            }
        }
        assertThat(f.call("POST", "/users", "{\"name\":\"eve\",\"password\":\"p\",\"home\":\"/tmp/eve\"}", null).status())
                .isEqualTo(401);
        assertThat(f.users.find("eve")).isEmpty();
    }

    @Test
    void badRequestsGetTheirStatusAndAMessage() throws Exception {
        var unknown = f.call("GET", "/nowhere");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.error()).isEqualTo("no such path: /api/v1/nowhere");
        assertThat(f.call("GET", "/../sessions").status()).isEqualTo(404);

        var method = f.call("PUT", "/sessions");
        assertThat(method.status()).isEqualTo(405);
        assertThat(method.raw().headers().firstValue("Allow")).hasValue("GET");
        assertThat(method.error()).isEqualTo("PUT is not allowed on /api/v1/sessions (allowed: GET)");
        assertThat(f.call("GET", "/users/carol").raw().headers().firstValue("Allow")).hasValue("DELETE");

        assertThat(f.call("POST", "/users", "{\"name\": ").error()).startsWith("the body is not JSON: ");
        assertThat(f.call("POST", "/users", "[1, 2]").error()).isEqualTo("the body must be a JSON object");
        assertThat(f.call("POST", "/users").error()).isEqualTo("the body must be a JSON object");
        assertThat(f.call("POST", "/users", "{\"name\": \"dave\", \"home\": \"/tmp/dave\"}").error())
                .isEqualTo("'password' is missing");
        assertThat(f.call("POST", "/users", "{\"name\": 7, \"password\": \"p\", \"home\": \"/tmp/dave\"}").error())
                .isEqualTo("'name' must be a string");
        assertThat(f.call("POST", "/users", "{\"name\": \"dave\", \"password\": \"p\", \"home\": \"/tmp\", \"admin\": true}").error())
                .startsWith("unknown field 'admin'");
        var badName = f.call("POST", "/users", "{\"name\": \"da ve\", \"password\": \"p\", \"home\": \"/tmp/dave\"}");
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.error()).startsWith("user name 'da ve' must be");
        assertThat(f.call("POST", "/users/alice/password", "{\"password\": \"\"}").error()).isEqualTo("the password is empty");

        var large = f.call("POST", "/users", "{\"name\": \"" + "x".repeat(AdminApi.MAX_BODY) + "\"}");
        assertThat(large.status()).isEqualTo(413);
        assertThat(large.error()).isEqualTo("the body is larger than 64 KiB");
        assertThat(f.users.list()).hasSize(1);
    }

    @Test
    void reloadRunsWhatTheProgramGave() throws Exception {
        var r = f.call("POST", "/reload");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("problems")).isEmpty();
        assertThat(f.reloads).hasValue(1);
    }

    @Test
    void theOpenApiDescriptionIsServed() throws Exception {
        var r = f.call("GET", "/openapi.yaml");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.raw().headers().firstValue("Content-Type")).hasValue("application/yaml");
        assertThat(r.raw().body()).startsWith("openapi: 3.0.3");
    }

    @Test
    void aFailureIs500WithAGenericMessageAndItsDetailsOnlyInTheLog(@TempDir Path other) throws Exception {
        try (var failing = new AdminFixture(other, () -> {
            throw new UncheckedIOException(new IOException("secret detail of /etc/wharf"));
        })) {
            var r = failing.call("POST", "/reload");
            assertThat(r.status()).isEqualTo(500);
            assertThat(r.error()).isEqualTo("internal error; the server's log says more");
            assertThat(r.raw().body()).doesNotContain("secret detail");
        }
    }
}
