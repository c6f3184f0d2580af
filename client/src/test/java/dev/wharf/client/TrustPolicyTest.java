package dev.wharf.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.protocol.tls.Identity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustPolicyTest {
    static final Identity SERVER = Identity.selfSigned("ftp.example.com", List.of("ftp.example.com", "*.files.example.com", "192.0.2.10"));
    static final X509Certificate[] CHAIN = {SERVER.certificate()};

    @Test
    void normalizesFingerprintsInEveryCommonSpelling() {
        String fp = SERVER.sha256Fingerprint();
        assertThat(TrustPolicy.normalizeFingerprint(fp.toLowerCase(Locale.ROOT))).isEqualTo(fp);
        assertThat(TrustPolicy.normalizeFingerprint(fp.replace(":", ""))).isEqualTo(fp);
        assertThat(TrustPolicy.normalizeFingerprint("SHA256:" + fp)).isEqualTo(fp);
        assertThatThrownBy(() -> TrustPolicy.normalizeFingerprint("abc")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pinsAcceptExactlyThePinnedCertificate() throws Exception {
        TrustPolicy.pinned(SERVER.sha256Fingerprint()).trustManager("any", 21).checkServerTrusted(CHAIN, "EC");
        var other = Identity.selfSigned("x", List.of("x"));
        assertThatThrownBy(() -> TrustPolicy.pinned(other.sha256Fingerprint()).trustManager("any", 21)
                .checkServerTrusted(CHAIN, "EC"))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining(SERVER.sha256Fingerprint());
    }

    @Test
    void anchorsCheckTheHostName() throws Exception {
        TrustPolicy policy = TrustPolicy.anchors(List.of(SERVER.certificate()));
        policy.trustManager("ftp.example.com", 21).checkServerTrusted(CHAIN, "EC");
        policy.trustManager("FTP.Example.com.", 21).checkServerTrusted(CHAIN, "EC");
        policy.trustManager("eu.files.example.com", 21).checkServerTrusted(CHAIN, "EC");
        policy.trustManager("192.0.2.10", 21).checkServerTrusted(CHAIN, "EC");
        assertThatThrownBy(() -> policy.trustManager("evil.example.net", 21).checkServerTrusted(CHAIN, "EC"))
                .hasMessageContaining("not valid for evil.example.net");
        assertThatThrownBy(() -> policy.trustManager("a.b.files.example.com", 21).checkServerTrusted(CHAIN, "EC"))
                .isInstanceOf(CertificateException.class);
        assertThatThrownBy(() -> policy.trustManager("192.0.2.11", 21).checkServerTrusted(CHAIN, "EC"))
                .isInstanceOf(CertificateException.class);
    }

    @Test
    void theSystemStoreRefusesASelfSignedCertificateAndSaysHowToPinIt() {
        assertThatThrownBy(() -> TrustPolicy.system().trustManager("ftp.example.com", 21).checkServerTrusted(CHAIN, "EC"))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("not trusted")
                .hasMessageContaining(SERVER.sha256Fingerprint());
    }

    @Test
    void knownHostsTrustOnFirstUseThenRefuseAChange(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/known_ftps_hosts");
        TrustPolicy policy = TrustPolicy.knownHosts(file);
        policy.trustManager("ftp.example.com", 990).checkServerTrusted(CHAIN, "EC");
        assertThat(Files.readString(file)).contains("ftp.example.com:990 " + SERVER.sha256Fingerprint());
        policy.trustManager("ftp.example.com", 990).checkServerTrusted(CHAIN, "EC");
        var changed = new X509Certificate[] {Identity.selfSigned("ftp.example.com", List.of("ftp.example.com")).certificate()};
        assertThatThrownBy(() -> policy.trustManager("ftp.example.com", 990).checkServerTrusted(changed, "EC"))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("HAS CHANGED")
                .hasMessageContaining(SERVER.sha256Fingerprint());
        // Another port is another server.
        policy.trustManager("ftp.example.com", 21).checkServerTrusted(changed, "EC");
    }
}
