package dev.wharf.protocol.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.X509KeyManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityTest {
    private static Identity selfSigned;

    @TempDir
    Path dir;

    @BeforeAll
    static void generate() {
        selfSigned = Identity.selfSigned("wharf.test", List.of("localhost", "ftp.example.org", "127.0.0.1", "::1"));
    }

    // ---- helpers ----

    static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    static String certificatePem(Identity identity) throws CertificateEncodingException {
        return pem("CERTIFICATE", identity.certificate().getEncoded());
    }

    static String keyPem(Identity identity) {
        return pem("PRIVATE KEY", identity.key().getEncoded());
    }

    /** Signs with the identity's key and checks the signature with its certificate: they belong together. */
    static void assertKeyMatchesCertificate(Identity identity) throws GeneralSecurityException {
        String algorithm = switch (identity.key().getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> identity.key().getAlgorithm(); // Ed25519
        };
        byte[] data = "wharf".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(identity.key());
        signer.update(data);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(identity.certificate());
        verifier.update(data);
        assertThat(verifier.verify(signature)).as("key matches certificate").isTrue();
    }

    // ---- self-signed ----

    @Test
    void selfSignedHasTheGivenSubjectAlternativeNames() throws Exception {
        var sans = selfSigned.certificate().getSubjectAlternativeNames();
        assertThat(sans).containsExactlyInAnyOrder(
                List.of(2, "localhost"), List.of(2, "ftp.example.org"),
                List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"));
        assertThat(selfSigned.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=wharf.test");
    }

    /** Some clients refuse a server certificate without serverAuth in its extended key usage. */
    @Test
    void selfSignedIsForServerAuthenticationWithDigitalSignatures() throws Exception {
        var cert = selfSigned.certificate();
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(cert.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(cert.getCriticalExtensionOIDs()).contains("2.5.29.15", "2.5.29.19");
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
    }

    @Test
    void selfSignedIsValidNowAndForMoreThanTwoYears() throws Exception {
        var cert = selfSigned.certificate();
        cert.checkValidity();
        assertThat(cert.getNotBefore().toInstant()).isBefore(Instant.now());
        assertThat(Duration.between(Instant.now(), cert.getNotAfter().toInstant())).isGreaterThan(Duration.ofDays(800));
    }

    @Test
    void selfSignedIsAnEcP256KeySignedByItself() throws Exception {
        assertThat(selfSigned.key().getAlgorithm()).isEqualTo("EC");
        assertThat(((ECPublicKey) selfSigned.certificate().getPublicKey()).getParams().getCurve().getField().getFieldSize())
                .isEqualTo(256);
        selfSigned.certificate().verify(selfSigned.certificate().getPublicKey());
        assertThat(selfSigned.certificate().getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertKeyMatchesCertificate(selfSigned);
    }

    @Test
    void eachSelfSignedIdentityIsNew() {
        var other = Identity.selfSigned("wharf.test", List.of("localhost"));
        assertThat(other.sha256Fingerprint()).isNotEqualTo(selfSigned.sha256Fingerprint());
        assertThat(other.certificate().getSerialNumber()).isNotEqualTo(selfSigned.certificate().getSerialNumber());
    }

    @Test
    void sha256FingerprintIs32UpperCaseHexBytesWithColons() {
        assertThat(selfSigned.sha256Fingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(Identity.fingerprint(selfSigned.certificate())).isEqualTo(selfSigned.sha256Fingerprint());
    }

    @Test
    void keyManagersPresentTheIdentity() {
        var km = (X509KeyManager) selfSigned.keyManagers()[0];
        String alias = km.chooseServerAlias("EC", null, null);
        assertThat(alias).isNotNull();
        assertThat(km.getCertificateChain(alias)).containsExactly(selfSigned.certificate());
    }

    @Test
    void chainMustNotBeEmpty() {
        assertThatThrownBy(() -> new Identity(selfSigned.key(), List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- PKCS#12 ----

    @Test
    void pkcs12RoundTripKeepsKeyAndCertificate() throws Exception {
        Path file = dir.resolve("id.p12");
        selfSigned.savePkcs12(file, "secret".toCharArray());
        var loaded = Identity.loadPkcs12(file, "secret".toCharArray());
        assertThat(loaded.sha256Fingerprint()).isEqualTo(selfSigned.sha256Fingerprint());
        assertThat(loaded.key().getEncoded()).isEqualTo(selfSigned.key().getEncoded());
        assertThat(dir.resolve("id.p12.tmp")).doesNotExist();
    }

    @Test
    void pkcs12SaveReplacesAnExistingFile() throws Exception {
        Path file = dir.resolve("id.p12");
        Identity.selfSigned("old", List.of("localhost")).savePkcs12(file, "pw".toCharArray());
        selfSigned.savePkcs12(file, "pw".toCharArray());
        assertThat(Identity.loadPkcs12(file, "pw".toCharArray()).sha256Fingerprint()).isEqualTo(selfSigned.sha256Fingerprint());
    }

    @Test
    void wrongKeystorePasswordIsAClearError() throws Exception {
        Path file = dir.resolve("id.p12");
        selfSigned.savePkcs12(file, "right".toCharArray());
        assertThatThrownBy(() -> Identity.loadPkcs12(file, "wrong".toCharArray()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("password");
    }

    @Test
    void aPemFileIsNotAKeystore() throws Exception {
        Path file = dir.resolve("cert.pem");
        Files.writeString(file, certificatePem(selfSigned));
        assertThatThrownBy(() -> Identity.loadPkcs12(file, "x".toCharArray()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("PKCS#12");
    }

    // ---- PEM written here ----

    @Test
    void pemWithCertificateAndKeyInOneFile() throws Exception {
        Path file = dir.resolve("both.pem");
        Files.writeString(file, keyPem(selfSigned) + certificatePem(selfSigned));
        var loaded = Identity.loadPem(file, file);
        assertThat(loaded.sha256Fingerprint()).isEqualTo(selfSigned.sha256Fingerprint());
        assertKeyMatchesCertificate(loaded);
    }

    @Test
    void pemChainKeepsItsOrder() throws Exception {
        var intermediate = Identity.selfSigned("intermediate", List.of("localhost"));
        Path chain = dir.resolve("chain.pem");
        Path key = dir.resolve("key.pem");
        Files.writeString(chain, certificatePem(selfSigned) + certificatePem(intermediate));
        Files.writeString(key, keyPem(selfSigned));
        assertThat(Identity.loadPem(chain, key).chain())
                .containsExactly(selfSigned.certificate(), intermediate.certificate());
    }

    @Test
    void pemKeyOfAnotherCertificateIsRefused() throws Exception {
        var other = Identity.selfSigned("other", List.of("localhost"));
        Path cert = dir.resolve("mismatch-cert.pem");
        Path key = dir.resolve("mismatch-key.pem");
        Files.writeString(cert, certificatePem(selfSigned));
        Files.writeString(key, keyPem(other));
        assertThatThrownBy(() -> Identity.loadPem(cert, key))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("does not belong to the first certificate");
    }

    @Test
    void pemWithTextAroundTheBlocksIsRead() throws Exception {
        // What 'openssl pkcs12 -nodes' writes: attribute lines, which may hold any UTF-8 text, before each block.
        Path file = dir.resolve("export.pem");
        Files.writeString(file, "Bag Attributes\n    friendlyName: Grüße aus Köln\nsubject=CN = wharf.test\n"
                + certificatePem(selfSigned) + "Key Attributes: <No Attributes>\n" + keyPem(selfSigned), StandardCharsets.UTF_8);
        assertThat(Identity.loadPem(file, file).sha256Fingerprint()).isEqualTo(selfSigned.sha256Fingerprint());
    }

    @Test
    void pemWithoutCertificateOrKeySaysWhichBlockIsMissing() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Files.writeString(cert, certificatePem(selfSigned));
        Files.writeString(key, keyPem(selfSigned));
        assertThatThrownBy(() -> Identity.loadPem(key, key))
                .isInstanceOf(IOException.class).hasMessageContaining("BEGIN CERTIFICATE").hasMessageContaining(key.toString());
        assertThatThrownBy(() -> Identity.loadPem(cert, cert))
                .isInstanceOf(IOException.class).hasMessageContaining("BEGIN PRIVATE KEY").hasMessageContaining(cert.toString());
    }

    @Test
    void missingPemFileIsNoSuchFile() {
        Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(() -> Identity.loadPem(missing, missing)).isInstanceOf(java.nio.file.NoSuchFileException.class);
    }

    // ---- PEM written by openssl ----

    @Nested
    class FromOpenssl {
        @BeforeEach
        void needsOpenssl() {
            assumeTrue(OPENSSL_ON_PATH, "openssl is not on PATH");
        }

        @Test
        void rsaPkcs8KeyAndCertificate() throws Exception {
            openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.pem",
                    "-days", "2", "-subj", "/CN=rsa.test");
            assertThat(Files.readString(dir.resolve("key.pem"))).contains("-----BEGIN PRIVATE KEY-----");
            assertLoadsLikeOpensslSeesIt("RSA");
        }

        @Test
        void rsaPkcs1Key() throws Exception {
            openssl("genrsa", "-traditional", "-out", "key.pem", "2048");
            assertThat(Files.readString(dir.resolve("key.pem"))).contains("-----BEGIN RSA PRIVATE KEY-----");
            certificateFor("key.pem");
            assertLoadsLikeOpensslSeesIt("RSA");
        }

        @Test
        void ecPkcs8Key() throws Exception {
            openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "key.pem");
            certificateFor("key.pem");
            assertLoadsLikeOpensslSeesIt("EC");
        }

        @Test
        void ed25519Key() throws Exception {
            openssl("genpkey", "-algorithm", "ed25519", "-out", "key.pem");
            certificateFor("key.pem");
            assertLoadsLikeOpensslSeesIt("EdDSA");
        }

        @Test
        void sec1EcKeyIsRefusedWithTheConversionCommand() throws Exception {
            openssl("ecparam", "-name", "prime256v1", "-genkey", "-out", "key.pem");
            assertThat(Files.readString(dir.resolve("key.pem"))).contains("-----BEGIN EC PRIVATE KEY-----");
            certificateFor("key.pem");
            assertThatThrownBy(() -> Identity.loadPem(dir.resolve("cert.pem"), dir.resolve("key.pem")))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("EC PRIVATE KEY")
                    .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt -in " + dir.resolve("key.pem"));
        }

        @Test
        void encryptedKeyIsRefusedWithTheDecryptionCommand() throws Exception {
            openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                    "-aes-256-cbc", "-pass", "pass:secret", "-out", "key.pem");
            openssl("req", "-x509", "-new", "-key", "key.pem", "-passin", "pass:secret", "-out", "cert.pem",
                    "-days", "2", "-subj", "/CN=enc.test");
            assertThatThrownBy(() -> Identity.loadPem(dir.resolve("cert.pem"), dir.resolve("key.pem")))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("encrypted")
                    .hasMessageContaining("openssl pkcs8 -in " + dir.resolve("key.pem"));
        }

        @Test
        void pkcs12FromOpensslLoads() throws Exception {
            openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", "key.pem", "-out", "cert.pem", "-days", "2", "-subj", "/CN=p12.test");
            openssl("pkcs12", "-export", "-in", "cert.pem", "-inkey", "key.pem", "-out", "id.p12", "-passout", "pass:pw");
            var loaded = Identity.loadPkcs12(dir.resolve("id.p12"), "pw".toCharArray());
            assertThat(loaded.sha256Fingerprint()).isEqualTo(opensslFingerprint());
            assertKeyMatchesCertificate(loaded);
        }

        private void certificateFor(String keyFile) throws Exception {
            openssl("req", "-x509", "-new", "-key", keyFile, "-out", "cert.pem", "-days", "2", "-subj", "/CN=test");
        }

        private void assertLoadsLikeOpensslSeesIt(String keyAlgorithm) throws Exception {
            var loaded = Identity.loadPem(dir.resolve("cert.pem"), dir.resolve("key.pem"));
            assertThat(loaded.key().getAlgorithm()).isIn(keyAlgorithm, "Ed25519");
            assertThat(loaded.sha256Fingerprint()).isEqualTo(opensslFingerprint());
            assertKeyMatchesCertificate(loaded);
        }

        private String opensslFingerprint() throws Exception {
            // "sha256 Fingerprint=AB:CD:..." (OpenSSL 3) or "SHA256 Fingerprint=..." (1.1)
            String out = openssl("x509", "-in", "cert.pem", "-noout", "-fingerprint", "-sha256");
            return out.substring(out.indexOf('=') + 1).strip();
        }

        private String openssl(String... args) throws Exception {
            var command = new ArrayList<String>();
            command.add("openssl");
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("openssl %s: %s", String.join(" ", args), out).isZero();
            return out;
        }
    }

    private static final boolean OPENSSL_ON_PATH = opensslAvailable();

    static boolean opensslAvailable() {
        try {
            Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
