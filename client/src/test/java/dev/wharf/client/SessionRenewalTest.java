package dev.wharf.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.server.support.TestServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A renewed control connection (the client's way out when it has no TLS session ticket left for a
 * data connection) is brought to the state the session had negotiated, not to the builder's
 * settings: PROT C stays PROT C, a CCC is done again, the working directory is kept. Against
 * Wharf's server, which requires data connections to resume the control session.
 */
@Timeout(60)
class SessionRenewalTest {
    private static TestServer wharf;

    @TempDir
    static Path home;

    @BeforeAll
    static void start() throws IOException {
        wharf = TestServer.builder().home(home).config(config -> config.allowClearData(true).allowCcc(true)).start();
    }

    @AfterAll
    static void stop() {
        wharf.close();
    }

    @ParameterizedTest
    @EnumSource(TlsMode.class)
    void clearDataProtectionSetAfterConnectingSurvivesARenewal(TlsMode mode) throws IOException {
        String name = "clear-" + mode + ".txt";
        try (FtpsSession s = TestClients.to(wharf, mode).build().connect()) {
            s.setDataProtection(DataProtection.CLEAR);
            s.renewControlConnection();

            assertThat(s.dataProtection()).isEqualTo(DataProtection.CLEAR);
            assertThat(s.quote("STAT").text()).contains("clear (PROT C)");
            TransferResult up = s.upload(text("after renewal"), name);
            assertThat(up.dataTls()).as("data connection in the clear").isEmpty();
        }
        assertThat(Files.readString(home.resolve(name))).isEqualTo("after renewal");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void aRenewalInTheMiddleOfAnUploadAfterCccDoesCccAgain(String tls) throws IOException {
        String name = "ccc-" + tls + ".txt";
        try (FtpsSession s = TestClients.to(wharf, TlsMode.EXPLICIT).tlsProtocols(List.of(tls)).build().connect()) {
            s.clearCommandChannel();
            assertThat(s.upload(text("first"), "first-" + name).tls().resumed()).isTrue();
            String connectionBefore = connectedFrom(s);

            s.forgetTlsSessionTickets(); // the next data connection makes a full handshake, which Wharf refuses
            TransferResult up = s.upload(text("second, on a renewed control connection"), name);

            assertThat(up.tls().resumed()).as("resumed the renewed control session").isTrue();
            assertThat(s.isControlProtected()).isFalse();
            assertThat(connectedFrom(s)).as("a new control connection").isNotEqualTo(connectionBefore);
            assertThat(s.quote("STAT").text()).contains("clear (after CCC)").contains("private (PROT P)");
        }
        assertThat(Files.readString(home.resolve(name))).isEqualTo("second, on a renewed control connection");
    }

    @Test
    void aRenewalKeepsTheWorkingDirectoryAndTheLogin() throws IOException {
        Files.createDirectories(home.resolve("sub"));
        Files.writeString(home.resolve("sub/here.txt"), "in sub");
        try (FtpsSession s = TestClients.to(wharf, TlsMode.EXPLICIT).build().connect()) {
            s.cd("sub");
            var before = s.controlTls().orElseThrow();
            s.renewControlConnection();

            assertThat(s.controlTls().orElseThrow()).isNotSameAs(before);
            assertThat(s.pwd()).isEqualTo("/sub");
            assertThat(s.quote("STAT").text()).contains("Logged in as alice");
            var out = new ByteArrayOutputStream();
            assertThat(s.download("here.txt", out).tls().resumed()).isTrue();
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("in sub");
        }
    }

    /** Wharf's STAT names the client's address and port: "Connected from 127.0.0.1 port 40000". */
    private static String connectedFrom(FtpsSession s) throws IOException {
        return s.quote("STAT").lines().stream().filter(l -> l.contains("Connected from")).findFirst().orElseThrow();
    }

    private static ByteArrayInputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
