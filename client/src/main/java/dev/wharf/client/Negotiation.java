package dev.wharf.client;

import dev.wharf.protocol.FeatureSet;
import dev.wharf.protocol.Failures;
import dev.wharf.protocol.ProtocolException;
import dev.wharf.protocol.Reply;
import dev.wharf.protocol.ReplyCode;
import dev.wharf.protocol.tls.Tls;
import java.io.IOException;
import java.net.SocketTimeoutException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Setting the session up with the server, and keeping it set up: greeting, AUTH and the TLS
 * handshake (or implicit TLS first), login, FEAT, PBSZ and PROT, REIN and CCC. Owns the current
 * control connection and the {@link SessionState}; {@link #renew()} replaces the connection and
 * replays that state on the new one.
 */
final class Negotiation {
    private final FtpsClient client;
    private final SessionState state;
    private ControlConnection control; // replaced by renew()
    private boolean closed;

    Negotiation(FtpsClient client, ControlConnection control) {
        this.client = client;
        this.control = control;
        this.state = new SessionState(client.mode() == TlsMode.IMPLICIT);
    }

    ControlConnection control() {
        return control;
    }

    SessionState state() {
        return state;
    }

    /** Secures the control connection and reads the greeting, in the order the mode wants. */
    void open() throws IOException {
        if (state.implicit) {
            // MS-FTPS 3.1.5.1: no greeting before TLS; act as if AUTH TLS got a positive reply.
            startTls();
            readGreeting();
            assumeImplicitProtection();
        } else {
            readGreeting();
            secureControl();
        }
    }

    private void readGreeting() throws IOException {
        Reply r = control.greeting();
        if (r.code() != ReplyCode.SERVICE_READY) {
            throw new FtpsReplyException("connect", r, "the server did not accept the connection: " + r.code()
                    + " " + ReplyMeaning.firstLine(r));
        }
        state.greeting = r;
    }

    /** MS-FTPS 3.1.5.1: the client MUST assume PBSZ 0 and PROT P were accepted. */
    private void assumeImplicitProtection() {
        state.protection = DataProtection.PRIVATE;
    }

    /** See {@link FtpsSession#secureControl()}. */
    void secureControl() throws IOException {
        if (state.implicit) {
            throw new IllegalStateException("AUTH is not sent on an implicit FTPS session: TLS is already active"
                    + " and the server would refuse it (MS-FTPS 3.1.5.6)");
        }
        if (control.isTls()) {
            throw new IllegalStateException("the control connection is already protected by TLS");
        }
        if (state.cccDone) {
            throw new IllegalStateException("TLS cannot be restarted after CCC on this connection");
        }
        String mechanism = client.authMechanism();
        Reply r = control.command("AUTH", mechanism);
        // 234 (RFC 4217 4.2); some servers from draft-murray's time answer AUTH SSL with 334.
        if (r.code() != ReplyCode.SECURITY_DATA_EXCHANGE_COMPLETE && r.code() != 334) {
            throw new TlsFailureException("the server refused AUTH " + mechanism + " (" + r.code() + " "
                    + ReplyMeaning.firstLine(r) + "): it does not offer explicit FTPS here"
                    + (mechanism.equals("TLS") ? "; legacy servers may want AUTH SSL" : "")
                    + ", or it only speaks implicit FTPS (usually port 990)", r);
        }
        startTls();
        // RFC 4217 4.2: the server resets the login and all transfer parameters.
        state.loggedIn = false;
        state.protection = DataProtection.CLEAR;
    }

    private void startTls() throws IOException {
        Tls layer = client.newTls();
        String where = client.host() + ":" + client.port();
        try {
            state.controlTlsStarted(layer, control.startTls(layer));
        } catch (SSLHandshakeException e) {
            control.close();
            throw new TlsFailureException("TLS handshake with " + where + " failed: " + Failures.rootMessage(e), e);
        } catch (SocketTimeoutException e) {
            control.close();
            throw new FtpsTimeoutException("the TLS handshake with " + where + " timed out"
                    + (state.implicit ? " (is this really an implicit FTPS port?)" : ""), e);
        } catch (SSLException e) {
            control.close();
            throw new TlsFailureException("TLS with " + where + " failed: " + Failures.rootMessage(e)
                    + (state.implicit ? " (is this really an implicit FTPS port, and not explicit?)" : ""), e);
        }
    }

    /** See {@link FtpsSession#login(String, String)}; the data protection wanted is the builder's. */
    void login(String user, String password) throws IOException {
        login(user, password, client.dataProtection());
    }

    private void login(String user, String password, DataProtection wanted) throws IOException {
        if (!control.isTls() && !state.cccDone) {
            throw new IllegalStateException("the control connection is not protected: call secureControl() before"
                    + " login, so the password is not sent in the clear");
        }
        state.user = user;
        state.password = password;
        Reply r = control.command("USER", user);
        if (r.code() == ReplyCode.NEED_PASSWORD) {
            r = control.command("PASS", password);
        }
        if (r.code() == ReplyCode.NEED_ACCOUNT) {
            throw new LoginFailedException(user, "PASS", r);
        }
        if (r.code() != ReplyCode.LOGGED_IN && r.code() != ReplyCode.COMMAND_SUPERFLUOUS) {
            throw new LoginFailedException(user, r.code() == ReplyCode.NOT_LOGGED_IN ? "PASS" : "USER", r);
        }
        state.loggedIn = true;
        readFeatures();
        if (state.features.utf8()) {
            control.command("OPTS", "UTF8 ON"); // RFC 2640 3.1 / de-facto; path names are UTF-8 either way
        }
        setUpDataProtection(wanted);
        ReplyMeaning.expect(control.command("TYPE", "I"), "TYPE I", ReplyCode.COMMAND_OK);
    }

    private void readFeatures() throws IOException {
        Reply r = control.command("FEAT", "");
        state.features = r.code() == ReplyCode.SYSTEM_STATUS ? new ServerFeatures(FeatureSet.parse(r)) : ServerFeatures.none();
        state.selectedHash = state.features.selectedHashAlgorithm().orElse(null);
    }

    private void setUpDataProtection(DataProtection wanted) throws IOException {
        if (state.implicit) {
            if (client.sendPbszProtOnImplicit()) {
                // Not MS-FTPS (3.1.5.1 says MUST NOT), but some servers (vsftpd) need them.
                sendProtection(wanted);
            } else if (wanted == DataProtection.CLEAR) {
                // MS-FTPS 1.3: "The client can later reset the protection level ... by sending PROT C".
                sendProt(wanted);
            } else {
                assumeImplicitProtection(); // MS-FTPS 3.1.5.1: no PBSZ/PROT after implicit handshake
            }
        } else if (wanted != state.protection && !state.cccDone) {
            sendProtection(wanted);
        }
    }

    /** RFC 4217 9: PBSZ 0 must come first, then PROT. */
    private void sendProtection(DataProtection level) throws IOException {
        ReplyMeaning.expect(control.command("PBSZ", "0"), "PBSZ 0", ReplyCode.COMMAND_OK);
        String prot = protArgument(level);
        Reply r = control.command("PROT", prot);
        if (r.code() != ReplyCode.COMMAND_OK) {
            throw new FtpsReplyException("PROT " + prot, r, "the server refused PROT " + prot + " ("
                    + r.code() + " " + ReplyMeaning.firstLine(r) + ")" + (level == DataProtection.CLEAR
                    ? ": it insists on protected data connections" : ": it does not offer protected data connections"));
        }
        state.protection = level;
    }

    /** PROT alone: on an implicit session PBSZ 0 is implied (MS-FTPS 3.1.5.1). */
    private void sendProt(DataProtection level) throws IOException {
        String prot = protArgument(level);
        ReplyMeaning.expect(control.command("PROT", prot), "PROT " + prot, ReplyCode.COMMAND_OK);
        state.protection = level;
    }

    private static String protArgument(DataProtection level) {
        return level == DataProtection.PRIVATE ? "P" : "C";
    }

    /** See {@link FtpsSession#setDataProtection(DataProtection)}. */
    void setDataProtection(DataProtection level) throws IOException {
        ensureLoggedIn();
        if (state.cccDone) {
            throw new IllegalStateException("PROT cannot be changed after CCC (RFC 4217 5)");
        }
        if (level == state.protection) {
            return;
        }
        if (state.implicit && !client.sendPbszProtOnImplicit()) {
            sendProt(level);
        } else {
            sendProtection(level);
        }
    }

    /** See {@link FtpsSession#reinitialize()}. */
    void reinitialize() throws IOException {
        ensureOpen();
        Reply r = control.command("REIN", "");
        while (r.code() == ReplyCode.SERVICE_READY_SOON) {
            r = control.read();
        }
        if (!r.isPositiveCompletion()) {
            throw new FtpsReplyException("REIN", r);
        }
        state.loggedOut();
        if (control.isTls()) {
            endControlTls("REIN");
            state.tls = null;
            state.controlTlsSession = null; // RFC 4217 13: plaintext and logged out, until a new AUTH
        }
        if (state.implicit) {
            startTls();
            readGreeting();
            assumeImplicitProtection();
        }
    }

    /** See {@link FtpsSession#clearCommandChannel()}. */
    void clearCommandChannel() throws IOException {
        if (state.implicit) {
            throw new IllegalStateException("CCC is not sent on an implicit FTPS session: the server always refuses"
                    + " it (MS-FTPS 3.1.5.2)");
        }
        if (!control.isTls()) {
            throw new IllegalStateException("the control connection is not protected: there is no TLS to clear");
        }
        Reply r = control.command("CCC", "");
        if (r.code() != ReplyCode.COMMAND_OK) {
            throw new FtpsReplyException("CCC", r);
        }
        endControlTls("CCC");
        state.cccDone = true;
    }

    private void endControlTls(String why) throws IOException {
        Tls.Shutdown result = control.stopTls();
        if (result != Tls.Shutdown.CLEAN) {
            closeQuietly();
            throw new FtpsException("after " + why + " the server did not end TLS on the control connection"
                    + (result == Tls.Shutdown.PEER_KEPT_TALKING ? " (it kept sending TLS data)" : " in time")
                    + "; the connection was closed");
        }
    }

    /**
     * Replaces the control connection with a new one in the same state: TCP, TLS, login with the
     * session's credentials, the data protection in force, CCC if it was done, and the working
     * directory. A fresh TLS session brings fresh tickets for the data connections. The state is the
     * session's, not the builder's: a PROT C or a CCC since connecting holds on the new connection.
     */
    void renew() throws IOException {
        ensureLoggedIn();
        String cwd = workingDirectory();
        DataProtection protection = state.protection;
        boolean ccc = state.cccDone;
        control.quit();
        control = ControlConnection.open(client.host(), client.port(), client.connectTimeout(), client.replyTimeout());
        state.loggedOut();
        open();
        login(state.user, state.password, protection);
        if (ccc) {
            clearCommandChannel(); // RFC 4217 5: after PBSZ and PROT, which the server refuses once CCC is done
        }
        if (!workingDirectory().equals(cwd)) {
            ReplyMeaning.expect(control.command("CWD", cwd), "CWD " + cwd, ReplyCode.FILE_ACTION_OK);
        }
    }

    /** PWD: the current remote directory (RFC 959 4.1.3, the quoted path of the 257 reply). */
    String workingDirectory() throws IOException {
        Reply r = ReplyMeaning.expect(control.command("PWD", ""), "PWD", ReplyCode.PATH_CREATED);
        return FtpsSession.quotedPath(r).orElseThrow(() -> new ProtocolException("no quoted path in PWD reply: " + r));
    }

    boolean isClosed() {
        return closed || control.isClosed();
    }

    void ensureOpen() {
        if (isClosed()) {
            throw new IllegalStateException("the session is closed");
        }
    }

    void ensureLoggedIn() {
        ensureOpen();
        if (!state.loggedIn) {
            throw new IllegalStateException("not logged in" + (state.implicit || control.isTls()
                    ? ": call login()" : ": call secureControl() and login()"));
        }
    }

    /** QUIT, then closes the connection. Never throws. */
    void close() {
        if (!closed) {
            closed = true;
            control.quit();
        }
    }

    void closeQuietly() {
        closed = true;
        control.close();
    }
}
