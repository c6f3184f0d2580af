package dev.wharf.client;

import dev.wharf.protocol.Reply;
import dev.wharf.protocol.tls.Tls;
import javax.net.ssl.SSLSession;

/**
 * What a session has negotiated with the server, as it stands now: the mode, the control
 * connection's TLS, CCC, the data protection level, the credentials and the features. A renewed
 * control connection is brought to this same state (see {@link Negotiation#renew()}), so what the
 * session changed since it connected (PROT C, CCC) holds on, and not what the builder said.
 */
final class SessionState {
    final boolean implicit;
    /** The TLS layer of the current control TLS session; its session cache is what data connections resume. */
    Tls tls;
    /** Kept after CCC: data connections still resume it (RFC 4217 5). */
    SSLSession controlTlsSession;
    /** A data connection resumed the current control TLS session. */
    boolean dataResumedOnThisControl;
    Reply greeting;
    boolean loggedIn;
    boolean cccDone;
    /** RFC 4217 9: the initial state is Clear. */
    DataProtection protection = DataProtection.CLEAR;
    String user;
    String password;
    ServerFeatures features = ServerFeatures.none();
    /** The HASH algorithm the server uses now (OPTS HASH), or null. */
    String selectedHash;

    SessionState(boolean implicit) {
        this.implicit = implicit;
    }

    /** A new TLS session on the control connection: its tickets are unused. */
    void controlTlsStarted(Tls layer, SSLSession session) {
        tls = layer;
        controlTlsSession = session;
        dataResumedOnThisControl = false;
    }

    /**
     * What the server forgets when it logs the user out (REIN, RFC 959 4.1.1) or a new connection
     * starts: login, transfer parameters (RFC 4217 9: PROT C again), features, CCC.
     */
    void loggedOut() {
        loggedIn = false;
        protection = DataProtection.CLEAR;
        cccDone = false;
        features = ServerFeatures.none();
        selectedHash = null;
    }
}
