package dev.wharf.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.server.support.RawClient;
import dev.wharf.server.support.TestServer;
import dev.wharf.server.support.TestServers;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Explicit FTPS: AUTH (RFC 2228, RFC 4217 4, MS-FTPS 3.2.5.4) and login before TLS. */
@Timeout(60)
class AuthTest {
    @RegisterExtension
    final TestServers servers = new TestServers();

    @Test
    void authTlsIsAnsweredWith234ThenTheHandshake() throws Exception {
        RawClient client = servers.start().explicit();

        assertThat(client.commandRaw("AUTH TLS")).startsWith("234 ").endsWith("\r\n");
        client.startTls();

        client.expect(200, "NOOP");
        client.login();
        client.expect(257, "PWD");
    }

    @Test
    void clientHelloPipelinedBehindAuthIsHandedToTls() throws Exception {
        RawClient client = servers.start().explicit();
        byte[] auth = "AUTH TLS\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] hello = client.clientHello();
        byte[] both = Arrays.copyOf(auth, auth.length + hello.length);
        System.arraycopy(hello, 0, both, auth.length, hello.length);

        client.sendBytes(both); // one write: the server's line reader reads part of the ClientHello too

        client.expectReply(234);
        client.expectHandshakeRecord(); // the server answers the ClientHello it had already read
    }

    /** AUTH SSL is AUTH TLS (MS-FTPS 3.2.5.4); TLS-C and TLS-P are the draft's names for it. Verbs are case-insensitive. */
    @ParameterizedTest
    @ValueSource(strings = {"SSL", "TLS-C", "TLS-P", "tls", "ssl"})
    void otherMechanismNamesBehaveExactlyLikeAuthTls(String mechanism) throws Exception {
        RawClient client = servers.start().explicit();

        client.expect(234, "AUTH " + mechanism);
        client.startTls();

        client.login();
        client.expect(200, "PBSZ 0");
        client.expect(200, "PROT P");
        client.expect(257, "PWD");
        client.expect(503, "AUTH TLS");
    }

    @Test
    void authSslIsRefusedWhenDisabled() throws Exception {
        RawClient client = servers.start(b -> b.allowAuthSsl(false)).explicit();

        client.expect(504, "AUTH SSL");
        client.authTls(); // the connection is still plaintext and AUTH TLS works
    }

    @Test
    void unknownMechanismIsRefused() throws Exception {
        RawClient client = servers.start().explicit();

        client.expect(504, "AUTH KERBEROS_V4");
        client.expect(200, "NOOP"); // still plaintext
    }

    @Test
    void authWithoutMechanismIsASyntaxError() throws Exception {
        RawClient client = servers.start().explicit();

        client.expect(501, "AUTH");
        client.expect(501, "AUTH ");
    }

    @Test
    void secondAuthIsRefused() throws Exception {
        RawClient client = servers.start().explicitTls();

        client.expect(503, "AUTH TLS");
        client.expect(503, "AUTH SSL");
        client.expect(200, "NOOP");
    }

    @Test
    void authLogsTheUserOut() throws Exception {
        RawClient client = servers.start(b -> b.requireTlsForLogin(false)).explicit();
        client.login();
        client.expect(257, "PWD");

        client.authTls();

        client.expect(530, "PWD"); // RFC 4217 4: the user must log in again after AUTH
        client.login();
        client.expect(257, "PWD");
    }

    @Test
    void userBeforeTlsIsRefusedByDefault() throws Exception {
        RawClient client = servers.start().explicit();

        client.expect(534, "USER " + TestServer.USER);
        client.expect(503, "PASS " + TestServer.PASSWORD);
    }

    @Test
    void userBeforeTlsIsAcceptedWhenTlsIsNotRequired() throws Exception {
        RawClient client = servers.start(b -> b.requireTlsForLogin(false)).explicit();

        client.expect(331, "USER " + TestServer.USER);
        client.expect(230, "PASS " + TestServer.PASSWORD);
    }
}
