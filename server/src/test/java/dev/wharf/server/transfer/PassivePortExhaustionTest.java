package dev.wharf.server.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.protocol.HostPort;
import dev.wharf.protocol.Reply;
import dev.wharf.server.support.RawClient;
import dev.wharf.server.support.TestServer;
import dev.wharf.server.support.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A passive range with every port held: a 425 that says why, and service again once a port is free. */
@Timeout(60)
class PassivePortExhaustionTest {
    @RegisterExtension
    final TestServers servers = new TestServers();

    @Test
    void aFullRangeGets425ThatSaysWhyAndRecoversWhenAPortFreesUp() throws Exception {
        int port = TestServer.closedPort();
        TestServer server = servers.start(b -> b.passivePorts(port, port));
        RawClient holder = server.loggedIn();
        assertThat(HostPort.parsePassiveReply(holder.expect(227, "PASV").text()).port()).isEqualTo(port);

        RawClient other = server.loggedIn();
        Reply refused = other.command("PASV");
        assertThat(refused.code()).isEqualTo(425);
        assertThat(refused.text()).contains("every port of the server's passive range is in use");
        assertThat(other.command("EPSV").code()).isEqualTo(425);

        holder.expect(221, "QUIT");
        holder.awaitClosedByServer();
        assertThat(HostPort.parsePassiveReply(other.expect(227, "PASV").text()).port()).isEqualTo(port);
    }
}
