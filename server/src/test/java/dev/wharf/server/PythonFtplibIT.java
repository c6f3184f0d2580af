package dev.wharf.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.server.support.ExternalPeer;
import dev.wharf.server.support.RawClient;
import dev.wharf.server.support.TestServer;
import dev.wharf.server.support.TestServers;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Python's {@code ftplib.FTP_TLS} (OpenSSL) as a client process, run by the script
 * {@code peers/ftplib_session.py}: login, PROT P, PWD, NOOP, QUIT. ftplib has no implicit mode; the
 * script adds one by wrapping the socket at connect.
 */
@Timeout(90)
class PythonFtplibIT {
    @RegisterExtension
    final TestServers servers = new TestServers();

    @BeforeEach
    void needsPython() {
        ExternalPeer.assumeInstalled("python3");
    }

    @Test
    void explicitSession() throws Exception {
        TestServer server = servers.start();

        var result = session("explicit", server.explicitPort(), TestServer.PASSWORD);

        assertThat(result.exitCode()).as("%s", result).isZero();
        assertThat(result.output()).contains("connect: 220 ", "tls before login: False", "login: 230 ",
                "prot_p: 200 ", "pwd: /\n", "noop: 200 ", "quit: 221 ");
        server.awaitNoSessions();
    }

    @Test
    void implicitSession() throws Exception {
        TestServer server = servers.start();

        var result = session("implicit", server.implicitPort(), TestServer.PASSWORD);

        assertThat(result.exitCode()).as("%s", result).isZero();
        assertThat(result.output()).contains("connect: 220 ", "tls before login: True", "login: 230 ",
                "prot_p: 200 ", "pwd: /\n", "noop: 200 ", "quit: 221 ");
        server.awaitNoSessions();
    }

    @Test
    void wrongPassword() throws Exception {
        var result = session("explicit", servers.start().explicitPort(), "wrong");

        assertThat(result.exitCode()).as("%s", result).isEqualTo(1);
        assertThat(result.output()).contains("error: error_perm 530 ");
    }

    private ExternalPeer.Result session(String mode, int port, String password) throws Exception {
        Path script = Path.of(getClass().getResource("/peers/ftplib_session.py").toURI());
        return ExternalPeer.run(List.of("python3", script.toString(), mode, RawClient.HOST, String.valueOf(port),
                TestServer.USER, password));
    }
}
