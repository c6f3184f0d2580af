package dev.wharf.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.server.support.ExternalPeer;
import dev.wharf.server.support.RawClient;
import dev.wharf.server.support.TestServer;
import dev.wharf.server.support.TestServers;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * lftp (GnuTLS) as a client process. It connects lazily, so {@code quote} commands make it connect
 * and log in; they print the reply on stdout, and {@code debug 5} prints the dialogue ("---> " sent,
 * "<--- " received). No transfers: they are not implemented yet.
 */
@Timeout(90)
class LftpIT {
    private static final String SETTINGS = "set cmd:fail-exit yes; set net:max-retries 1; set net:timeout 10;"
            + " set ssl:verify-certificate no; debug 5; ";

    @RegisterExtension
    final TestServers servers = new TestServers();

    @BeforeEach
    void needsLftp() {
        ExternalPeer.assumeInstalled("lftp");
    }

    @Test
    void explicitLoginAndCommands() throws Exception {
        TestServer server = servers.start();

        var result = lftp("set ftp:ssl-force true; open -u " + credentials(TestServer.PASSWORD)
                + " ftp://" + RawClient.HOST + ":" + server.explicitPort() + "; quote PWD; quote NOOP");

        assertThat(result.exitCode()).as("%s", result).isZero();
        assertThat(result.output()).contains("---> AUTH TLS", "<--- 234 ", "<--- 230 ",
                "\n257 \"/\" is the current directory", "\n200 NOOP OK", "<--- 221 ");
        server.awaitNoSessions();
    }

    @Test
    void implicitLoginAndCommand() throws Exception {
        TestServer server = servers.start();

        var result = lftp("open -u " + credentials(TestServer.PASSWORD)
                + " ftps://" + RawClient.HOST + ":" + server.implicitPort() + "; quote PWD");

        assertThat(result.exitCode()).as("%s", result).isZero();
        assertThat(result.output()).doesNotContain("---> AUTH")
                .contains("<--- 220 ", "<--- 230 ", "\n257 \"/\" is the current directory");
        server.awaitNoSessions();
    }

    @Test
    void wrongPassword() throws Exception {
        TestServer server = servers.start();

        var result = lftp("set ftp:ssl-force true; open -u " + credentials("wrong")
                + " ftp://" + RawClient.HOST + ":" + server.explicitPort() + "; quote PWD");

        assertThat(result.exitCode()).as("%s", result).isNotZero();
        assertThat(result.output()).contains("<--- 530 ").doesNotContain("\n257 ");
    }

    private static String credentials(String password) {
        return TestServer.USER + "," + password;
    }

    private static ExternalPeer.Result lftp(String commands) throws Exception {
        return ExternalPeer.run(List.of("lftp", "-c", SETTINGS + commands));
    }
}
