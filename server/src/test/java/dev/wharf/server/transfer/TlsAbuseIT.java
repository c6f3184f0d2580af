package dev.wharf.server.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.protocol.tls.Identity;
import dev.wharf.protocol.tls.Tls;
import dev.wharf.protocol.testing.TestFiles;
import dev.wharf.server.spi.ServerEvents;
import dev.wharf.server.spi.SessionInfo;
import dev.wharf.server.spi.TlsInfo;
import dev.wharf.server.support.TestServer;
import dev.wharf.server.support.TestServers;
import dev.wharf.server.support.TrustAll;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * TLS abuse (issue 14 §4), each against a real server: what the session does, and that the server
 * goes on serving. Client-initiated renegotiation is RenegotiationIT's; testssl.sh is TestsslIT's.
 */
@Timeout(60)
class TlsAbuseIT {
    @RegisterExtension
    final TestServers servers = new TestServers();

    private final List<String> tlsFailures = new CopyOnWriteArrayList<>();

    private TestServer server(java.util.function.Consumer<dev.wharf.server.config.ServerConfig.Builder> more) throws IOException {
        return servers.start(b -> {
            b.tlsHandshakeTimeout(Duration.ofSeconds(2)).eventListener(new ServerEvents() {
                @Override
                public void tlsFailed(SessionInfo session, TlsInfo.Connection connection, String detail) {
                    tlsFailures.add(connection + ": " + detail);
                }
            });
            more.accept(b);
        });
    }

    /** An implicit FTPS session through {@code socket} (already connected): handshake, then the 220. */
    private static String implicitGreeting(SSLSocket socket) throws IOException {
        socket.startHandshake();
        return readLine(socket.getInputStream());
    }

