package dev.wharf.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.server.support.TestServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The MS-FTPS client role on the control connection, against Wharf's own server (which has no data
 * commands yet): explicit and implicit login, FEAT, REIN with a new implicit handshake on the same
 * TCP connection, CCC, and the refusals MS-FTPS 3.1.5.2 and 3.1.5.6 ask of a client.
 */
class WharfControlChannelTest {
    static TestServer wharf;
    @TempDir
    static Path home;

    @BeforeAll
    static void start() throws IOException {
        wharf = TestServer.builder().home(home).config(config -> config.allowCcc(true)).start();
    }

    @AfterAll
    static void stop() {
        wharf.close();
    }

    static FtpsClient.Builder client(TlsMode mode) {
        return TestClients.to(wharf, mode);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void logsInExplicitlyAndReadsFeat(String tls) throws IOException {
        try (FtpsSession s = client(TlsMode.EXPLICIT).tlsProtocols(List.of(tls)).build().connect()) {
            assertThat(s.isLoggedIn()).isTrue();
            assertThat(s.controlTls()).get().extracting(javax.net.ssl.SSLSession::getProtocol).isEqualTo(tls);
            assertThat(s.features().authTls()).isTrue();
            assertThat(s.features().authSsl()).isTrue();
            assertThat(s.features().has("PBSZ")).isTrue();
            assertThat(s.features().ccc()).isTrue();
            assertThat(s.dataProtection()).isEqualTo(DataProtection.PRIVATE);
            assertThat(s.pwd()).isEqualTo("/");
        }
    }

    @Test
    void logsInWithAuthSsl() throws IOException {
        try (FtpsSession s = client(TlsMode.EXPLICIT).authMechanism("SSL").build().connect()) {
            assertThat(s.isControlProtected()).isTrue();
            s.noop();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void logsInImplicitlyAssumingProtP(String tls) throws IOException {
        try (FtpsSession s = client(TlsMode.IMPLICIT).tlsProtocols(List.of(tls)).build().connect()) {
            assertThat(s.isImplicit()).isTrue();
            assertThat(s.greeting().code()).isEqualTo(220);
            assertThat(s.dataProtection()).isEqualTo(DataProtection.PRIVATE);
            // MS-FTPS 3.2.5.5: the implicit session does not offer CCC.
            assertThat(s.features().ccc()).isFalse();
            assertThat(s.quote("STAT").text()).contains("private (PROT P)");
        }
    }

    @Test
    void refusesCccAndAuthOnImplicitSessions() throws IOException {
        try (FtpsSession s = client(TlsMode.IMPLICIT).build().connect()) {
            assertThatThrownBy(s::clearCommandChannel)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("MS-FTPS 3.1.5.2");
            assertThatThrownBy(s::secureControl)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("MS-FTPS 3.1.5.6");
            s.noop();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void reinOnImplicitNegotiatesTlsAgainOnTheSameConnection(String tls) throws IOException {
        try (FtpsSession s = client(TlsMode.IMPLICIT).tlsProtocols(List.of(tls)).build().connect()) {
            var before = s.controlTls().orElseThrow();
            s.reinitialize();
            assertThat(s.isLoggedIn()).isFalse();
            assertThat(s.isControlProtected()).isTrue();
            assertThat(s.controlTls().orElseThrow()).isNotSameAs(before);
            assertThat(s.greeting().code()).isEqualTo(220);
            assertThat(s.dataProtection()).isEqualTo(DataProtection.PRIVATE);
            s.login();
            assertThat(s.quote("STAT").text()).contains("Logged in as alice");
        }
    }

    @Test
    void reinOnExplicitReturnsToPlaintextLoggedOut() throws IOException {
        try (FtpsSession s = client(TlsMode.EXPLICIT).build().connect()) {
            s.reinitialize();
            assertThat(s.isLoggedIn()).isFalse();
            assertThat(s.isControlProtected()).isFalse();
            assertThat(s.dataProtection()).isEqualTo(DataProtection.CLEAR);
            assertThatThrownBy(s::login).isInstanceOf(IllegalStateException.class).hasMessageContaining("secureControl");
            s.secureControl();
            s.login();
            assertThat(s.dataProtection()).isEqualTo(DataProtection.PRIVATE);
            assertThat(s.quote("STAT").text()).contains("Logged in as alice");
        }
    }

    @Test
    void cccClearsTheControlConnection() throws IOException {
        try (FtpsSession s = client(TlsMode.EXPLICIT).build().connect()) {
            s.clearCommandChannel();
            assertThat(s.isControlProtected()).isFalse();
            assertThat(s.quote("STAT").text()).contains("clear (after CCC)").contains("private (PROT P)");
            assertThatThrownBy(() -> s.setDataProtection(DataProtection.CLEAR)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aWrongPasswordIsALoginFailureWithTheReply() {
        FtpsClient c = client(TlsMode.EXPLICIT).credentials("alice", "wrong").build();
        assertThatThrownBy(c::connect)
                .isInstanceOf(LoginFailedException.class)
                .hasMessageContaining("alice")
                .satisfies(e -> assertThat(((FtpsException) e).replyCode()).isEqualTo(530));
    }

    @Test
    void implicitClientOnTheExplicitPortFailsClearly() {
        FtpsClient c = client(TlsMode.IMPLICIT).port(wharf.explicitPort()).connectTimeout(Duration.ofSeconds(3)).build();
        assertThatThrownBy(c::connect).isInstanceOf(FtpsException.class).hasMessageContaining("implicit");
    }

    @Test
    void quoteRefusesCommandsThatChangeTrackedState() throws IOException {
        try (FtpsSession s = client(TlsMode.EXPLICIT).build().connect()) {
            assertThatThrownBy(() -> s.quote("PROT C")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> s.quote("NOOP\r\nDELE x")).isInstanceOf(IllegalArgumentException.class);
            assertThat(s.quote("SYST").code()).isEqualTo(215);
        }
    }
}
