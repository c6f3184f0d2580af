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

/** Implicit FTPS: MS-FTPS 3.2.5.1, 3.2.5.2 and 3.2.5.6. (REIN on implicit sessions: {@link ReinTest}.) */
@Timeout(60)
class ImplicitFtpsTest {
    @RegisterExtension
    final TestServers servers = new TestServers();

    @Test
    void sendsNothingBeforeTheHandshakeAndTheGreetingAfterIt() throws Exception {
        TestServer server = servers.start();
        RawClient client = server.connect(server.implicitPort());

        client.assertSilentFor(Duration.ofMillis(300)); // MS-FTPS 3.2.5.1: no greeting before TLS
        client.startTls();

        assertThat(client.readRaw()).isEqualTo("220 " + server.greeting() + "\r\n");
        assertThat(client.tlsSession().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTH TLS", "AUTH SSL"})
    void authIsRejectedBecauseItWasImplicitlyProcessed(String auth) throws Exception {
        RawClient client = servers.start().implicit();

        client.expect(503, auth); // MS-FTPS 3.2.5.6
        client.expect(200, "NOOP"); // still inside the same TLS session
    }

    @Test
    void cccIsRejectedAsIfPolicyForbadeItEvenWhenAllowed() throws Exception {
        RawClient client = servers.start(b -> b.allowCcc(true)).implicit();

        client.expect(534, "CCC"); // MS-FTPS 3.2.5.2, RFC 4217 6: 534 for policy
        client.expect(200, "NOOP");
    }

    @Test
    void pbszAndProtPAreAcceptedAgain() throws Exception {
        RawClient client = servers.start().implicit();

        client.expect(200, "PBSZ 0");
        client.expect(200, "PROT P");
    }

    @Test
    void protCIsRefusedByDefault() throws Exception {
        RawClient client = servers.start().implicit();

        client.expect(534, "PROT C");
    }

    @Test
    void protCIsAcceptedWhenClearDataIsAllowed() throws Exception {
        RawClient client = servers.start(b -> b.allowClearData(true)).implicit();

        client.expect(200, "PROT C");
    }

    @Test
    void loginNeedsNoPbszOrProtAndTheirImplicitRepliesAreNeverSent() throws Exception {
        RawClient client = servers.start().implicit();

        // MS-FTPS 3.2.5.1: PBSZ 0 and PROT P are processed without replies, so the first reply after
        // the greeting is USER's own.
        client.login();
        client.expect(257, "PWD");
        assertThat(client.command("STAT").lines()).contains(" Data protection: private (PROT P)");
    }
}
