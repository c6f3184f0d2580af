package dev.wharf.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.protocol.Reply;
import dev.wharf.server.support.RawClient;
import dev.wharf.server.support.TestServer;
import dev.wharf.server.support.TestServers;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** USER and PASS (RFC 959 4.1.1), anonymous login, and the ban after repeated failures. */
@Timeout(60)
class LoginTest {
    private static final String WRONG = "not-the-password";

    @RegisterExtension
    final TestServers servers = new TestServers();

    @TempDir
    Path anonymousHome;

    @Test
    void rightPassword() throws Exception {
        RawClient client = servers.start().explicitTls();

        client.expect(331, "USER " + TestServer.USER);
        client.expect(230, "PASS " + TestServer.PASSWORD);
        assertThat(client.commandRaw("PWD")).isEqualTo("257 \"/\" is the current directory\r\n");
    }

    @Test
    void wrongPasswordThenRightOne() throws Exception {
        RawClient client = servers.start().explicitTls();

        client.expect(331, "USER " + TestServer.USER);
        client.expect(530, "PASS " + WRONG);
        client.expect(530, "PWD");
        client.login();
        client.expect(257, "PWD");
    }

    @Test
    void unknownUserLooksLikeAWrongPassword() throws Exception {
        RawClient client = servers.start().explicitTls();

        Reply unknownUser = client.expect(331, "USER mallory");
        Reply unknownUserPass = client.expect(530, "PASS " + WRONG);
        client.expect(331, "USER " + TestServer.USER);
        Reply wrongPass = client.expect(530, "PASS " + WRONG);

        assertThat(unknownUser.text()).isEqualTo("Password required for mallory");
        assertThat(unknownUserPass).isEqualTo(wrongPass);
    }

    @Test
    void passWithoutUser() throws Exception {
        RawClient client = servers.start().explicitTls();

        client.expect(503, "PASS " + TestServer.PASSWORD);
        client.login();
        client.expect(503, "PASS " + TestServer.PASSWORD); // already logged in
    }

    @Test
    void userWithoutName() throws Exception {
        servers.start().explicitTls().expect(501, "USER");
    }

    @ParameterizedTest
    @ValueSource(strings = {"anonymous", "ftp", "ANONYMOUS"})
    void anonymousIsRefusedByDefault(String name) throws Exception {
        RawClient client = servers.start().explicitTls();

        client.expect(530, "USER " + name);
        client.expect(503, "PASS guest@example.com");
    }

    @Test
    void anonymousWorksWhenItHasAHome() throws Exception {
        RawClient client = servers.start(b -> b.anonymousHome(anonymousHome)).explicitTls();

        client.expect(331, "USER anonymous");
        client.expect(230, "PASS guest@example.com");
        client.expect(257, "PWD");
    }

    @Test
    void repeatedFailuresBanTheAddress() throws Exception {
        TestServer server = servers.start(b -> b.maxLoginFailures(3));
        RawClient client = server.explicitTls();

        for (int failure = 1; failure < 3; failure++) {
            client.expect(331, "USER " + TestServer.USER);
            client.expect(530, "PASS " + WRONG);
        }
        client.expect(331, "USER " + TestServer.USER);
        assertThat(client.expect(421, "PASS " + WRONG).text()).contains("Too many failed logins");
        client.assertClosedByServer();

        // New connections from the banned address are turned away, on both ports, before any login.
        RawClient explicit = server.connect(server.explicitPort());
        assertThat(explicit.expectReply(421).text()).contains("Too many failed logins");
        explicit.assertClosedByServer();
        RawClient implicit = server.connect(server.implicitPort());
        implicit.startTls();
        assertThat(implicit.expectReply(421).text()).contains("Too many failed logins");
        implicit.awaitClosedByServer();
        server.awaitNoSessions();
    }

    @Test
    void successfulLoginResetsTheFailureCount() throws Exception {
        TestServer server = servers.start(b -> b.maxLoginFailures(2));
        RawClient client = server.explicitTls();

        for (int round = 0; round < 3; round++) {
            client.expect(331, "USER " + TestServer.USER);
            client.expect(530, "PASS " + WRONG);
            client.login();
        }
        client.expect(257, "PWD");
    }

    @Test
    void serversSharingABanListBanTogether() throws Exception {
        // Made with a lax policy: each server applies its own max-login-failures to it.
        var shared = new dev.wharf.server.auth.LoginGuard(100, java.time.Duration.ofMinutes(10),
                java.time.Duration.ofMinutes(10), java.time.Clock.systemUTC());
        TestServer first = servers.start(b -> b.maxLoginFailures(3).banList(shared));
        TestServer second = servers.start(b -> b.maxLoginFailures(3).banList(shared));

        RawClient atFirst = first.explicitTls();
        for (int failure = 1; failure < 3; failure++) {
            atFirst.expect(331, "USER " + TestServer.USER);
            atFirst.expect(530, "PASS " + WRONG);
        }
        RawClient atSecond = second.explicitTls();
        atSecond.expect(331, "USER " + TestServer.USER);
        assertThat(atSecond.expect(421, "PASS " + WRONG).text()).contains("Too many failed logins");

        RawClient again = first.connect(first.explicitPort());
        assertThat(again.expectReply(421).text()).contains("Too many failed logins");
        again.assertClosedByServer();
        assertThat(first.wharf().config().banList()).isSameAs(shared);
        assertThat(shared.bans()).singleElement().satisfies(ban -> assertThat(ban.failures()).isEqualTo(3));
    }
}
