package dev.wharf.cli.client;

import dev.wharf.protocol.HostPort;
import dev.wharf.protocol.Reply;
import dev.wharf.protocol.tls.Tls;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * One LIST over a passive, TLS-protected data connection, done by hand so the probe sees every
 * step: the passive reply, the 1xx, the data connection's handshake (and whether it resumed the
 * control connection's TLS session, RFC 4217 10.2), and the final reply.
 *
 * @param passiveVerb  EPSV or PASV
 * @param passiveReply the reply to it
 * @param preliminary  the 1xx (or refusal) reply to LIST, or null when it was not sent
 * @param tlsProtocol  the data connection's TLS version, or null when no handshake completed
 * @param resumed      whether the data connection resumed the control connection's session
 * @param bytes        listing bytes received
 * @param last         the final reply to LIST, or null
 * @param failure      what failed on the data connection, or null
 */
record DataProbe(String passiveVerb, Reply passiveReply, Reply preliminary, String tlsProtocol, boolean resumed,
                 long bytes, Reply last, String failure) {

    boolean ok() {
        return failure == null && last != null && last.isPositiveCompletion();
    }

    boolean handshakeCompleted() {
        return tlsProtocol != null;
    }

    /** The reply that ended the attempt, for reports. */
    Reply verdict() {
        if (last != null) {
            return last;
        }
        if (preliminary != null) {
            return preliminary;
        }
        return passiveReply;
    }

    /**
     * Runs one LIST of {@code path} with TLS from {@code layer}: the control connection's own layer
     * resumes its session (the data socket reports the control port, so JSSE offers the cached
     * session, as the client library does); a fresh layer makes a full handshake.
     */
    static DataProbe list(ProbeConnection control, Tls layer, String passiveVerb, String path, int timeoutMillis)
            throws IOException {
        Reply passive = control.command(passiveVerb, "");
        int port;
        try {
            if (passive.code() == 229) {
                port = HostPort.parseExtendedPassiveReply(passive.text());
            } else if (passive.code() == 227) {
                port = HostPort.parsePassiveReply(passive.text()).port(); // RFC 2428 3: same host as control
            } else {
                return new DataProbe(passiveVerb, passive, null, null, false, 0, null, "refused");
            }
        } catch (IllegalArgumentException e) {
            return new DataProbe(passiveVerb, passive, null, null, false, 0, null, "reply not understood");
        }
        Socket raw = Tls.sessionSharingSocket(control.port());
        try {
            raw.connect(new InetSocketAddress(control.remoteAddress(), port), timeoutMillis);
        } catch (IOException e) {
            raw.close();
            return new DataProbe(passiveVerb, passive, null, null, false, 0, null,
                    "cannot connect to data port " + port + ": " + e.getMessage());
        }
        try (raw) {
            Reply first = control.command("LIST", path);
            if (!first.isPositivePreliminary()) {
                return new DataProbe(passiveVerb, passive, first, null, false, 0, first.isPositiveCompletion() ? first : null,
                        first.isPositiveCompletion() ? null : "LIST refused");
            }
            SSLSocket tls;
            try {
                tls = layer.clientHandshake(raw, control.host());
            } catch (IOException e) {
                raw.close();
                return new DataProbe(passiveVerb, passive, first, null, false, 0, control.read(),
                        "TLS handshake failed: " + e.getMessage());
            }
            SSLSession data = tls.getSession();
            boolean resumed = Tls.resumedFrom(data, control.tlsSession());
            long bytes = 0;
            String failure = null;
            raw.setSoTimeout(timeoutMillis);
            try {
                InputStream in = tls.getInputStream();
                byte[] buf = new byte[8192];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    bytes += n;
                }
            } catch (IOException e) {
                failure = "data connection failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
            raw.close();
            Reply last = control.read();
            if (failure != null && last.isPositiveCompletion()) {
                failure = null; // a server that skips close_notify (IIS): its 226 confirms the listing
            }
            return new DataProbe(passiveVerb, passive, first, data.getProtocol(), resumed, bytes, last, failure);
        }
    }
}
