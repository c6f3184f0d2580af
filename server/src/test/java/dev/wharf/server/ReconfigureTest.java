package dev.wharf.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.protocol.HostPort;
import dev.wharf.server.config.ServerConfig;
import dev.wharf.server.support.RawClient;
import dev.wharf.server.support.TestServer;
import dev.wharf.server.support.TestServers;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link WharfServer#reconfigure}: the live settings (ServerConfig.withLiveSettingsOf) apply to the
 * next connection or command of a running server, sessions already open included; the others stay.
 */
@Timeout(60)
class ReconfigureTest {
    @RegisterExtension
    final TestServers servers = new TestServers();

    /** The settings the server was started with, changed by {@code change}: what a reload reads. */
    private static ServerConfig settings(Consumer<ServerConfig.Builder> change) {
        var b = ServerConfig.builder();
        change.accept(b);
        return b.build();
    }

    @Test
    void aNewGreetingGreetsTheNextConnection() throws Exception {
        TestServer server = servers.start();
        RawClient before = server.explicit();

        server.wharf().reconfigure(settings(b -> b.greeting("Reloaded greeting")));

        assertThat(server.connect(server.explicitPort()).expectReply(220).text()).isEqualTo("Reloaded greeting");
        before.expect(200, "NOOP");
    }

    @Test
    void aNewPassiveRangeServesTheNextPasvOfAnOpenSession() throws Exception {
        TestServer server = servers.start(b -> b.passivePorts(0, 0));
        int port = TestServer.closedPort();
        RawClient client = server.loggedIn();

        server.wharf().reconfigure(settings(b -> b.passivePorts(port, port)));

        HostPort passive = HostPort.parsePassiveReply(client.command("PASV").text());
        assertThat(passive.port()).isEqualTo(port);
    }

    @Test
    void aLoweredPerAddressCapRefusesTheNextConnectionAndKeepsTheOpenOnes() throws Exception {
        TestServer server = servers.start();
        RawClient first = server.explicit();

        server.wharf().reconfigure(settings(b -> b.maxSessionsPerAddress(1)));

        RawClient second = server.connect(server.explicitPort());
        assertThat(second.expectReply(421).text()).contains("Too many connections from your address (1)");
        first.expect(200, "NOOP");
    }

    @Test
    void aNewBanPolicyBansOnTheNextFailure() throws Exception {
        TestServer server = servers.start(b -> b.maxLoginFailures(0).failedLoginDelay(Duration.ZERO));
        server.wharf().reconfigure(settings(b -> b.maxLoginFailures(2).failedLoginDelay(Duration.ZERO)));

        RawClient client = server.explicitTls();
        client.expect(331, "USER " + TestServer.USER);
        client.expect(530, "PASS wrong");
        client.expect(331, "USER " + TestServer.USER);
        client.expect(421, "PASS wrong");
        RawClient next = server.connect(server.explicitPort());
        assertThat(next.expectReply(421).text()).isEqualTo("Too many failed logins from your address; try again later");
    }

    @Test
    void settingsThatNeedARestartStayAsTheyWere() throws Exception {
        TestServer server = servers.start();
        ServerConfig before = server.wharf().config();

        ServerConfig now = server.wharf().reconfigure(settings(b -> b.requireTlsForLogin(false)
                .allowClearData(true).explicitPort(2121).tlsProtocols(List.of("TLSv1.3"))
                .greeting("new")));

        assertThat(now.protection()).isEqualTo(before.protection());
        assertThat(now.tls()).isEqualTo(before.tls());
        assertThat(now.explicitPort()).isEqualTo(before.explicitPort());
        assertThat(now.authenticator()).isSameAs(before.authenticator());
        assertThat(now.greeting()).isEqualTo("new");
        RawClient client = server.explicit();
        client.expect(534, "USER " + TestServer.USER); // TLS is still required before login
    }
}
