package dev.wharf.client;

import dev.wharf.protocol.tls.Identity;
import java.io.IOException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Trust on first use: records the first certificate of a server, then accepts only that one. */
final class KnownHostsTrustManager extends ServerCertificateCheck {
    private static final Logger LOG = LoggerFactory.getLogger(KnownHostsTrustManager.class);

    private final KnownHostsFile file;
    private final String host;
    private final int port;

    KnownHostsTrustManager(KnownHostsFile file, String host, int port) {
        this.file = file;
        this.host = host;
        this.port = port;
    }

    @Override
    void checkServer(X509Certificate[] chain, String authType) throws CertificateException {
        String actual = Identity.fingerprint(chain[0]);
        Optional<String> known;
        try {
            known = file.lookup(host, port);
        } catch (IOException e) {
            throw new CertificateException("cannot read the known-hosts file " + file.path() + ": " + e.getMessage(), e);
        }
        if (known.isEmpty()) {
            LOG.warn("First connection to {}: trusting its certificate {} (SHA-256 {}) from now on, recorded in {}."
                    + " Compare the fingerprint with the one the server's administrator gave you.",
                    KnownHostsFile.key(host, port), chain[0].getSubjectX500Principal().getName(), actual, file.path());
            try {
                file.add(host, port, actual);
            } catch (IOException e) {
                throw new CertificateException("cannot record the certificate in " + file.path() + ": " + e.getMessage(), e);
            }
            return;
        }
        if (!known.get().equals(actual)) {
            String warning = "THE CERTIFICATE OF " + KnownHostsFile.key(host, port) + " HAS CHANGED! Someone may be"
                    + " intercepting the connection, or the server got a new certificate. Known SHA-256 "
                    + known.get() + ", now offered " + actual + ". Connection refused. If the change is expected,"
                    + " remove the line for " + KnownHostsFile.key(host, port) + " from " + file.path() + ".";
            LOG.error(warning);
            throw new CertificateException(warning);
        }
    }
}
