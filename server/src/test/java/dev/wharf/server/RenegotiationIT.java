package dev.wharf.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.server.support.ExternalPeer;
import dev.wharf.server.support.RawClient;
import dev.wharf.server.support.TestServer;
import dev.wharf.server.support.TestServers;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Client-initiated TLS renegotiation is refused (CVE-2011-1473: each one costs the server a full
 * handshake), whatever the JVM's jdk.tls.rejectClientInitiatedRenegotiation says, and the server
 * goes on serving others.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RenegotiationIT {
    @RegisterExtension
    final TestServers servers = new TestServers();

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aJsseClientThatRenegotiatesIsDisconnected(boolean implicit) throws IOException {
        TestServer server = servers.start().clientTlsProtocols("TLSv1.2");
        RawClient client = implicit ? server.implicit() : server.explicitTls();
        client.login();
        assertThatThrownBy(() -> {
            client.tlsSocket().startHandshake(); // TLS 1.2: a renegotiation
            client.send("PWD");
            client.read();
        }).isInstanceOf(IOException.class);

        RawClient next = implicit ? server.implicit() : server.explicitTls();
        next.login();
        assertThat(next.command("PWD").code()).isEqualTo(257);
    }

    /** What testssl.sh does: openssl s_client's "R" command on an established session. */
    @Test
    void opensslRenegotiationIsRefused() throws Exception {
        ExternalPeer.assumeInstalled("openssl");
        TestServer server = servers.start();
        Path output = Files.createTempFile("wharf-s_client-", ".log");
        try {
            Process p = new ProcessBuilder(List.of("openssl", "s_client", "-connect", RawClient.HOST + ":" + server.explicitPort(),
                    "-starttls", "ftp", "-tls1_2", "-crlf"))
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            try (OutputStream stdin = p.getOutputStream()) {
                awaitOutput(output, "Verify return code"); // the handshake is done
                stdin.write("R\n".getBytes(StandardCharsets.US_ASCII));
                stdin.flush();
                boolean ended = p.waitFor(20, TimeUnit.SECONDS);
                if (!ended) {
                    // Still connected: the renegotiation went through. Show that the session lives on.
                    stdin.write("NOOP\n".getBytes(StandardCharsets.US_ASCII));
                    stdin.flush();
                    p.waitFor(2, TimeUnit.SECONDS);
                }
                String out = Files.readString(output);
                assertThat(ended).as("the server ended the connection after R; s_client said:\n%s", out).isTrue();
                assertThat(out).contains("RENEGOTIATING");
            } finally {
                p.destroyForcibly().waitFor();
            }
        } finally {
            Files.deleteIfExists(output);
        }
        RawClient next = server.explicitTls();
        next.login();
        assertThat(next.command("NOOP").code()).isEqualTo(200);
    }

    private static void awaitOutput(Path output, String marker) throws Exception {
        for (int i = 0; i < 400; i++) {
            if (Files.readString(output).contains(marker)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("s_client did not get to '" + marker + "':\n" + Files.readString(output));
    }
}
