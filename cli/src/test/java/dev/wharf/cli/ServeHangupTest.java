package dev.wharf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.client.FtpsClient;
import dev.wharf.client.FtpsSession;
import dev.wharf.client.TlsMode;
import dev.wharf.client.TrustPolicy;
import dev.wharf.protocol.tls.Identity;
import dev.wharf.server.support.Await;
import dev.wharf.server.support.RawClient;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code wharf serve} as a process of its own: SIGHUP reloads its certificate, and does not stop it. */
@Timeout(120)
class ServeHangupTest {
    @TempDir
    Path dir;

    @Test
    void sighupReloadsTheCertificate() throws Exception {
        Identity a = Identity.selfSigned("localhost", List.of("127.0.0.1"));
        Identity b = Identity.selfSigned("localhost", List.of("127.0.0.1"));
        var certbot = new CertbotLayout(dir.resolve("letsencrypt"), a);
        Path users = ServeProcess.usersFileWithAlice(dir, "hangup-password");
        try (var serve = ServeProcess.start(dir.resolve("serve.log"),
                "--state-dir", dir.resolve("state").toString(), "--users-file", users.toString(),
                "--tls-certificate", certbot.fullchain().toString(), "--tls-key", certbot.privkey().toString(),
                "--listen-addresses", RawClient.HOST, "--explicit-port", "0", "--implicit-port", "off",
                "--transfer-log", "off")) {
            certbot.renew(b);
            serve.hangUp();

            // The file watch may see the renewal first: then the signal's own reload finds it unchanged.
            Await.until("the SIGHUP handler reloading the certificate",
                    () -> serve.log().contains("[SIGHUP handler] INFO WharfServer - TLS certificate replaced: new handshakes present SHA-256 fingerprint "
                            + b.sha256Fingerprint())
                            || serve.log().contains("[SIGHUP handler] INFO CertificateReloader - TLS certificate read again, unchanged: SHA-256 fingerprint "
                            + b.sha256Fingerprint()),
                    serve::log);
            try (FtpsSession session = FtpsClient.builder()
                    .host(RawClient.HOST).port(serve.explicitPort()).mode(TlsMode.EXPLICIT)
                    .credentials("alice", "hangup-password")
                    .trust(TrustPolicy.pinned(b.sha256Fingerprint()))
                    .build().connect()) {
                var peer = (X509Certificate) session.controlTls().orElseThrow().getPeerCertificates()[0];
                assertThat(Identity.fingerprint(peer)).isEqualTo(b.sha256Fingerprint());
            }
            assertThat(serve.isAlive()).isTrue();
        }
    }
}
