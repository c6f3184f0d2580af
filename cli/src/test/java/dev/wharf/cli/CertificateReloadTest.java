package dev.wharf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.cli.config.ConfigFile;
import dev.wharf.cli.config.Deployment;
import dev.wharf.cli.config.Setting;
import dev.wharf.client.FtpsClient;
import dev.wharf.client.FtpsSession;
import dev.wharf.client.TlsMode;
import dev.wharf.client.TransferResult;
import dev.wharf.client.TrustPolicy;
import dev.wharf.protocol.tls.Identity;
import dev.wharf.server.CertificateReloader;
import dev.wharf.server.WharfServer;
import dev.wharf.server.auth.PasswordHash;
import dev.wharf.server.auth.UsersFile;
import dev.wharf.server.support.Await;
import dev.wharf.server.support.RawClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Random;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The certificate of a server prepared as {@code wharf serve} prepares it, from PEM files renewed as
 * certbot renews them ({@link CertbotLayout}).
 */
@Timeout(120)
class CertificateReloadTest {
    private static final String USER = "alice";
    private static final String PASSWORD = "reload-password-1";
    private static final Identity A = Identity.selfSigned("localhost", List.of("localhost", "127.0.0.1"));
    private static final Identity B = Identity.selfSigned("localhost", List.of("localhost", "127.0.0.1"));

    @TempDir
    Path dir;

    private CertbotLayout certbot;
    private Path home;
    private WharfServer server;
    private CertificateReloader reloader;

