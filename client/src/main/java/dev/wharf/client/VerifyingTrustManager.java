package dev.wharf.client;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.X509TrustManager;

/** PKIX chain validation against a trust store, then the host-name check. */
final class VerifyingTrustManager extends ServerCertificateCheck {
    private final X509TrustManager chainValidator;
    private final String host;

    VerifyingTrustManager(X509TrustManager chainValidator, String host) {
        this.chainValidator = chainValidator;
        this.host = host;
    }

    @Override
    void checkServer(X509Certificate[] chain, String authType) throws CertificateException {
        try {
            chainValidator.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            throw new CertificateException("the server's certificate (" + chain[0].getSubjectX500Principal().getName()
                    + ") is not trusted: " + e.getMessage() + ". If it is self-signed, pin it with"
                    + " TrustPolicy.pinned(\"" + dev.wharf.protocol.tls.Identity.fingerprint(chain[0])
                    + "\") or use TrustPolicy.knownHosts(file)", e);
        }
        CertificateChecks.checkHostName(chain[0], host);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return chainValidator.getAcceptedIssuers();
    }
}
