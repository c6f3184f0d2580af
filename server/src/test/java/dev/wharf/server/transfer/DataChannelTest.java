package dev.wharf.server.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.protocol.HostPort;
import dev.wharf.protocol.Reply;
import dev.wharf.protocol.testing.TestFiles;
import dev.wharf.server.config.ServerConfig;
import dev.wharf.server.support.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Data connections byte for byte: resumption, bounces, stolen ports, REST, ABOR, STAT, TYPE A, truncation. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DataChannelTest {
    @TempDir
    static Path root;
    static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.builder().root(root).readOnlyUser()
                .config(b -> b.tlsHandshakeTimeout(Duration.ofSeconds(2)).dataTimeout(Duration.ofSeconds(5)))
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 1 << 20})
    void uploadAndDownloadAreByteExactWithResumedTls(int size) throws IOException {
        byte[] content = TestFiles.randomBytes(size, size);
        try (var c = RawClient.explicit(server.explicitPort(), "alice", "P")) {
            c.stor("exact-" + size, content);
            c.expect(226);
            assertThat(TestFiles.sha256(Files.readAllBytes(server.home().resolve("exact-" + size)))).isEqualTo(TestFiles.sha256(content));
            byte[] back = c.retr("exact-" + size);
            c.expect(226);
            assertThat(TestFiles.sha256(back)).isEqualTo(TestFiles.sha256(content));
        }
    }

    @Test
    void dataConnectionThatDoesNotResumeTheControlSessionIsRefused() throws IOException {
        Files.writeString(server.home().resolve("secret.txt"), "for alice only");
        try (var c = RawClient.explicit(server.explicitPort(), "alice", "P")) {
            // A different TLS context has no session to resume: a full handshake, as a thief would do.
            Reply refusal = c.retrRefused("secret.txt", RawClient.trustAllTls());
            // RFC 4217 10: refused for not using a cached session, the 522 says so.
            assertThat(refusal.code()).isEqualTo(522);
            assertThat(refusal.text()).contains("not resumed").contains("new TLS session")
                    .contains("data-tls-session-reuse=required");
        }
    }

    /** rclone and every Go client: one session cache for a pool of control connections. */
    @Test
    void aDataConnectionMayResumeTheSessionOfAnotherControlConnectionOfTheSameUser() throws IOException {
        Files.writeString(server.home().resolve("pooled.txt"), "pooled");
        try (var first = RawClient.explicit(server.explicitPort(), "alice", "P");
             var second = RawClient.explicit(server.explicitPort(), "alice", "P")) {
            assertThat(new String(second.retr("pooled.txt", first.tls), StandardCharsets.UTF_8)).isEqualTo("pooled");
            second.expect(226);
            assertThat(new String(first.retr("pooled.txt"), StandardCharsets.UTF_8)).isEqualTo("pooled");
            first.expect(226);
        }
    }

    @Test
    void aDataConnectionMayNotResumeTheSessionOfAnotherUsersConnection() throws IOException {
        Files.writeString(server.home().resolve("alices.txt"), "alice's");
        try (var bob = RawClient.explicit(server.explicitPort(), "bob", "P");
             var alice = RawClient.explicit(server.explicitPort(), "alice", "P")) {
            Reply refusal = alice.retrRefused("alices.txt", bob.tls);
            assertThat(refusal.code()).isEqualTo(522);
            assertThat(refusal.text()).contains("another user's connection");
        }
    }

    @Test
    void theStrictSettingRefusesTheSessionOfAnotherControlConnection(@TempDir Path strictRoot) throws IOException {
        try (var strict = TestServer.builder().root(strictRoot).readOnlyUser()
                .config(b -> b.dataSessionReuse(ServerConfig.DataSessionReuse.REQUIRED_SAME_CONNECTION))
                .start();
             var first = RawClient.explicit(strict.explicitPort(), "alice", "P");
             var second = RawClient.explicit(strict.explicitPort(), "alice", "P")) {
            Files.writeString(strict.home().resolve("strict.txt"), "strict");
            Reply refusal = second.retrRefused("strict.txt", first.tls);
            assertThat(refusal.code()).isEqualTo(522);
            assertThat(refusal.text()).contains("another control connection")
                    .contains("data-tls-session-reuse=required-same-connection");
            assertThat(new String(second.retr("strict.txt"), StandardCharsets.UTF_8)).isEqualTo("strict");
            second.expect(226);
        }
    }

    @Test
    void passiveConnectionFromAnotherAddressIsClosedAndTheClientStillGetsItsData() throws IOException {
        Files.writeString(server.home().resolve("mine.txt"), "mine");
        try (var c = RawClient.explicit(server.explicitPort(), "alice", "P")) {
            Reply epsv = c.command("EPSV", 229);
            int port = HostPort.parseExtendedPassiveReply(epsv.text());
            try (Socket thief = new Socket()) {
                thief.bind(new InetSocketAddress("127.0.0.2", 0));
                thief.connect(new InetSocketAddress(RawClient.HOST, port));
                thief.setSoTimeout(10_000);
                c.send("RETR mine.txt");
                c.expect(150);
                assertThat(thief.getInputStream().read()).isEqualTo(-1); // closed without a byte
            }
            Socket data = dev.wharf.protocol.tls.Tls.sessionSharingSocket(c.controlSocket().getPort());
            data.connect(new InetSocketAddress(RawClient.HOST, port));
            try (Socket tls = c.protect(data)) {
                assertThat(new String(RawClient.readAll(tls.getInputStream()), StandardCharsets.UTF_8)).isEqualTo("mine");
            }
            c.expect(226);
        }
    }

    @Test
    void portAndEprtToAnotherHostOrAPrivilegedPortAreRefused() throws IOException {
        try (var c = RawClient.explicit(server.explicitPort(), "alice", "P")) {
            assertThat(c.command("PORT 127,0,0,2,200,10").code()).isEqualTo(501);
            assertThat(c.command("EPRT |1|10.0.0.1|5000|").code()).isEqualTo(501);
            assertThat(c.command("PORT 127,0,0,1,0,25").code()).isEqualTo(501);
            assertThat(c.command("EPRT |3|x|5000|").code()).isEqualTo(522);
            assertThat(c.command("PORT 1,2,3").code()).isEqualTo(501);
        }
    }

    @Test
    void activeModeConnectsBackToTheClientAndServesTls() throws IOException {
        byte[] content = TestFiles.randomBytes(100_000, 7);
        Files.write(server.home().resolve("active.bin"), content);
        try (var c = RawClient.explicit(server.explicitPort(), "alice", "P");
             ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName(RawClient.HOST))) {
            c.command("EPRT |1|127.0.0.1|" + listener.getLocalPort() + "|", 200);
            c.send("RETR active.bin");
            c.expect(150);
            listener.setSoTimeout(10_000);
            try (Socket accepted = listener.accept()) {
                // The server connected to us, yet it is the TLS server (RFC 4217 7): we start the
                // handshake, resuming the control session as a data connection must.
                Socket wrapped = c.protect(new ResumingSocket(accepted, c.controlSocket().getPort()));
                assertThat(TestFiles.sha256(RawClient.readAll(wrapped.getInputStream()))).isEqualTo(TestFiles.sha256(content));
            }
            c.expect(226);
        }
    }

    /** An accepted socket that reports the control connection's port, so JSSE offers that session. */
    static final class ResumingSocket extends Socket {
        private final Socket inner;
        private final int port;

        ResumingSocket(Socket inner, int port) {
            this.inner = inner;
            this.port = port;
        }

        @Override public int getPort() { return port; }
        @Override public boolean isConnected() { return true; }
        @Override public InetAddress getInetAddress() { return inner.getInetAddress(); }
        @Override public InputStream getInputStream() throws IOException { return inner.getInputStream(); }
        @Override public java.io.OutputStream getOutputStream() throws IOException { return inner.getOutputStream(); }
        @Override public void setSoTimeout(int t) throws java.net.SocketException { inner.setSoTimeout(t); }
        @Override public int getSoTimeout() throws java.net.SocketException { return inner.getSoTimeout(); }
        @Override public void shutdownOutput() throws IOException { inner.shutdownOutput(); }
        @Override public synchronized void close() throws IOException { inner.close(); }
    }

    @Test
    void clientThatDoesNotStartTlsOnTheDataConnectionGetsNoData() throws IOException {
        Files.writeString(server.home().resolve("clear.txt"), "not for the clear");
        try (var c = RawClient.explicit(server.explicitPort(), "alice", "P")) {
            Socket data = c.openPassiveData();
            c.send("RETR clear.txt");
            c.expect(150);
            data.getOutputStream().write("hello, no TLS here\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] got = RawClient.readAll(data.getInputStream());
            assertThat(new String(got, StandardCharsets.ISO_8859_1)).doesNotContain("not for the clear");
            assertThat(c.read().code()).isEqualTo(522);
            data.close();
        }
    }

    @Test
    void restResumesADownloadAndAnUpload() throws IOException {
        byte[] content = TestFiles.randomBytes(300_000, 11);
        Files.write(server.home().resolve("resume.bin"), content);
        try (var c = RawClient.explicit(server.explicitPort(), "alice", "P")) {
            c.command("REST 100000", 350);
            byte[] tail = c.retr("resume.bin");
            c.expect(226);
            assertThat(TestFiles.sha256(tail)).isEqualTo(TestFiles.sha256(java.util.Arrays.copyOfRange(content, 100_000, content.length)));

            // An interrupted upload of the first 120,000 bytes, then REST + STOR of the rest.
            Files.write(server.home().resolve("partial.bin"), java.util.Arrays.copyOf(content, 120_000));
            c.command("SIZE partial.bin", 213);
            c.command("REST 120000", 350);
            c.stor("partial.bin", java.util.Arrays.copyOfRange(content, 120_000, content.length));
            c.expect(226);
            assertThat(TestFiles.sha256(Files.readAllBytes(server.home().resolve("partial.bin")))).isEqualTo(TestFiles.sha256(content));

            c.command("REST 999999999", 350);
            Socket data = c.openPassiveData();
            assertThat(c.command("RETR resume.bin").code()).isEqualTo(550);
            data.close();
        }
    }

    @Test
    void appendAddsToTheEnd() throws IOException {
        Files.writeString(server.home().resolve("log.txt"), "one\n");
        try (var c = RawClient.explicit(server.explicitPort(), "alice", "P")) {
            Socket data = c.openPassiveData();
            c.send("APPE log.txt");
            try (Socket tls = c.protect(data)) {
                c.expect(150);
                tls.getOutputStream().write("two\n".getBytes(StandardCharsets.US_ASCII));
                ((SSLSocket) tls).shutdownOutput();
                tls.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            }
            c.expect(226);
        }
        assertThat(Files.readString(server.home().resolve("log.txt"))).isEqualTo("one\ntwo\n");
    }

    @Test
    void aborAnswers426ForTheTransferThen226() throws IOException {
        TestFiles.randomFile(server.home().resolve("big.bin"), 200L << 20, 3);
        try (var c = RawClient.explicit(server.explicitPort(), "alice", "P")) {
            Socket data = c.openPassiveData();
            c.send("RETR big.bin");
            try (Socket tls = c.protect(data)) {
                c.expect(150);
                InputStream in = tls.getInputStream();
                in.readNBytes(1 << 20);
                c.send("STAT");
                Reply progress = c.expect(211);
                assertThat(progress.text()).contains("RETR /big.bin").contains("bytes so far");
                // RFC 959 4.1.3 and RFC 1123 4.1.3.5: ABOR preceded by Telnet IP and Synch.
                c.sendBytes(new byte[] {(byte) 255, (byte) 244, (byte) 255, (byte) 242});
                c.send("ABOR");
                Reply first = c.read();
                Reply second = c.read();
                assertThat(first.code()).isEqualTo(426);
                assertThat(second.code()).isEqualTo(226);
            }
            c.command("NOOP", 200);
        }
    }

    @Test
    void typeAConvertsLineEndingsBothWays() throws IOException {
        try (var c = RawClient.explicit(server.explicitPort(), "alice", "P")) {
            c.command("TYPE A", 200);
            c.stor("text.txt", "line one\r\nline two\r\n".getBytes(StandardCharsets.US_ASCII));
            c.expect(226);
            assertThat(Files.readString(server.home().resolve("text.txt"))).isEqualTo("line one\nline two\n");
            Files.writeString(server.home().resolve("unix.txt"), "a\nb\n");
            assertThat(new String(c.retr("unix.txt"), StandardCharsets.US_ASCII)).isEqualTo("a\r\nb\r\n");
            c.expect(226);
        }
    }

    @Test
    void uploadCutWithoutCloseNotifyNeverReplacesTheFile() throws IOException {
        Path target = server.home().resolve("precious.txt");
        Files.writeString(target, "the previous version");
        try (var c = RawClient.explicit(server.explicitPort(), "alice", "P")) {
            Socket data = c.openPassiveData();
            c.send("STOR precious.txt");
            Socket tls = c.protect(data);
            c.expect(150);
            tls.getOutputStream().write(TestFiles.randomBytes(50_000, 5));
            tls.getOutputStream().flush();
            data.setSoLinger(true, 0);
            data.close(); // TCP reset, no close_notify: as if the client were killed
            Reply r = c.read();
            // 522 when the reset arrives before the server finished its side of the data handshake.
            assertThat(r.code()).as(r.toString()).isIn(426, 451, 522);
            assertThat(Files.readString(target)).isEqualTo("the previous version");
            try (var names = Files.list(server.home())) {
                assertThat(names.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".wharf-upload-"));
            }
            c.command("NOOP", 200);
        }
    }

    @Test
    void protCTransfersInTheClearWhenAllowed(@TempDir Path other) throws IOException {
        try (var clear = TestServer.builder().root(other).readOnlyUser().config(b -> b.allowClearData(true)).start()) {
            byte[] content = TestFiles.randomBytes(2 << 20, 9);
            Files.write(clear.home().resolve("clear.bin"), content);
            try (var c = RawClient.explicit(clear.explicitPort(), "alice", "C")) {
                Socket data = c.openPassiveData();
                c.send("RETR clear.bin");
                c.expect(150);
                assertThat(TestFiles.sha256(RawClient.readAll(data.getInputStream()))).isEqualTo(TestFiles.sha256(content));
                c.expect(226);
                data.close();
            }
        }
    }

    @Test
    void readOnlyUserCannotChangeAnything() throws IOException {
        Files.writeString(server.home(TestServer.READ_ONLY_USER).resolve("keep.txt"), "keep");
        try (var c = RawClient.explicit(server.explicitPort(), "bob", "P")) {
            assertThat(c.command("STOR x.txt").code()).isEqualTo(550);
            assertThat(c.command("DELE keep.txt").code()).isEqualTo(550);
            assertThat(c.command("MKD d").code()).isEqualTo(550);
            assertThat(c.command("RNFR keep.txt").code()).isEqualTo(550);
            assertThat(new String(c.retr("keep.txt"), StandardCharsets.US_ASCII)).isEqualTo("keep");
            c.expect(226);
        }
    }

    @Test
    void transferCommandsWithoutADataPortSay425() throws IOException {
        try (var c = RawClient.explicit(server.explicitPort(), "alice", "P")) {
            Files.writeString(server.home().resolve("x.txt"), "x");
            c.send("RETR x.txt");
            assertThat(c.read().code()).isEqualTo(150);
            assertThat(c.read().code()).isEqualTo(425);
        }
    }

    @Test
    void epsvAllRefusesOtherDataCommands() throws IOException {
        try (var c = RawClient.explicit(server.explicitPort(), "alice", "P")) {
            c.command("EPSV ALL", 200);
            assertThat(c.command("PASV").code()).isEqualTo(503);
            assertThat(c.command("PORT 127,0,0,1,200,10").code()).isEqualTo(503);
            c.command("EPSV", 229);
        }
    }

    @Test
    void everyTransferIsLoggedInXferlogFormat(@TempDir Path other) throws IOException {
        Path xferlog = other.resolve("xferlog");
        try (var logged = TestServer.builder().root(other.resolve("root")).readOnlyUser()
                .config(b -> b.transferLog(xferlog))
                .start();
             var c = RawClient.explicit(logged.explicitPort(), "alice", "P")) {
            c.stor("logged.bin", TestFiles.randomBytes(1234, 1));
            c.expect(226);
            c.retr("logged.bin");
            c.expect(226);
        }
        // xferlog(5): time, seconds, host, bytes, name, type, action, direction, access, user, service, auth, id, status
        var lines = Files.readAllLines(xferlog);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("\\w{3} \\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4} \\d+ 127\\.0\\.0\\.1 1234 /logged\\.bin b _ i r alice ftp 0 \\* c");
        assertThat(lines.get(1)).endsWith(" 1234 /logged.bin b _ o r alice ftp 0 * c");
    }

    @Test
    void pasvAnnouncesTheConfiguredAddressOnlyToPublicClients(@TempDir Path other) throws IOException {
        try (var nat = TestServer.builder().root(other).readOnlyUser().config(b -> {
            try {
                b.passiveAddress(InetAddress.getByName("203.0.113.7")).passivePorts(40000, 40100);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).start()) {
            try (var c = RawClient.explicit(nat.explicitPort(), "alice", "P")) {
                HostPort hp = HostPort.parsePassiveReply(c.command("PASV", 227).text());
                assertThat(hp.address().getHostAddress()).isEqualTo("127.0.0.1"); // loopback client: the real address
                assertThat(hp.port()).isBetween(40000, 40100);
            }
        }
        assertThatThrownBy(() -> ServerConfig.builder().passivePorts(5000, 4000).explicitPort(0)
                .identity(TestServer.IDENTITY).authenticator((u, p) -> java.util.Optional.empty()).build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
