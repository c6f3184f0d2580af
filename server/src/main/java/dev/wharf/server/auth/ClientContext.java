package dev.wharf.server.auth;

import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Who is logging in, as far as the connection tells: the client's address, the listener (implicit
 * or explicit FTPS), the control connection's TLS session and the client certificate chain if the
 * client presented one, and the RFC 7151 HOST it asked for. A user store may decide on any of it
 * (client-certificate login, per-address accounts, virtual hosts).
 */
public record ClientContext(InetSocketAddress address, boolean implicit, SSLSession tlsSession,
                            List<X509Certificate> clientCertificates, String host) {

    public ClientContext {
        clientCertificates = List.copyOf(clientCertificates);
    }

    /** For callers outside a connection (tools, tests): nothing is known about the client. */
    public static ClientContext unknown() {
        return new ClientContext(null, false, null, List.of(), null);
    }

    /** The context of a control connection with {@code tls} (null when clear). */
    public static ClientContext of(InetSocketAddress address, boolean implicit, SSLSession tls, String host) {
        return new ClientContext(address, implicit, tls, certificates(tls), host);
    }

    private static List<X509Certificate> certificates(SSLSession tls) {
        if (tls == null) {
            return List.of();
        }
        try {
            return java.util.Arrays.stream(tls.getPeerCertificates())
                    .filter(X509Certificate.class::isInstance).map(X509Certificate.class::cast).toList();
        } catch (SSLPeerUnverifiedException none) {
            return List.of(); // no client certificate: the usual case
        }
    }
}
