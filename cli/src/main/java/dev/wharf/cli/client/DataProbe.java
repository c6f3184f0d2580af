package dev.wharf.cli.client;

import dev.wharf.client.ControlConnection;
import dev.wharf.client.DataConnection;
import dev.wharf.client.DataTls;
import dev.wharf.protocol.Failures;
import dev.wharf.protocol.ProtocolException;
import dev.wharf.protocol.Reply;
import dev.wharf.protocol.ReplyCode;
import dev.wharf.protocol.tls.Tls;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * One LIST over a passive, TLS-protected data connection, done with the client library's low-level
 * API so the probe sees every step: the passive reply, the 1xx, the data connection's handshake
 * (and whether it resumed the control connection's TLS session, RFC 4217 10.2), and the final reply.
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
    static DataProbe list(ControlConnection control, Tls layer, String passiveVerb, String path, Duration timeout)
            throws IOException {
        Reply passive = control.command(passiveVerb, "");
        if (passive.code() != ReplyCode.ENTERING_EXTENDED_PASSIVE && passive.code() != ReplyCode.ENTERING_PASSIVE) {
            return new DataProbe(passiveVerb, passive, null, null, false, 0, null, "refused");
        }
        InetSocketAddress target;
        try {
            target = control.passiveTarget(passive);
        } catch (ProtocolException e) {
            return new DataProbe(passiveVerb, passive, null, null, false, 0, null, "reply not understood");
        }
        DataConnection data;
        try {
            data = control.connectData(target, timeout);
        } catch (IOException e) {
            return new DataProbe(passiveVerb, passive, null, null, false, 0, null,
                    "cannot connect to data port " + target.getPort() + ": " + Failures.describe(e));
        }
        try (data) {
            Reply first = control.command("LIST", path);
            if (!first.isPositivePreliminary()) {
                return new DataProbe(passiveVerb, passive, first, null, false, 0, first.isPositiveCompletion() ? first : null,
                        first.isPositiveCompletion() ? null : "LIST refused");
            }
            DataTls tls;
            try {
                tls = data.startTls(layer, control.tlsSession().orElse(null));
            } catch (IOException e) {
                data.close();
                return new DataProbe(passiveVerb, passive, first, null, false, 0, control.read(),
                        "TLS handshake failed: " + Failures.describe(e));
            }
            long bytes = 0;
            String failure = null;
            try {
                InputStream in = data.input();
                byte[] buf = new byte[8192];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    bytes += n;
                }
            } catch (IOException e) {
                failure = "data connection failed: " + Failures.describe(e);
            }
            data.close();
            Reply last = control.read();
            if (failure != null && last.isPositiveCompletion()) {
                failure = null; // a server that skips close_notify (IIS): its 226 confirms the listing
            }
            return new DataProbe(passiveVerb, passive, first, tls.protocol(), tls.resumed(), bytes, last, failure);
        }
    }
}
