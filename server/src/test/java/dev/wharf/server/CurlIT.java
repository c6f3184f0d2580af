package dev.wharf.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.server.support.ExternalPeer;
import dev.wharf.server.support.RawClient;
import dev.wharf.server.support.TestServer;
import dev.wharf.server.support.TestServers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * curl (libcurl with OpenSSL) as a client process. Transfers are not implemented yet, so curl only
 * does control-connection work: {@code --head} on the root URL logs in, runs the {@code -Q} commands
 * and ends without a data connection. {@code -v} prints the dialogue ("> " sent, "< " received).
 */
@Timeout(90)
class CurlIT {
    @RegisterExtension
    final TestServers servers = new TestServers();

    @BeforeEach
    void needsCurl() {
        ExternalPeer.assumeInstalled("curl");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.3", "1.2"})
    void explicitLoginAndCommand(String tlsMax) throws Exception {
        TestServer server = servers.start();

        var result = curl(explicitUrl(server), "--ssl-reqd", "--tls-max", tlsMax, "-Q", "NOOP");

        assertThat(result.exitCode()).as("%s", result).isZero();
        assertThat(result.output()).contains("< 234 ", "TLSv" + tlsMax, "< 230 ", "> NOOP", "< 200 NOOP OK");
        server.awaitNoSessions();
    }

    @Test
    void implicitLoginAndCommand() throws Exception {
        TestServer server = servers.start();

        var result = curl("ftps://" + RawClient.HOST + ":" + server.implicitPort() + "/", "-Q", "NOOP");

        assertThat(result.exitCode()).as("%s", result).isZero();
        assertThat(result.output()).doesNotContain("> AUTH").contains("< 220 ", "< 230 ", "< 200 NOOP OK");
        server.awaitNoSessions();
    }

    @Test
    void wrongPasswordIsLoginDenied() throws Exception {
        var result = curl(explicitUrl(servers.start()), "--ssl-reqd", "--user", TestServer.USER + ":wrong");

        assertThat(result.exitCode()).as("%s", result).isEqualTo(67); // CURLE_LOGIN_DENIED
        assertThat(result.output()).contains("< 530 ");
    }

    @Test
    void loginWithoutTlsIsRefused() throws Exception {
        var result = curl(explicitUrl(servers.start())); // no --ssl-reqd: curl logs in in plaintext

        assertThat(result.exitCode()).as("%s", result).isNotZero();
        assertThat(result.output()).contains("> USER " + TestServer.USER, "< 534 ").doesNotContain("> PASS");
    }

    /**
     * curl's {@code --ftp-ssl-ccc-mode active} does the two-sided TLS shutdown of RFC 4217 12.3. Its
     * default, passive, waits for the server's close_notify but never sends its own (ProFTPD's
     * one-sided style), which Wharf, expecting the client's close_notify, treats as a failed closure
     * and ends the connection.
     */
    @Test
    void cccInActiveMode() throws Exception {
        TestServer server = servers.start(b -> b.allowCcc(true));

        var result = curl(explicitUrl(server), "--ssl-reqd", "--ftp-ssl-ccc", "--ftp-ssl-ccc-mode", "active",
                "-Q", "NOOP");

        assertThat(result.exitCode()).as("%s", result).isZero();
        assertThat(result.output()).contains("> CCC", "< 200 Clearing", "< 257 ", "< 200 NOOP OK");
        server.awaitNoSessions();
    }

    private static String explicitUrl(TestServer server) {
        return "ftp://" + RawClient.HOST + ":" + server.explicitPort() + "/";
    }

    private static ExternalPeer.Result curl(String url, String... options) throws Exception {
        var command = new ArrayList<>(List.of("curl", "--silent", "--show-error", "--verbose", "--insecure",
                "--max-time", "20", "--user", TestServer.USER + ":" + TestServer.PASSWORD, "--head"));
        command.addAll(List.of(options)); // a later --user wins
        command.add(url);
        return ExternalPeer.run(command);
    }
}
