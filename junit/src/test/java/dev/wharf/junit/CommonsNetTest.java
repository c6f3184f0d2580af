package dev.wharf.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.server.auth.LoginFailure;
import dev.wharf.server.config.ServerConfig.DataSessionReuse;
import dev.wharf.server.spi.ServerEvents.DataRefusal;
import dev.wharf.server.spi.Transfer.Direction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPSClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Apache Commons Net's FTPSClient against the extension's server, trusting it through {@code sslContext()} only. */
@Timeout(60)
class CommonsNetTest {
    @RegisterExtension
    static final WharfExtension FTPS = WharfExtension.builder()
            .user("alice", "secret")
            .file("alice/in/report.csv", "id,total\n1,42\n")
            .dataSessionReuse(DataSessionReuse.OFF)
            .build();

    private FTPSClient ftp;

    @BeforeEach
    void freshServer(WharfTestServer server) {
        server.reset();
    }

    @AfterEach
    void disconnect() throws IOException {
        if (ftp != null && ftp.isConnected()) {
            ftp.disconnect();
        }
    }

    @ParameterizedTest(name = "implicit {0}")
    @ValueSource(booleans = {false, true})
    void uploadsAndDownloadsOverProtectedDataConnections(boolean implicit, WharfTestServer server) throws Exception {
        ftp = loggedIn(server, implicit, "alice", "secret");
        byte[] report = "month,total\n2026-11,1234\n".getBytes(StandardCharsets.UTF_8);

        assertThat(ftp.storeFile("/out.csv", new ByteArrayInputStream(report))).as(ftp.getReplyString()).isTrue();
        var download = new ByteArrayOutputStream();
        assertThat(ftp.retrieveFile("/in/report.csv", download)).as(ftp.getReplyString()).isTrue();

        assertThat(Files.readAllBytes(server.file("alice/out.csv"))).isEqualTo(report);
        assertThat(download.toString(StandardCharsets.UTF_8)).isEqualTo("id,total\n1,42\n");
        assertThat(server.events().logins()).containsExactly(new WharfEvent.Login("alice", implicit));
        assertThat(server.events().uploads()).containsExactly(
                new WharfEvent.TransferEnded("alice", Direction.UPLOAD, "/out.csv", report.length, true));
        assertThat(server.events().downloads()).extracting(WharfEvent.TransferEnded::path).containsExactly("/in/report.csv");
    }

    @Test
    void aWrongPasswordIsRefusedAndRecorded(WharfTestServer server) throws Exception {
        ftp = connected(server, false);

        assertThat(ftp.login("alice", "wrong")).isFalse();

        assertThat(ftp.getReplyCode()).isEqualTo(530);
        assertThat(server.events().failedLogins()).containsExactly(new WharfEvent.FailedLogin("alice", LoginFailure.WRONG_PASSWORD));
    }

    /** The production default, which Commons Net cannot meet: the reason why the fixture above turns it off. */
    @Test
    void aServerThatRequiresSessionReuseRefusesCommonsNetsDataConnections() throws Exception {
        try (WharfTestServer strict = WharfTestServer.builder().user("alice", "secret").start()) {
            ftp = loggedIn(strict, false, "alice", "secret");

            assertThat(ftp.storeFile("/out.csv", new ByteArrayInputStream(new byte[] {1}))).isFalse();

            assertThat(ftp.getReplyString()).startsWith("522").contains("data-tls-session-reuse");
            assertThat(strict.events().refusedDataConnections()).extracting(WharfEvent.DataConnectionRefused::reason)
                    .containsExactly(DataRefusal.TLS_NOT_RESUMED);
            assertThat(strict.events().uploads()).isEmpty();
            ftp.disconnect();
        }
    }

    static FTPSClient connected(WharfTestServer server, boolean implicit) throws IOException {
        var client = new FTPSClient(implicit, server.sslContext());
        client.setEndpointCheckingEnabled(true); // the certificate names the loopback address
        client.setConnectTimeout(30_000);
        client.setDefaultTimeout(30_000);
        client.connect(server.host(), implicit ? server.implicitPort() : server.explicitPort());
        return client;
    }

    static FTPSClient loggedIn(WharfTestServer server, boolean implicit, String user, String password) throws IOException {
        FTPSClient client = connected(server, implicit);
        if (!client.login(user, password)) {
            throw new AssertionError("login failed: " + client.getReplyString());
        }
        client.execPBSZ(0);
        client.execPROT("P"); // Commons Net sends data in the clear unless told, even on implicit sessions
        client.enterLocalPassiveMode();
        client.setFileType(FTP.BINARY_FILE_TYPE);
        return client;
    }
}
