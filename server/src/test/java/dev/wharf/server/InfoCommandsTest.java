package dev.wharf.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.protocol.Reply;
import dev.wharf.server.support.RawClient;
import dev.wharf.server.support.TestServer;
import dev.wharf.server.support.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** HELP, SYST, NOOP, STAT and QUIT (RFC 959 4.1.3): commands that work in every state. */
@Timeout(60)
class InfoCommandsTest {
    @RegisterExtension
    final TestServers servers = new TestServers();

    @Test
    void helpListsTheVerbs() throws Exception {
        String help = servers.start().explicit().commandRaw("HELP");

        assertThat(help).startsWith("214-").endsWith("\r\n214 Help OK\r\n");
        Reply reply = RawClient.parse(help);
        assertThat(reply.lines()).hasSizeGreaterThan(2);
        assertThat(String.join(" ", reply.lines()).split("\\s+")).contains(
                "AUTH", "PBSZ", "PROT", "CCC", "USER", "PASS", "ACCT", "HOST", "REIN", "QUIT",
                "FEAT", "OPTS", "SYST", "NOOP", "HELP", "STAT", "TYPE", "STRU", "MODE", "PWD");
    }

    @Test
    void helpForOneCommandShowsItsSyntax() throws Exception {
        RawClient client = servers.start().explicit();

        assertThat(client.commandRaw("HELP USER")).isEqualTo("214 Syntax: USER <name>\r\n");
        assertThat(client.commandRaw("help auth")).startsWith("214 Syntax: AUTH");
        client.expect(501, "HELP NOSUCHVERB");
    }

    @Test
    void systemType() throws Exception {
        assertThat(servers.start().explicit().commandRaw("SYST")).isEqualTo("215 UNIX Type: L8\r\n");
    }

    @Test
    void noop() throws Exception {
        RawClient client = servers.start().explicit();

        client.expect(200, "NOOP");
        client.authTls();
        client.expect(200, "NOOP");
    }

    @Test
    void statDescribesTheSession() throws Exception {
        var server = servers.start();
        RawClient client = server.explicit();

        String before = client.commandRaw("STAT");
        assertThat(before).startsWith("211-").endsWith("\r\n211 End of status\r\n");
        assertThat(before).contains(" Not logged in\r\n", " Control connection: clear\r\n", "(explicit FTPS)");

        client.authTls();
        client.login();
        String after = client.commandRaw("STAT");
        assertThat(after).startsWith("211-").contains(" Logged in as " + TestServer.USER + "\r\n",
                " Control connection: " + client.tlsSession().getProtocol());
    }

    @Test
    void quitIsAnsweredThenTheServerCloses() throws Exception {
        var server = servers.start();
        RawClient client = server.explicit();

        assertThat(client.commandRaw("QUIT")).isEqualTo("221 Goodbye\r\n");
        assertThat(client.socket().getInputStream().read()).isEqualTo(-1);
        server.awaitNoSessions();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void quitInsideTlsEndsTlsWithCloseNotify(String tlsVersion) throws Exception {
        var server = servers.start().clientTlsProtocols(tlsVersion);
        RawClient client = server.loggedIn();

        client.expect(221, "QUIT");
        client.assertTlsClosedWithCloseNotify();
        server.awaitNoSessions();
    }
}