    @BeforeEach
    void serveWithCertificateA() throws Exception {
        certbot = new CertbotLayout(dir.resolve("letsencrypt"), A);
        home = Files.createDirectories(dir.resolve(USER));
        Path users = dir.resolve("users");
        UsersFile usersFile = UsersFile.load(users);
        usersFile.put(new UsersFile.Entry(USER, PasswordHash.create(PASSWORD), true, home));
        usersFile.save();

        var values = new EnumMap<Setting, ConfigFile.Value>(Setting.class);
        String[] keyValues = {"state-dir", dir.resolve("state").toString(), "users-file", users.toString(),
                "tls-certificate", certbot.fullchain().toString(), "tls-key", certbot.privkey().toString(),
                "listen-addresses", RawClient.HOST, "explicit-port", "0", "implicit-port", "off",
                "transfer-log", "off", "shutdown-grace", "2s"};
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(Setting.byKey(keyValues[i]).orElseThrow(), new ConfigFile.Value(keyValues[i + 1], "test"));
        }
        Deployment.Prepared prepared = Deployment.prepare(values);
        server = WharfServer.start(prepared.config());
        reloader = prepared.watchCertificate(server);
    }

    @AfterEach
    void stop() {
        if (reloader != null) {
            reloader.close();
        }
        if (server != null) {
            server.stop(Duration.ofSeconds(2));
        }
    }

    @Test
    void aRenewalDuringADownloadLetsItFinishAndTheNextSessionGetsTheNewCertificate() throws Exception {
        byte[] content = new byte[16 << 20]; // far more than the socket buffers hold: the server is mid-transfer
        new Random(7).nextBytes(content);
        Files.write(home.resolve("big.bin"), content);

        try (FtpsSession before = connect()) {
            var received = new RenewOnFirstWrite();
            before.download("/big.bin", received);

            assertThat(received.toByteArray()).isEqualTo(content);
            assertThat(fingerprint(before)).isEqualTo(A.sha256Fingerprint());
            // The control session began before the renewal; its data connections still resume it.
            TransferResult after = before.download("/big.bin", new ByteArrayOutputStream());
            assertThat(after.tls().resumed()).isTrue();
        }
        try (FtpsSession next = connect()) {
            assertThat(fingerprint(next)).isEqualTo(B.sha256Fingerprint());
        }
    }

    @Test
    void aCertificateFileThatDoesNotParseKeepsTheOldCertificate() throws Exception {
        certbot.link(certbot.fullchain(),
                certbot.write("broken.pem", "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n"));

        Await.until("the server refusing the broken certificate", () -> reloader.problem().isPresent(), reloader::problem);
        assertThat(reloader.problem().orElseThrow()).contains("fullchain.pem");
        assertThat(server.identity().sha256Fingerprint()).isEqualTo(A.sha256Fingerprint());
        try (FtpsSession next = connect()) {
            assertThat(fingerprint(next)).isEqualTo(A.sha256Fingerprint());
        }
    }

    @Test
    void aCertificateWhoseKeyIsNotYetThereKeepsTheOldOneUntilTheKeyFollows() throws Exception {
        certbot.link(certbot.fullchain(), certbot.write("cert-b.pem", CertbotLayout.pem("CERTIFICATE", B.certificate().getEncoded())));

        Await.until("the server refusing certificate B with key A", () -> reloader.problem().isPresent(), reloader::problem);
        assertThat(reloader.problem().orElseThrow()).contains("does not belong");
        try (FtpsSession next = connect()) {
            assertThat(fingerprint(next)).isEqualTo(A.sha256Fingerprint());
        }

        certbot.link(certbot.privkey(), certbot.write("key-b.pem", CertbotLayout.pem("PRIVATE KEY", B.key().getEncoded())));
        awaitPresenting(B);
        assertThat(reloader.problem()).isEmpty();
    }

    @Test
    void anExpiredCertificateKeepsTheOldOne() throws Exception {
        // keytool is the one tool at hand that dates a certificate in the past: valid for a day, ten days ago.
        Path keystore = dir.resolve("expired.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "expired",
                "-alias", "expired", "-keyalg", "EC", "-dname", "CN=localhost", "-startdate", "-10d", "-validity", "1")
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor()).as(new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        certbot.renew(Identity.loadPkcs12(keystore, "expired".toCharArray()));

        Await.until("the server refusing the expired certificate", () -> reloader.problem().isPresent(), reloader::problem);
        assertThat(reloader.problem().orElseThrow()).contains("expired");
        try (FtpsSession next = connect()) {
            assertThat(fingerprint(next)).isEqualTo(A.sha256Fingerprint());
        }
    }

    /** What SIGHUP calls in {@code wharf serve}: a reload now, without waiting for the file watch. */
    @Test
    void reloadReadsTheFilesAtOnce() throws Exception {
        reloader.close(); // only the explicit reload may pick up the change
        certbot.renew(B);
        assertThat(server.identity().sha256Fingerprint()).isEqualTo(A.sha256Fingerprint());

        assertThat(reloader.reload()).isTrue();
        try (FtpsSession next = connect()) {
            assertThat(fingerprint(next)).isEqualTo(B.sha256Fingerprint());
        }
    }

    /** Receives a download; at its first bytes, renews to certificate B and waits for the server to take it. */
    private final class RenewOnFirstWrite extends ByteArrayOutputStream {
        private boolean renewed;

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            if (!renewed) {
                renewed = true;
                try {
                    certbot.renew(B);
                } catch (IOException | GeneralSecurityException e) {
                    throw new IllegalStateException("cannot renew the certificate files", e);
                }
                awaitPresenting(B);
            }
            super.write(b, off, len);
        }
    }

    private void awaitPresenting(Identity identity) {
        Await.until("the server presenting " + identity.sha256Fingerprint(),
                () -> server.identity().sha256Fingerprint().equals(identity.sha256Fingerprint()),
                () -> server.identity().sha256Fingerprint() + ", problem: " + reloader.problem());
    }

    private FtpsSession connect() throws IOException {
        return FtpsClient.builder()
                .host(RawClient.HOST)
                .port(server.explicitPort())
                .mode(TlsMode.EXPLICIT)
                .credentials(USER, PASSWORD)
                .trust(TrustPolicy.pinned(A.sha256Fingerprint(), B.sha256Fingerprint()))
                .build()
                .connect();
    }

    private static String fingerprint(FtpsSession session) throws SSLPeerUnverifiedException {
        return Identity.fingerprint((X509Certificate) session.controlTls().orElseThrow().getPeerCertificates()[0]);
    }
}
