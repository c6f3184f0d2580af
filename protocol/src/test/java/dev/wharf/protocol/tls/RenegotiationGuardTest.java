package dev.wharf.protocol.tls;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.protocol.testing.LoopbackTls;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RenegotiationGuardTest {

    // ---- the rule, on records as a client sends them ----

    private static byte[] records(int... typesAndLengths) {
        var out = new ByteArrayOutputStream();
        for (int i = 0; i < typesAndLengths.length; i += 2) {
            int length = typesAndLengths[i + 1];
            out.write(typesAndLengths[i]);
            out.write(3);
            out.write(3);
            out.write(length >> 8);
            out.write(length & 0xFF);
            out.writeBytes(new byte[length]);
        }
        return out.toByteArray();
    }

    /** Reads everything through the guard in reads of {@code chunk} bytes, as a socket may deliver it. */
    private static void readAll(byte[] bytes, int chunk) throws IOException {
        InputStream in = new RenegotiationGuard(new ByteArrayInputStream(bytes));
        byte[] buf = new byte[chunk];
        while (in.read(buf, 0, chunk) >= 0) {
            // next
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 4096})
    void aTls12HandshakeThenDataAndCloseNotifyPass(int chunk) throws IOException {
        // ClientHello, ClientKeyExchange, ChangeCipherSpec, Finished, application data, close_notify
        readAll(records(22, 200, 22, 70, 20, 1, 22, 40, 23, 16_000, 23, 300, 21, 26), chunk);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 4096})
    void aTls13HandshakeWithAHelloRetryPasses(int chunk) throws IOException {
        // ClientHello, (HelloRetryRequest), ChangeCipherSpec, second ClientHello, encrypted Finished, data
        readAll(records(22, 500, 20, 1, 22, 520, 23, 53, 23, 1000), chunk);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 6, 4096})
    void aHandshakeRecordAfterTheFinishedIsARenegotiation(int chunk) {
        byte[] renegotiation = records(22, 200, 20, 1, 22, 40, 23, 100, 22, 250);
        assertThatThrownBy(() -> readAll(renegotiation, chunk))
                .isInstanceOf(RenegotiationGuard.RenegotiationRefusedException.class)
                .hasMessage("client-initiated TLS renegotiation refused");
    }

    @Test
    void bytesPassThroughUnchangedAndUnbuffered() throws IOException {
        byte[] handshake = records(22, 10, 20, 1, 22, 5);
        byte[] after = "PWD\r\n".getBytes(UTF_8);
        var source = new ByteArrayInputStream(concat(handshake, after));
        InputStream in = new RenegotiationGuard(source);
        assertThat(in.readNBytes(handshake.length)).isEqualTo(handshake);
        assertThat(source.available()).isEqualTo(after.length); // nothing read ahead: CCC and REIN need it
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    // ---- with JSSE on both ends ----

    /** A JSSE client asks for renegotiation with a second startHandshake() on a TLS 1.2 session. */
    @Test
    void controlConnectionRefusesATls12Renegotiation() throws Exception {
        try (var tls = new LoopbackTls("TLSv1.2")) {
            SSLSocket[] pair = tls.handshake(new Socket());
            SSLSocket server = pair[0];
            SSLSocket client = pair[1];
            client.getOutputStream().write('a');
            assertThat(server.getInputStream().read()).isEqualTo('a');

            CompletableFuture<Throwable> serverRead = CompletableFuture.supplyAsync(() -> {
                try {
                    return server.getInputStream().read() < 0 ? null : new AssertionError("read data after renegotiation");
                } catch (IOException e) {
                    return e;
                }
            });
            assertThatThrownBy(() -> {
                client.startHandshake();
                client.getOutputStream().write('b');
                client.getInputStream().read();
            }).isInstanceOf(IOException.class);
            assertThat(LoopbackTls.await(serverRead)).isInstanceOf(RenegotiationGuard.RenegotiationRefusedException.class);
        }
    }

    @org.junit.jupiter.api.RepeatedTest(5)
    void dataConnectionRefusesATls12Renegotiation() throws Exception {
        try (var tls = new LoopbackTls("TLSv1.2")) {
            var pair = tls.dataHandshake(tls.client, new Socket(), true);
            TlsConnection server = pair.server();
            SSLSocket client = pair.client();
            client.getOutputStream().write('a');
            assertThat(server.in().read()).isEqualTo('a');

            CompletableFuture<Throwable> serverRead = CompletableFuture.supplyAsync(() -> {
                try {
                    return server.in().read() < 0 ? null : new AssertionError("read data after renegotiation");
                } catch (IOException e) {
                    return e;
                }
            });
            client.startHandshake();
            client.getOutputStream().write('b');
            assertThat(LoopbackTls.await(serverRead)).isInstanceOf(RenegotiationGuard.RenegotiationRefusedException.class);
        }
    }

    /** TLS 1.3 has no renegotiation; JSSE's startHandshake() then sends a KeyUpdate, which is fine. */
    @Test
    void aTls13KeyUpdateIsNotARenegotiation() throws Exception {
        try (var tls = new LoopbackTls("TLSv1.3")) {
            SSLSocket[] pair = tls.handshake(new Socket());
            pair[1].getOutputStream().write('a');
            assertThat(pair[0].getInputStream().read()).isEqualTo('a');
            pair[1].startHandshake();
            pair[1].getOutputStream().write('b');
            assertThat(pair[0].getInputStream().read()).isEqualTo('b');
            pair[0].getOutputStream().write('c');
            assertThat(pair[1].getInputStream().read()).isEqualTo('c');
        }
    }
}
