package dev.wharf.protocol.tls;

import javax.net.ssl.SSLSession;

/**
 * Which full TLS handshake a session descends from, as the server saw it: the peer host and port of
 * that handshake and its creation time.
 *
 * <p>JSSE carries these three values unchanged into every session resumed from it, whether from the
 * server's cache (TLS 1.2 session id) or from a ticket (TLS 1.2 ticket, TLS 1.3 PSK), and through
 * chains of resumptions: a ticket issued on a resumed data connection still names the control
 * connection's handshake. A ticket is encrypted and authenticated with the server's key, so a client
 * cannot forge them; a full handshake gets the time of now and the port of its own socket. Session
 * ids prove nothing: TLS 1.3 and stateless tickets get a new one on every resumption (jsse-notes Q2).
 */
public record SessionOrigin(String peerHost, int peerPort, long creationTime) {

    public static SessionOrigin of(SSLSession session) {
        return new SessionOrigin(session.getPeerHost(), session.getPeerPort(), session.getCreationTime());
    }

    /**
     * Whether {@code session}, established by a handshake that started at {@code handshakeStartMillis}
     * (wall clock), resumed an earlier session: a full handshake creates its session after it started.
     */
    public static boolean isResumption(SSLSession session, long handshakeStartMillis) {
        return session.getCreationTime() < handshakeStartMillis;
    }
}
