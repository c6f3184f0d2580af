package dev.wharf.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.server.support.RawClient;
import dev.wharf.server.support.TestServer;
import dev.wharf.server.support.TestServers;
import java.net.InetAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PBSZ and PROT on explicit sessions: RFC 2228, RFC 4217 8 and 9. (Implicit: {@link ImplicitFtpsTest}.) */
@Timeout(60)
class PbszProtTest {
    @RegisterExtension
    final TestServers servers = new TestServers();

    @Test
    void pbszAndProtNeedTls() throws Exception {
        RawClient client = servers.start().explicit();

        client.expect(503, "PBSZ 0");
        client.expect(503, "PROT P");
    }

    @Test
    void protMustFollowPbsz() throws Exception {
        RawClient client = servers.start().explicitTls();

        client.expect(503, "PROT P");
        client.expect(200, "PBSZ 0");
        client.expect(200, "PROT P");
    }

    @Test
    void pbszZeroIsAcceptedExactlyAsRfc4217Shows() throws Exception {
        RawClient client = servers.start().explicitTls();

        assertThat(client.commandRaw("PBSZ 0")).isEqualTo("200 PBSZ=0\r\n");
    }

    @Test
    void anyOtherBufferSizeIsAnsweredWithPbszZero() throws Exception {
        RawClient client = servers.start().explicitTls();

        // RFC 4217 8: the server replies with PBSZ=0, the only size TLS can have.
        assertThat(client.expect(200, "PBSZ 1024").text()).contains("PBSZ=0");
        client.expect(200, "PROT P");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PBSZ abc", "PBSZ -1", "PBSZ", "PBSZ 99999999999"})
    void pbszNeedsADecimalSize(String pbsz) throws Exception {
        RawClient client = servers.start().explicitTls();

        client.expect(501, pbsz);
        client.expect(503, "PROT P"); // a refused PBSZ does not count
    }

    @ParameterizedTest
    @ValueSource(strings = {"PROT S", "PROT E"})
    void safeAndConfidentialLevelsAreNotSupportedByTls(String prot) throws Exception {
        RawClient client = servers.start().explicitTls();
        client.expect(200, "PBSZ 0");

        client.expect(536, prot);
    }

    @Test
    void unknownLevelIsRefused() throws Exception {
        RawClient client = servers.start().explicitTls();
        client.expect(200, "PBSZ 0");

        client.expect(504, "PROT X");
    }

    @Test
    void clearDataIsRefusedByPolicyByDefault() throws Exception {
        RawClient client = servers.start().explicitTls();
        client.expect(200, "PBSZ 0");

        client.expect(534, "PROT C");
        client.expect(200, "PROT P");
    }

    @Test
    void clearDataIsAcceptedWhenAllowed() throws Exception {
        RawClient client = servers.start(b -> b.allowClearData(true)).explicitTls();
        client.expect(200, "PBSZ 0");

        client.expect(200, "PROT C");
        client.expect(200, "PROT P");
    }

    @ParameterizedTest
    @ValueSource(strings = {"LIST", "NLST", "MLSD", "RETR a.txt", "STOR b.txt", "STOU", "APPE c.txt"})
    void aTlsSessionThatNeverSentProtGetsNoClearDataByDefault(String transfer) throws Exception {
        TestServer server = servers.start();
        RawClient client = server.explicitTls();
        client.login();

        // RFC 4217 9: refused with 521 before any 150, so no data connection is even attempted.
        assertThat(client.expect(521, transfer).text()).contains("PROT P");
        assertThat(server.home().resolve("b.txt")).doesNotExist();
        client.expect(200, "PBSZ 0");
        client.expect(200, "PROT P");
        client.expect(229, "EPSV");
    }

    @Test
    void aTlsSessionThatNeverSentProtMovesClearDataWhenAllowed() throws Exception {
        RawClient client = servers.start(b -> b.allowClearData(true)).explicitTls();
        client.login();

        String epsv = client.expect(229, "EPSV").text();
        int port = Integer.parseInt(epsv.substring(epsv.indexOf("(|||") + 4, epsv.lastIndexOf('|')));
        try (Socket data = new Socket(InetAddress.getLoopbackAddress(), port)) {
            client.expect(150, "NLST");
            data.getInputStream().readAllBytes();
            client.expectReply(226);
        }
    }
}
