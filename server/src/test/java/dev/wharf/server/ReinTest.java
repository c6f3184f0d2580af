package dev.wharf.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.server.support.RawClient;
import dev.wharf.server.support.TestServer;
import dev.wharf.server.support.TestServers;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * REIN: RFC 959, RFC 4217 13 (the reply inside TLS, then TLS is cleared) and MS-FTPS 3.2.5.3 (an
 * implicit session returns to its just-connected state: a new handshake, then a new greeting).
 */
@Timeout(60)
class ReinTest {
    private static final String REIN_REPLY = "220 Service ready for new user\r\n";

    @RegisterExtension
    final TestServers servers = new TestServers();

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"}) // JSSE ends TLS differently in each (jsse-notes Q3)
    void implicitReinNeedsANewHandshakeOnTheSameConnection(String tlsVersion) throws Exception {
        TestServer server = servers.start().clientTlsProtocols(tlsVersion);
        RawClient client = server.implicit();
        assertThat(client.tlsSession().getProtocol()).isEqualTo(tlsVersion);
        client.login();

        assertThat(client.commandRaw("REIN")).isEqualTo(REIN_REPLY); // read inside TLS
        client.stopTls();

        client.assertSilentFor(Duration.ofMillis(300)); // as after connect: nothing before the handshake
        client.startTls();
        assertThat(client.readRaw()).isEqualTo("220 " + server.greeting() + "\r\n");
        client.expect(530, "PWD");
        client.login();
        client.expect(257, "PWD");
        assertThat(server.wharf().activeSessions()).isEqualTo(1); // one connection throughout
    }

    @Test
    void implicitReinBeforeLogin() throws Exception {
        TestServer server = servers.start();
        RawClient client = server.implicit();

        assertThat(client.commandRaw("REIN")).isEqualTo(REIN_REPLY);
        client.stopTls();
        client.startTls();

        client.expectReply(220);
        client.login();
        client.expect(200, "PROT P"); // the new handshake did implicit PBSZ 0 again
    }

    @Test
    void implicitReinCanBeRepeated() throws Exception {
        RawClient client = servers.start().implicit();

        for (int i = 0; i < 3; i++) {
            client.login();
            assertThat(client.commandRaw("REIN")).isEqualTo(REIN_REPLY);
            client.stopTls();
            client.startTls();
            client.expectReply(220);
        }
        client.login();
        client.expect(257, "PWD");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void explicitReinClearsTlsAndLogsOut(String tlsVersion) throws Exception {
        RawClient client = servers.start().clientTlsProtocols(tlsVersion).loggedIn();
        assertThat(client.tlsSession().getProtocol()).isEqualTo(tlsVersion);
        client.expect(200, "PBSZ 0");
        client.expect(200, "PROT P");

        assertThat(client.commandRaw("REIN")).isEqualTo(REIN_REPLY); // read inside TLS
        client.stopTls();

        client.expect(200, "NOOP"); // plaintext
        client.expect(530, "PWD"); // logged out
        client.expect(534, "USER " + TestServer.USER); // TLS is required again
        client.expect(503, "PBSZ 0"); // PBSZ and PROT were reset with TLS
        client.authTls(); // AUTH TLS works again on the same connection
        client.expect(503, "PROT P");
        client.login();
        client.expect(257, "PWD");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void plaintextCommandRightBehindTheClientsCloseNotifyIsNotLost(String tlsVersion) throws Exception {
        RawClient client = servers.start().clientTlsProtocols(tlsVersion).loggedIn();
        assertThat(client.commandRaw("REIN")).isEqualTo(REIN_REPLY);

        client.stopTlsAndSend("SYST"); // in the same TCP segments as the close_notify, most likely

        assertThat(client.readRaw()).isEqualTo("215 UNIX Type: L8\r\n");
    }

    @Test
    void explicitReinWithoutTlsResetsTheSession() throws Exception {
        RawClient client = servers.start(b -> b.requireTlsForLogin(false)).explicit();
        client.login();
        client.expect(200, "TYPE I");

        assertThat(client.commandRaw("REIN")).isEqualTo(REIN_REPLY);

        client.expect(530, "PWD");
        client.login();
        assertThat(client.command("STAT").text()).contains("TYPE: ASCII"); // TYPE back to its default
    }
}
