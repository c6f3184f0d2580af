package dev.wharf.client;

import dev.wharf.protocol.tls.Identity;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Set;

/** Accepts exactly the leaf certificates with the pinned SHA-256 fingerprints. */
final class PinningTrustManager extends ServerCertificateCheck {
    private final Set<String> fingerprints;

    PinningTrustManager(Set<String> fingerprints) {
        this.fingerprints = fingerprints;
    }

    @Override
    void checkServer(X509Certificate[] chain, String authType) throws CertificateException {
        String actual = Identity.fingerprint(chain[0]);
        if (!fingerprints.contains(actual)) {
            throw new CertificateException("the server's certificate has SHA-256 fingerprint " + actual
                    + ", which is not the pinned " + String.join(" or ", fingerprints));
        }
        chain[0].checkValidity();
    }
}
