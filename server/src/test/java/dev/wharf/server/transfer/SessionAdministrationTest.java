package dev.wharf.server.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.protocol.testing.TestFiles;
import dev.wharf.server.SessionSnapshot;
import dev.wharf.server.auth.BanList;
import dev.wharf.server.spi.Transfer;
import dev.wharf.server.support.Await;
import dev.wharf.server.support.TestServer;
import dev.wharf.server.support.TestServers;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What an administrator sees of and does to a running server: its sessions, closing one, bans. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SessionAdministrationTest {
    @RegisterExtension
    final TestServers servers = new TestServers();

    @Test
    void sessionsShowWhoFromWhereHowProtectedAndTheRunningDownloadsProgress() throws Exception {
        TestServer server = servers.start();
        TestFiles.randomFile(server.home().resolve("big.bin"), 64L << 20, 5);
        Instant before = Instant.now();
        try (var downloading = RawClient.explicit(server.explicitPort(), TestServer.USER, "P");
                var idle = RawClient.explicitTlsOnly(server.explicitPort())) {
            Socket data = downloading.openPassiveData();
            downloading.send("RETR big.bin");
            try (Socket tls = downloading.protect(data)) {
                downloading.expect(150);
                InputStream in = tls.getInputStream();
                in.readNBytes(1 << 20); // then it reads no more: the server waits with the transfer running

                var sessions = server.wharf().sessions();
                assertThat(sessions).hasSize(2);
                SessionSnapshot mine = sessions.stream()
                        .filter(s -> s.client().equals(downloading.controlAddress())).findFirst().orElseThrow();
                assertThat(mine.user()).isEqualTo(TestServer.USER);
                assertThat(mine.listener()).isEqualTo("explicit");
                assertThat(mine.connectedAt()).isAfterOrEqualTo(before.minusSeconds(1));
                assertThat(mine.tlsProtocol()).startsWith("TLSv1.");
                assertThat(mine.tlsCipherSuite()).startsWith("TLS_");
                assertThat(mine.dataProtection()).isEqualTo('P');
                SessionSnapshot.RunningTransfer transfer = mine.transfer().orElseThrow();
                assertThat(transfer.command()).isEqualTo("RETR");
                assertThat(transfer.direction()).isEqualTo(Transfer.Direction.DOWNLOAD);
                assertThat(transfer.path()).isEqualTo("/big.bin");
                assertThat(transfer.bytes()).isGreaterThanOrEqualTo(1 << 20);

                SessionSnapshot other = sessions.stream().filter(s -> !s.equals(mine)).findFirst().orElseThrow();
                assertThat(other.user()).as("not logged in").isNull();
                assertThat(other.dataProtection()).isEqualTo('C');
                assertThat(other.transfer()).isEmpty();
                assertThat(other.id()).isGreaterThan(mine.id());
            }
        }
    }

    @Test
    void aClosedSessionGets421AndIsClosed() throws Exception {
        TestServer server = servers.start();
        var client = server.loggedIn();
        long id = server.wharf().sessions().getFirst().id();

        assertThat(server.wharf().closeSession(id)).isTrue();

        assertThat(client.expectReply(421).text()).isEqualTo("Closed by the server's administrator");
        client.awaitClosedByServer();
        Await.until("the session ends", () -> server.wharf().sessions().isEmpty(), () -> server.wharf().sessions());
        assertThat(server.wharf().closeSession(id)).as("gone").isFalse();
        assertThat(server.wharf().closeSession(id + 1000)).as("never was").isFalse();
    }

    @Test
    void bansAreListedAndALiftedBanLetsTheAddressLogIn() throws Exception {
        TestServer server = servers.start(b -> b.maxLoginFailures(2));
        var client = server.explicitTls();
        client.expect(331, "USER " + TestServer.USER);
        client.expect(530, "PASS wrong");
        client.expect(331, "USER " + TestServer.USER);
        client.expect(421, "PASS wrong");
        InetAddress loopback = InetAddress.getByName(RawClient.HOST);

        assertThat(server.wharf().bans()).singleElement().satisfies(ban -> {
            assertThat(ban.address()).isEqualTo(loopback);
            assertThat(ban.failures()).isEqualTo(2);
            assertThat(ban.until()).isAfter(Instant.now());
        });
        var refused = server.connect(server.explicitPort());
        assertThat(refused.expectReply(421).text()).contains("Too many failed logins");
        assertThat(server.wharf().sessions()).as("a refused connection is not a session")
                .noneMatch(s -> s.client().getPort() == refused.socket().getLocalPort());

        assertThat(server.wharf().liftBan(loopback)).isTrue();
        assertThat(server.wharf().bans()).extracting(BanList.Ban::address).isEmpty();
        server.loggedIn().expect(257, "PWD");
        assertThat(server.wharf().liftBan(loopback)).as("no longer banned").isFalse();
    }
}
