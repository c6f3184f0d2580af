package dev.wharf.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.server.support.RawClient;
import dev.wharf.server.support.TestServer;
import dev.wharf.server.support.TestServers;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link WharfServer#close()}: idle sessions get a 421 and are closed, and the ports stop accepting. */
@Timeout(60)
class ServerStopTest {
    @RegisterExtension
    final TestServers servers = new TestServers();

    @Test
    void stopSends421ToEverySessionAndClosesIt() throws Exception {
        TestServer server = servers.start();
        RawClient plain = server.explicit();
        RawClient explicit = server.loggedIn();
        RawClient implicit = server.implicit();
        int explicitPort = server.explicitPort();
        int implicitPort = server.implicitPort();

        server.wharf().close();

        for (RawClient client : List.of(plain, explicit, implicit)) {
            assertThat(client.expectReply(421).text()).startsWith("Server shutting down");
        }
        plain.assertClosedByServer();
        explicit.assertTlsClosedWithCloseNotify();
        implicit.assertTlsClosedWithCloseNotify();
        assertThat(server.wharf().activeSessions()).isZero();
        assertThatThrownBy(() -> RawClient.connect(explicitPort)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> RawClient.connect(implicitPort)).isInstanceOf(IOException.class);
    }
}
