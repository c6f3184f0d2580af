package dev.wharf.server.session;

import javax.net.ssl.SSLSession;

/**
 * The protection of a session (RFC 2228, RFC 4217, MS-FTPS 3.2.5): whether the control connection
 * is protected, PBSZ, CCC and PROT. Reset when the connection returns to its just-connected state.
 */
final class SecurityState {
    /** Data protection level set by PROT (RFC 2228 3, RFC 4217 9). */
    enum Protection { CLEAR, PRIVATE }

    boolean tlsActive;          // the control connection is protected
    boolean pbszDone;           // PBSZ accepted since TLS started (RFC 4217 8)
    boolean cccDone;            // CCC cleared the control connection (RFC 4217 6)
    volatile Protection protection = Protection.CLEAR; // read by the administrator's view of the session too
    SSLSession lastControlTlsSession; // kept after CCC: data connections still resume it

    /** MS-FTPS 3.2.5.1: implicit FTPS is as if AUTH TLS, PBSZ 0 and PROT P had been accepted. */
    void implicitTls() {
        tlsActive = true;
        pbszDone = true;
        protection = Protection.PRIVATE;
    }

    void reset() {
        tlsActive = false;
        pbszDone = false;
        cccDone = false;
        protection = Protection.CLEAR;
        lastControlTlsSession = null;
    }
}
