package dev.wharf.client;

import dev.wharf.protocol.tls.Identity;
import dev.wharf.protocol.tls.Tls;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * TLS layers for the client's end of FTPS connections, for {@link FtpsClient} and for callers of
 * the low-level {@link ControlConnection}. Each layer has its own SSLContext and so its own session
 * cache: the data connections made with a layer can resume only the control session it made (which
 * ProFTPD insists on), and a new layer resumes nothing.
 */
public final class ClientTls {
    private static final String CLIENT_TICKETS_PROPERTY = "jdk.tls.client.enableSessionTicketExtension";
    private static final Object CLIENT_TICKETS_LOCK = new Object();

    private ClientTls() {}

    /**
     * A new layer.
     *
     * @param trust    checks the server's certificate, e.g. {@link TrustPolicy#trustManager(String, int)}
     * @param identity a client certificate for servers that ask for one (RFC 4217 15.1.2), or null
     * @throws IllegalArgumentException when this JDK offers none of the protocols or suites
     */
    public static Tls create(X509TrustManager trust, Identity identity, List<String> protocols,
                             List<String> cipherSuites, Duration handshakeTimeout) {
        try {
            SSLContext context = newContextResumingTls12BySessionId();
            context.init(identity == null ? null : identity.keyManagers(), new TrustManager[] {trust}, new SecureRandom());
            return new Tls(context, protocols, cipherSuites, Tls.ClientAuth.NONE, FtpsClient.millis(handshakeTimeout));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /**
     * An SSLContext whose TLS 1.2 sessions resume by session ID, not by session ticket (RFC 5077).
     * JSSE discards tickets whose lifetime is over 7 days, and vsftpd issues them with a lifetime of
     * 2^31-1 s; so with tickets its TLS 1.2 data connections could never resume. A server caches the
     * control session's ID for as long as the control connection lasts, which is all FTPS needs.
     * TLS 1.3 resumption (PSK from NewSessionTicket) is not affected. JSSE reads the documented
     * property {@code jdk.tls.client.enableSessionTicketExtension} once, when the context is created
     * (jsse-notes Q2 used the server-side twin the same way), so it is set just for that moment.
     */
    private static SSLContext newContextResumingTls12BySessionId() throws GeneralSecurityException {
        synchronized (CLIENT_TICKETS_LOCK) {
            String previous = System.getProperty(CLIENT_TICKETS_PROPERTY);
            System.setProperty(CLIENT_TICKETS_PROPERTY, "false");
            try {
                return SSLContext.getInstance("TLS");
            } finally {
                if (previous == null) {
                    System.clearProperty(CLIENT_TICKETS_PROPERTY);
                } else {
                    System.setProperty(CLIENT_TICKETS_PROPERTY, previous);
                }
            }
        }
    }
}
