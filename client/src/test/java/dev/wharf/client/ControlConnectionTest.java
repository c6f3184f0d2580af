package dev.wharf.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.protocol.Reply;
import dev.wharf.protocol.tls.Tls;
import dev.wharf.server.support.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The low-level API against Wharf's server: exactly the commands sent, in that order, TLS when
 * told, and a passive data connection whose TLS resumes the control session with the control
 * connection's layer and cannot with a new one.
 */
@Timeout(30)
class ControlConnectionTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static TestServer wharf;

    @TempDir
    static Path home;

    @BeforeAll
    static void start() throws IOException {
        wharf = TestServer.builder().home(home).start();
        Files.writeString(home.resolve("listed.txt"), "x");
    }

    @AfterAll
    static void stop() {
        wharf.close();
    }

    private static Tls newLayer(int port) {
        var trust = TrustPolicy.pinned(TestServer.PIN).trustManager("127.0.0.1", port);
        return ClientTls.create(trust, null, Tls.DEFAULT_PROTOCOLS, Tls.DEFAULT_CIPHER_SUITES, TIMEOUT);
    }

    @Test
    void sendsWhatItIsToldIncludingWhatASessionWouldNot() throws IOException {
        int port = wharf.explicitPort();
        try (ControlConnection c = ControlConnection.open("127.0.0.1", port, TIMEOUT, TIMEOUT)) {
            assertThat(c.greeting().code()).isEqualTo(220);
            assertThat(c.command("AUTH", "TLS").code()).isEqualTo(234);
            SSLSession session = c.startTls(newLayer(port));
            assertThat(c.isTls()).isTrue();
            assertThat(c.tlsSession()).contains(session);
            // RFC 4217 9: PROT before PBSZ is out of order; the server says so.
            assertThat(c.command("PROT", "P").code()).isEqualTo(503);
            c.quit();
            assertThat(c.isClosed()).isTrue();
        }
    }

    @Test
    void anImplicitPortSendsNothingBeforeTheHandshake() throws IOException {
        int port = wharf.implicitPort();
        try (ControlConnection c = ControlConnection.open("127.0.0.1", port, TIMEOUT, TIMEOUT)) {
            assertThat(c.unsolicited(Duration.ofMillis(300))).isEmpty();
            c.startTls(newLayer(port));
            assertThat(c.greeting().code()).isEqualTo(220);
        }
    }

    @Test
    void aDataConnectionResumesTheControlSessionOnlyWithTheControlConnectionsLayer() throws IOException {
        int port = wharf.explicitPort();
        try (ControlConnection c = ControlConnection.open("127.0.0.1", port, TIMEOUT, TIMEOUT)) {
            c.greeting();
            c.command("AUTH", "TLS");
            Tls layer = newLayer(port);
            SSLSession control = c.startTls(layer);
            c.command("USER", "alice");
            assertThat(c.command("PASS", "secret").code()).isEqualTo(230);
            c.command("PBSZ", "0");
            assertThat(c.command("PROT", "P").code()).isEqualTo(200);

            String listing = list(c, layer, control);
            assertThat(listing).contains("listed.txt");

            DataConnection fresh = c.connectData(c.passiveTarget(c.command("EPSV", "")), TIMEOUT);
            assertThat(c.command("NLST", "/").isPositivePreliminary()).isTrue();
            assertThat(fresh.startTls(newLayer(port), control).resumed()).isFalse();
            fresh.close();
            // Wharf requires data connections to resume a session it issued (RFC 4217 10.2).
            assertThat(ReplyCodeSets.SESSION_REUSE_REFUSALS).contains(c.read().code());
        }
    }

    /** NLST over a passive data connection with TLS from {@code layer}; asserts it resumed. */
    private static String list(ControlConnection c, Tls layer, SSLSession control) throws IOException {
        Reply passive = c.command("EPSV", "");
        try (DataConnection data = c.connectData(c.passiveTarget(passive), TIMEOUT)) {
            assertThat(c.command("NLST", "/").isPositivePreliminary()).isTrue();
            DataTls tls = data.startTls(layer, control);
            assertThat(tls.resumed()).as("resumed the control session").isTrue();
            assertThat(data.tls()).contains(tls);
            String listing = new String(data.input().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(c.read().code()).isEqualTo(226);
            return listing;
        }
    }
}
