package dev.wharf.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.server.support.RawClient;
import dev.wharf.server.support.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** CCC on explicit sessions: RFC 4217 6 and RFC 2228. (Implicit: {@link ImplicitFtpsTest}.) */
@Timeout(60)
class CccTest {
    @RegisterExtension
    final TestServers servers = new TestServers();

    @Test
    void cccWithoutTlsIsRefused() throws Exception {
        RawClient client = servers.start(b -> b.allowCcc(true)).explicit();

        client.expect(533, "CCC");
    }

    @Test
    void cccIsRefusedByPolicyByDefault() throws Exception {
        RawClient client = servers.start().loggedIn();

        client.expect(534, "CCC");
        client.expect(257, "PWD"); // still in TLS, still logged in
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"}) // JSSE ends TLS differently in each (jsse-notes Q3)
    void allowedCccClearsTheControlConnectionAfterAProtectedReply(String tlsVersion) throws Exception {
        RawClient client = servers.start(b -> b.allowCcc(true)).clientTlsProtocols(tlsVersion).loggedIn();
        assertThat(client.tlsSession().getProtocol()).isEqualTo(tlsVersion);
        client.expect(200, "PBSZ 0");
        client.expect(200, "PROT P");

        assertThat(client.commandRaw("CCC")).startsWith("200 ").endsWith("\r\n"); // read inside TLS
        client.stopTls();

        client.expect(200, "NOOP"); // plaintext from now on
        client.expect(257, "PWD"); // CCC does not log out
        client.expect(503, "PBSZ 0"); // PBSZ and PROT need a protected control connection
        client.expect(503, "PROT P");
        assertThat(client.command("STAT").text()).contains("clear (after CCC)", "private (PROT P)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void plaintextCommandRightBehindTheClientsCloseNotifyIsNotLost(String tlsVersion) throws Exception {
        RawClient client = servers.start(b -> b.allowCcc(true)).clientTlsProtocols(tlsVersion).loggedIn();
        client.expect(200, "CCC");

        client.stopTlsAndSend("PWD"); // in the same TCP segments as the close_notify, most likely

        assertThat(client.readRaw()).isEqualTo("257 \"/\" is the current directory\r\n");
    }
}