    private static String readLine(InputStream in) throws IOException {
        var line = new ByteArrayOutputStream();
        for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
            line.write(c);
        }
        return line.toString(StandardCharsets.UTF_8).strip();
    }

    @Test
    void tls13KeyUpdatesBothWaysDuringALongDownloadAndOnTheControlConnection() throws Exception {
        TestServer server = server(b -> b.tlsProtocols(List.of("TLSv1.3")));
        Path file = TestFiles.randomFile(server.home().resolve("big.bin"), 8 * 1024 * 1024, 7);
        try (RawClient c = RawClient.explicit(server.explicitPort(), TestServer.USER, "P", RawClient.trustAllTls())) {
            Socket data = c.openPassiveData();
            c.send("RETR big.bin");
            try (var tls = (SSLSocket) c.protect(data)) {
                c.expect(150);
                InputStream in = tls.getInputStream();
                var got = new ByteArrayOutputStream();
                byte[] buf = new byte[64 * 1024];
                int updates = 0;
                for (int n; (n = in.read(buf)) >= 0; ) {
                    got.write(buf, 0, n);
                    if (got.size() > (updates + 1) * 2 * 1024 * 1024 && updates < 3) {
                        tls.startHandshake(); // TLS 1.3: a KeyUpdate asking the server to update too (RFC 8446 4.6.3)
                        updates++;
                    }
                }
                assertThat(updates).isEqualTo(3);
                assertThat(got.toByteArray()).isEqualTo(Files.readAllBytes(file));
            }
            c.expect(226);
            ((SSLSocket) c.controlSocketTls()).startHandshake();
            c.command("NOOP", 200);
        }
        assertThat(tlsFailures).isEmpty();
    }

    @Test
    void aClientHelloSplitIntoManyTinyRecordsStillHandshakes() throws Exception {
        TestServer server = server(b -> { });
        try (var relay = new FragmentingRelay(server.implicitPort(), 7)) {
            var socket = (SSLSocket) TrustAll.context().getSocketFactory().createSocket("127.0.0.1", relay.port());
            socket.setSoTimeout(10_000);
            assertThat(implicitGreeting(socket)).startsWith("220 ");
            assertThat(relay.recordsSent()).as("the ClientHello went as many records").isGreaterThan(20);
            socket.close();
        }
    }

    @Test
    void aHandshakeThatStallsMidwayIsClosedAndTheServerGoesOn() throws Exception {
        TestServer server = server(b -> { });
        var stalled = server.connect(server.implicitPort());
        stalled.sendClientHelloOnly(); // and nothing more
        stalled.awaitClosedByServer();
        assertThat(tlsFailures).singleElement().asString().startsWith("CONTROL: ");
        server.assertServesNewSessions();
    }

    @Test
    void anSniNamingAnotherHostIsServedWithTheOneCertificate() throws Exception {
        TestServer server = server(b -> { });
        var socket = (SSLSocket) TrustAll.context().getSocketFactory().createSocket("127.0.0.1", server.implicitPort());
        var params = socket.getSSLParameters();
        params.setServerNames(List.of(new SNIHostName("other.example")));
        socket.setSSLParameters(params);
        socket.setSoTimeout(10_000);
        // Documented: one certificate for every name (virtual hosts by SNI are not a feature yet), so
        // the session goes on, and the client's own name check decides.
        assertThat(implicitGreeting(socket)).startsWith("220 ");
        assertThat(Identity.fingerprint((java.security.cert.X509Certificate) socket.getSession().getPeerCertificates()[0]))
                .isEqualTo(TestServer.PIN);
        socket.close();
    }

    @Test
    void aSelfSignedClientCertificateIsRefusedWhenOneIsRequired() throws Exception {
        TestServer server = server(b -> b.tlsClientAuth(Tls.ClientAuth.NEED));
        Identity self = Identity.selfSigned("mallory", List.of("mallory.example"));
        SSLContext withCertificate = SSLContext.getInstance("TLS");
        withCertificate.init(self.keyManagers(), new TrustManager[] {TrustAll.TRUST_MANAGER}, new SecureRandom());
        for (SSLContext ctx : List.of(withCertificate, TrustAll.context())) {
            var socket = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", server.implicitPort());
            socket.setSoTimeout(10_000);
            // TLS 1.3 reports the refusal at the first read, TLS 1.2 in the handshake itself.
            assertThatThrownBy(() -> implicitGreeting(socket)).isInstanceOf(IOException.class);
            socket.close();
        }
        dev.wharf.server.support.Await.until("two refused handshakes", () -> tlsFailures.size() == 2, tlsFailures::toString);
        assertThat(tlsFailures.get(0)).contains("CONTROL").containsIgnoringCase("certificate");
    }

    @Test
    void earlyDataIsNotAccepted(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        dev.wharf.server.support.ExternalPeer.assumeInstalled("openssl");
        TestServer server = server(b -> b.tlsProtocols(List.of("TLSv1.3")));
        Path session = dir.resolve("session.pem");
        Path early = Files.writeString(dir.resolve("early.txt"), "NOOP\r\n");
        String target = "127.0.0.1:" + server.implicitPort();
        var first = dev.wharf.server.support.ExternalPeer.run(List.of("sh", "-c",
                "printf 'QUIT\\r\\n' | openssl s_client -connect " + target + " -tls1_3 -ign_eof -sess_out " + session));
        assertThat(first.output()).contains("221 ");
        var resumed = dev.wharf.server.support.ExternalPeer.run(List.of("sh", "-c",
                "printf 'QUIT\\r\\n' | openssl s_client -connect " + target + " -tls1_3 -ign_eof -sess_in " + session
                        + " -early_data " + early));
        // JSSE never offers early data in its tickets: a client may try, but its 0-RTT bytes are not taken.
        assertThat(resumed.output()).doesNotContain("Early data was accepted").contains("221 ");
        assertThat(resumed.output()).doesNotContain("200 NOOP");
    }

    /**
     * A TCP relay to {@code port} on loopback that re-frames the client's first TLS record (the
     * ClientHello) as records of {@code size} bytes of payload each, then relays both ways as they are.
     */
    static final class FragmentingRelay implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        private final Thread thread;
        private final java.util.concurrent.atomic.AtomicInteger records = new java.util.concurrent.atomic.AtomicInteger();

        FragmentingRelay(int port, int size) throws IOException {
            thread = Thread.ofVirtual().start(() -> {
                try (Socket client = listener.accept(); Socket server = new Socket("127.0.0.1", port)) {
                    InputStream fromClient = client.getInputStream();
                    OutputStream toServer = server.getOutputStream();
                    byte[] header = fromClient.readNBytes(5);
                    int length = ((header[3] & 0xFF) << 8) | (header[4] & 0xFF);
                    byte[] body = fromClient.readNBytes(length);
                    for (int off = 0; off < body.length; off += size) {
                        int n = Math.min(size, body.length - off);
                        toServer.write(new byte[] {header[0], header[1], header[2], (byte) (n >> 8), (byte) n});
                        toServer.write(body, off, n);
                        records.incrementAndGet();
                    }
                    toServer.flush();
                    Thread back = Thread.ofVirtual().start(() -> pipe(server, client));
                    pipe(client, server);
                    back.join();
                } catch (IOException | InterruptedException ignored) {
                    // the test closed the relay, or a side went away
                }
            });
        }

        private static void pipe(Socket from, Socket to) {
            try {
                from.getInputStream().transferTo(to.getOutputStream());
                to.shutdownOutput();
            } catch (IOException ignored) {
                // one side closed
            }
        }

        int port() {
            return listener.getLocalPort();
        }

        int recordsSent() {
            return records.get();
        }

        @Override
        public void close() throws IOException {
            listener.close();
            thread.interrupt();
        }
    }
}
