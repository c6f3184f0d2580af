package dev.wharf.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.server.support.RawClient;
import dev.wharf.server.support.TestServer;
import dev.wharf.server.support.TestServers;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Connection caps and timeouts: each ends with a 421 (RFC 959 4.2) that says why, then the close. */
@Timeout(60)
class SessionLimitsTest {
    @RegisterExtension
    final TestServers servers = new TestServers();

    @Test
    void connectionsPerAddressAreCapped() throws Exception {
        TestServer server = servers.start(b -> b.maxSessionsPerAddress(2));
        RawClient first = server.explicit();
        server.implicit(); // both ports count

        RawClient third = server.connect(server.explicitPort());
        assertThat(third.readRaw())
                .isEqualTo("421 Too many connections from your address (2); close some and try again\r\n");
        third.assertClosedByServer();

        first.close();
        server.awaitSessions(1);
        server.explicit().expect(200, "NOOP"); // a slot is free again
    }

    @Test
    void connectionsInTotalAreCapped() throws Exception {
        TestServer server = servers.start(b -> b.maxSessions(1));
        server.explicit();

        RawClient second = server.connect(server.implicitPort());
        second.startTls(); // on the implicit port the refusal, like any reply, comes after the handshake
        assertThat(second.expectReply(421).text()).isEqualTo("Too many connections (1); try again later");
        second.awaitClosedByServer();
    }

    @Test
    void loginTimeout() throws Exception {
        TestServer server = servers.start(b -> b.loginTimeout(Duration.ofSeconds(1)));
        RawClient client = server.explicitTls();
        client.expect(331, "USER " + TestServer.USER); // not logged in yet

        assertThat(client.expectReply(421).text()).startsWith("Login timeout");
        client.assertClosedByServer();
        server.awaitNoSessions();
    }

    @Test
    void idleTimeout() throws Exception {
        TestServer server = servers.start(b -> b.idleTimeout(Duration.ofSeconds(2)));
        RawClient client = server.loggedIn();
        client.expect(200, "NOOP");

        assertThat(client.expectReply(421).text()).startsWith("Idle timeout");
        client.assertTlsClosedWithCloseNotify();
        server.awaitNoSessions();
    }
}
