package dev.wharf.protocol;

import static dev.wharf.protocol.testing.LoopbackTls.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.protocol.testing.LoopbackTls;
import dev.wharf.protocol.tls.Tls;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Both roles of the shared control transport against each other, on loopback with real TLS. */
class ControlTransportTest {
    private static final int TIMEOUT = 10_000;

    private static void line(ControlTransport t, String line) throws Exception {
        t.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void upgradesWithAPipelinedClientHelloAndGoesBackToClear(String protocol) throws Exception {
        try (var tls = new LoopbackTls(protocol)) {
            Socket[] tcp = tls.connect(new Socket());
            try (var client = ControlTransport.client(tcp[0], 512); var server = ControlTransport.server(tcp[1], 512)) {
                line(client, "NOOP");
                assertThat(server.readLine(TIMEOUT)).isEqualTo("NOOP");

                // The ClientHello right behind the AUTH line, before any reply: the server has
                // likely read part of it with the line and must hand it to its handshake.
                line(client, "AUTH TLS");
                var handshake = CompletableFuture.supplyAsync(() -> {
                    try {
                        return client.startTls(tls.client, "127.0.0.1");
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                assertThat(server.readLine(TIMEOUT)).isEqualTo("AUTH TLS");
                server.acceptTls(tls.server, offered -> { });
                assertThat(await(handshake).getProtocol()).isEqualTo(protocol);
                assertThat(server.isTls()).isTrue();
                assertThat(server.tlsSession()).get().extracting(s -> s.getProtocol()).isEqualTo(protocol);

                line(server, "200 protected");
                assertThat(client.readLine(TIMEOUT)).isEqualTo("200 protected");

                // RFC 4217 6 (CCC): both ends close TLS and the same TCP connection goes on in the clear.
                var clientStop = CompletableFuture.supplyAsync(() -> {
                    try {
                        return client.stopTls(TIMEOUT);
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                assertThat(server.stopTls(TIMEOUT)).isEqualTo(Tls.Shutdown.CLEAN);
                assertThat(await(clientStop)).isEqualTo(Tls.Shutdown.CLEAN);
                assertThat(client.isTls()).isFalse();

                line(client, "PWD");
                assertThat(server.readLine(TIMEOUT)).isEqualTo("PWD");
                line(server, "257 \"/\"");
                assertThat(client.readLine(TIMEOUT)).isEqualTo("257 \"/\"");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void closingAProtectedConnectionSendsCloseNotify(String protocol) throws Exception {
        try (var tls = new LoopbackTls(protocol)) {
            Socket[] tcp = tls.connect(new Socket());
            try (var client = ControlTransport.client(tcp[0], 512); var server = ControlTransport.server(tcp[1], 512)) {
                var handshake = CompletableFuture.runAsync(() -> {
                    try {
                        server.acceptTls(tls.server, offered -> { });
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                client.startTls(tls.client, "127.0.0.1");
                await(handshake);
                line(server, "421 closing");
                server.close();
                assertThat(client.readLine(TIMEOUT)).isEqualTo("421 closing");
                // An orderly end of stream, not "connection reset" or a truncation error.
                assertThat(client.readLine(TIMEOUT)).isNull();
            }
        }
    }

    @Test
    void aClientRefusesToStartTlsOnBytesSentAfterTheReply() throws Exception {
        try (var tls = new LoopbackTls("TLSv1.3")) {
            Socket[] tcp = tls.connect(new Socket());
            try (var client = ControlTransport.client(tcp[0], 512); var server = ControlTransport.server(tcp[1], 512)) {
                server.write("234 go ahead\r\nnot a handshake".getBytes(StandardCharsets.US_ASCII));
                assertThat(client.readLine(TIMEOUT)).isEqualTo("234 go ahead");
                assertThatThrownBy(() -> client.startTls(tls.client, "127.0.0.1"))
                        .isInstanceOf(ProtocolException.class)
                        .hasMessageContaining("after its reply to AUTH");
            }
        }
    }

    @Test
    void theServerRoleRefusesTelnetOptions() throws Exception {
        try (var tls = new LoopbackTls("TLSv1.3")) {
            Socket[] tcp = tls.connect(new Socket());
            try (var client = ControlTransport.client(tcp[0], 512); var server = ControlTransport.server(tcp[1], 512)) {
                client.write(new byte[] {(byte) 255, (byte) 251, 1, 'N', 'O', 'O', 'P', '\r', '\n'}); // IAC WILL ECHO
                assertThat(server.readLine(TIMEOUT)).isEqualTo("NOOP");
                byte[] refusal = tcp[0].getInputStream().readNBytes(3);
                assertThat(refusal).containsExactly((byte) 255, (byte) 254, 1); // IAC DONT ECHO (RFC 1123 4.1.2.12)
            }
        }
    }
}
