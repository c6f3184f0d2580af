package dev.wharf.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.server.support.RawClient;
import dev.wharf.server.support.TestServer;
import dev.wharf.server.support.TestServers;
import dev.wharf.server.support.TrustAll;
import java.io.IOException;
import java.util.Arrays;
import org.apache.commons.net.ftp.FTPConnectionClosedException;
import org.apache.commons.net.ftp.FTPReply;
import org.apache.commons.net.ftp.FTPSClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Apache Commons Net's FTPSClient, the de-facto Java FTPS client, in both modes against a real server. */
@Timeout(60)
class CommonsNetClientTest {
    @RegisterExtension
    final TestServers servers = new TestServers();

    private FTPSClient client;

    @AfterEach
    void disconnect() throws IOException {
        if (client != null && client.isConnected()) {
            client.disconnect();
        }
    }

    @Test
    void explicitSession() throws Exception {
        TestServer server = servers.start();
        client = connect(false, server.explicitPort()); // connect() sends AUTH TLS and does the handshake

        assertThat(client.getReplyCode()).isEqualTo(234);
        assertThat(client.login(TestServer.USER, TestServer.PASSWORD)).isTrue();
        client.execPBSZ(0);
        client.execPROT("P");
        assertThat(client.features()).isTrue();
        assertThat(client.getReplyStrings()).contains(" AUTH TLS;SSL;", " PBSZ", " PROT P;", " UTF8");
        assertThat(client.printWorkingDirectory()).isEqualTo("/");
        assertThat(client.sendNoOp()).isTrue();
        assertThat(client.logout()).isTrue(); // QUIT
        assertThat(client.getReplyCode()).isEqualTo(221);
        server.awaitNoSessions();
    }

    @Test
    void implicitSession() throws Exception {
        TestServer server = servers.start();
        client = connect(true, server.implicitPort());

        assertThat(client.getReplyCode()).isEqualTo(220);
        // MS-FTPS 3.2.5.1: PBSZ 0 and PROT P are implicit, so login needs neither...
        assertThat(client.login(TestServer.USER, TestServer.PASSWORD)).isTrue();
        assertThat(client.printWorkingDirectory()).isEqualTo("/");
        // ...but clients that send them anyway get 200 (execPBSZ and execPROT throw otherwise).
        client.execPBSZ(0);
        client.execPROT("P");
        assertThat(client.features()).isTrue();
        assertThat(client.sendNoOp()).isTrue();
        assertThat(client.logout()).isTrue();
        server.awaitNoSessions();
    }

    @Test
    void implicitSessionRefusesAuth() throws Exception {
        client = connect(true, servers.start().implicitPort());

        assertThat(client.execAUTH("TLS")).isEqualTo(503);
    }

    /**
     * Commons Net does not take part in the TLS closure after REIN: it reads the 220 reply and then
     * sends its next command as TLS data instead of answering the server's close_notify. RFC 4217 13
     * and MS-FTPS 3.2.5.3 require the server to clear TLS after the REIN reply, and a client that
     * keeps talking TLS cannot be understood in plaintext, so Wharf ends the connection: the REIN
     * reply arrives, the next command fails with a closed connection, and no session is left behind.
     */
    @Test
    void explicitReinEndsTheConnectionOfAClientThatKeepsTalkingTls() throws Exception {
        TestServer server = servers.start();
        client = connect(false, server.explicitPort());
        assertThat(client.login(TestServer.USER, TestServer.PASSWORD)).isTrue();

        assertThat(client.rein()).isEqualTo(220);

        assertThatThrownBy(() -> client.sendNoOp()).isInstanceOf(FTPConnectionClosedException.class);
        server.awaitNoSessions();
    }

    /** As {@link #explicitReinEndsTheConnectionOfAClientThatKeepsTalkingTls}, on the implicit port. */
    @Test
    void implicitReinEndsTheConnectionOfAClientThatKeepsTalkingTls() throws Exception {
        TestServer server = servers.start();
        client = connect(true, server.implicitPort());
        assertThat(client.login(TestServer.USER, TestServer.PASSWORD)).isTrue();

        assertThat(client.rein()).isEqualTo(220);

        assertThatThrownBy(() -> client.sendNoOp()).isInstanceOf(FTPConnectionClosedException.class);
        server.awaitNoSessions();
    }

    private static FTPSClient connect(boolean implicit, int port) throws IOException {
        var ftps = new FTPSClient(implicit);
        ftps.setTrustManager(TrustAll.TRUST_MANAGER);
        ftps.setConnectTimeout(RawClient.TIMEOUT_MILLIS);
        ftps.setDefaultTimeout(RawClient.TIMEOUT_MILLIS);
        ftps.connect(RawClient.HOST, port);
        assertThat(FTPReply.isPositiveCompletion(ftps.getReplyCode()) || ftps.getReplyCode() == 234)
                .as("connect reply %s", Arrays.toString(ftps.getReplyStrings())).isTrue();
        return ftps;
    }
}
