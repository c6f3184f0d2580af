package dev.wharf.cli.client;

import dev.wharf.client.ClientTls;
import dev.wharf.client.TrustPolicy;
import dev.wharf.protocol.tls.Tls;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS for the probe: the client library's layers ({@link ClientTls}: data connections made with one
 * can resume only its control session, and a fresh one can resume nothing), with a certificate check
 * that never fails the handshake: it records the chain and the trust policy's verdict, so the probe
 * can show an untrusted certificate; the probe then sends no credentials.
 */
final class ProbeTls {
    final Tls layer;
    final CertificateCapture capture;

    private ProbeTls(Tls layer, CertificateCapture capture) {
        this.layer = layer;
        this.capture = capture;
    }

    static ProbeTls create(TrustPolicy policy, String host, int port, List<String> protocols, Duration handshakeTimeout) {
        var capture = new CertificateCapture(policy.trustManager(host, port));
        return new ProbeTls(ClientTls.create(capture, null, protocols, Tls.DEFAULT_CIPHER_SUITES, handshakeTimeout),
                capture);
    }

    /** Records the server's chain and whether the trust policy accepts it; never refuses the handshake. */
    static final class CertificateCapture extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager policy;
        private volatile List<X509Certificate> chain = List.of();
        private volatile CertificateException refusal;
        private volatile boolean checked;

        CertificateCapture(X509ExtendedTrustManager policy) {
            this.policy = policy;
        }

        List<X509Certificate> chain() {
            return chain;
        }

        /** True when the policy accepted the chain of the last handshake. */
        boolean trusted() {
            return checked && refusal == null;
        }

        /** Why the policy refused the chain, or null. */
        CertificateException refusal() {
            return refusal;
        }

        private void record(X509Certificate[] serverChain, Check check) {
            chain = serverChain == null ? List.of() : List.of(serverChain);
            try {
                check.run();
                refusal = null;
            } catch (CertificateException e) {
                refusal = e;
            }
            checked = true;
        }

        @FunctionalInterface
        private interface Check {
            void run() throws CertificateException;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] c, String authType) {
            record(c, () -> policy.checkServerTrusted(c, authType));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] c, String authType, Socket socket) {
            record(c, () -> policy.checkServerTrusted(c, authType, socket));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] c, String authType, SSLEngine engine) {
            record(c, () -> policy.checkServerTrusted(c, authType, engine));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] c, String authType) throws CertificateException {
            throw new CertificateException("a client does not accept client certificates");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] c, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("a client does not accept client certificates");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] c, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("a client does not accept client certificates");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
