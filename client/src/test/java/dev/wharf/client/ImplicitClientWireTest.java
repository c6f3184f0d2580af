package dev.wharf.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.protocol.tls.Identity;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * MS-FTPS 3.1.5.1 seen on the wire: a scripted implicit-FTPS peer (real TLS on loopback) records
 * every command the client sends. Wharf's own server cannot show this, since it accepts the PBSZ and
 * PROT that other clients send anyway.
 */
@Timeout(30)
class ImplicitClientWireTest {
    private static final Identity IDENTITY = Identity.selfSigned("localhost", List.of("localhost", "127.0.0.1"));

    @Test
    void implicitClientSendsNeitherAuthNorPbszNorProt() throws Exception {
        List<String> verbs = new CopyOnWriteArrayList<>();
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(IDENTITY.keyManagers(), null, null);
        try (SSLServerSocket listener = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread peer = Thread.ofVirtual().start(() -> script(listener, verbs));
            FtpsClient client = FtpsClient.builder()
                    .host("127.0.0.1").port(listener.getLocalPort())
                    .mode(TlsMode.IMPLICIT)
                    .credentials("alice", "secret")
                    .trust(TrustPolicy.pinned(IDENTITY.sha256Fingerprint()))
                    .replyTimeout(Duration.ofSeconds(10))
                    .build();
            try (FtpsSession session = client.connect()) {
                // MS-FTPS 3.1.5.1: the client keeps the implicit PROT P as its own state.
                assertThat(session.dataProtection()).isEqualTo(DataProtection.PRIVATE);
                assertThat(session.greeting().code()).isEqualTo(220);
            }
            peer.join();
        }
        assertThat(verbs).startsWith("USER", "PASS").contains("QUIT")
                .doesNotContain("AUTH", "PBSZ", "PROT", "CCC");
    }

    /**
     * MS-FTPS 3.1.5.4 seen on the wire: with the AUTH SSL mechanism the client sends exactly
     * "AUTH SSL" (a peer that answered AUTH TLS the same would not tell them apart), then TLS.
     */
    @Test
    void authSslIsWhatTheClientSends() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(IDENTITY.keyManagers(), null, null);
        try (var listener = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread peer = Thread.ofVirtual().start(() -> {
                try (var plain = listener.accept()) {
                    OutputStream out = plain.getOutputStream();
                    send(out, "220 scripted explicit peer");
                    // Byte by byte up to the line end, so nothing of the ClientHello is read here.
                    var line = new StringBuilder();
                    for (int c; (c = plain.getInputStream().read()) != '\n' && c >= 0; ) {
                        if (c != '\r') {
                            line.append((char) c);
                        }
                    }
                    lines.add(line.toString());
                    if (!line.toString().equals("AUTH SSL")) {
                        send(out, "504 only AUTH SSL here");
                        return;
                    }
                    send(out, "234 AUTH SSL accepted");
                    var tls = (SSLSocket) context.getSocketFactory().createSocket(plain, null, false);
                    tls.setUseClientMode(false);
                    tls.startHandshake();
                    answer(tls, lines);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            FtpsClient client = FtpsClient.builder()
                    .host("127.0.0.1").port(listener.getLocalPort())
                    .mode(TlsMode.EXPLICIT).authMechanism("SSL")
                    .credentials("alice", "secret")
                    .trust(TrustPolicy.pinned(IDENTITY.sha256Fingerprint()))
                    .replyTimeout(Duration.ofSeconds(10))
                    .build();
            try (FtpsSession session = client.connect()) {
                assertThat(session.isControlProtected()).isTrue();
            }
            peer.join();
        }
        assertThat(lines.get(0)).isEqualTo("AUTH SSL");
        assertThat(lines).anyMatch(l -> l.startsWith("USER "));
    }

    /** Greets only after the handshake (3.2.5.1), then answers whatever a login sends, until QUIT. */
    private static void script(SSLServerSocket listener, List<String> verbs) {
        try (SSLSocket socket = (SSLSocket) listener.accept()) {
            socket.startHandshake();
            send(socket.getOutputStream(), "220 scripted implicit peer");
            List<String> lines = new java.util.ArrayList<>();
            answer(socket, lines);
            lines.forEach(l -> verbs.add(l.split(" ", 2)[0].toUpperCase(Locale.ROOT)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Answers whatever a login sends, recording each line, until QUIT. */
    private static void answer(SSLSocket socket, List<String> lines) {
        try {
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            for (String line; (line = in.readLine()) != null; ) {
                String verb = line.split(" ", 2)[0].toUpperCase(Locale.ROOT);
                lines.add(line);
                switch (verb) {
                    case "USER" -> send(out, "331 password please");
                    case "PASS" -> send(out, "230 logged in");
                    case "FEAT" -> send(out, "211-Features:\r\n UTF8\r\n MLST type*;size*;modify*;\r\n211 End");
                    case "PWD" -> send(out, "257 \"/\" is the current directory");
                    case "QUIT" -> {
                        send(out, "221 bye");
                        return;
                    }
                    default -> send(out, "200 OK");
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
