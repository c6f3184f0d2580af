package dev.wharf.server.session;

import dev.wharf.protocol.CommandLine;
import dev.wharf.protocol.LineTooLongException;
import dev.wharf.protocol.Reply;
import dev.wharf.protocol.ReplyCode;
import dev.wharf.protocol.tls.RenegotiationGuard;
import dev.wharf.protocol.tls.SessionOrigin;
import dev.wharf.protocol.tls.Tls;
import dev.wharf.server.auth.User;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSession;
import dev.wharf.server.fs.FileView;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection, run on its own virtual thread with blocking I/O, so the code reads in the
 * order of the RFCs. All protocol state of the connection lives here.
 */
public final class Session implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);
    private static final AtomicLong IDS = new AtomicLong();

    /** Data protection level set by PROT (RFC 2228 3, RFC 4217 9). */
    enum Protection { CLEAR, PRIVATE }

    /** What the command loop asks the session to do next. */
    private enum Next { CONTINUE, END, RESTART_IMPLICIT }

    final ServerContext server;
    final boolean implicit;
    private final long id = IDS.incrementAndGet();
    private final ControlChannel channel;
    private final String admissionRefusal;
    private final Runnable onEnd;
    private final String logPrefix;
    final IssuedTlsSessions.Owner tlsSessions; // what data connections of this client may resume
    private long loginClockStart = System.nanoTime(); // restarts on REIN: a new login window
    private volatile boolean closing;
    volatile boolean transferring;  // a data transfer is running: server stop waits for it

    // ---- protocol state (reset by AUTH, REIN and, for implicit sessions, the new handshake) ----
    boolean tlsActive;          // the control connection is protected
    boolean pbszDone;           // PBSZ accepted since TLS started (RFC 4217 8)
    boolean cccDone;            // CCC cleared the control connection (RFC 4217 6)
    Protection protection = Protection.CLEAR;

    /**
     * Clear data on a session that negotiated TLS (or cleared it with CCC) while policy demands
     * protected data. A session that never had TLS can only log in where plain FTP is allowed, and
     * then its data is necessarily clear.
     */
    boolean clearDataRefused() {
        return protection == Protection.CLEAR && !server.config.allowClearData() && (tlsActive || cccDone);
    }
    String pendingUser;         // USER accepted, waiting for PASS
    volatile User user;         // logged in; read by the users-file watcher from another thread
    String host;                // RFC 7151 HOST
    char type = 'A';            // RFC 959 3.1.1: ASCII is the default
    char structure = 'F';
    char mode = 'S';
    FileView files;             // the user's view of storage, set at login
    final DataChannel data = new DataChannel(this);
    long restartOffset;         // REST, for the next command only (RFC 3659 5)
    long restartForCommand;     // the REST offset that applies to the command being run
    String renameFrom;          // RNFR, for the next command only (RFC 959 4.1.3)
    String renameFromForCommand;
    java.util.Set<String> mlstFacts = new java.util.HashSet<>(Listings.ALL_FACTS); // OPTS MLST (RFC 3659 7.9)
    boolean epsvAll;            // RFC 2428 4: after EPSV ALL only EPSV sets up data connections
    String hashAlgorithm = "SHA-256"; // OPTS HASH (draft-bryan-ftpext-hash 3.2)
    long rangeStart = -1;       // RANG, for HASH (draft-bryan-ftpext-hash 3.3)
    long rangeEnd = -1;
    private SSLSession lastControlTlsSession; // kept after CCC: data connections still resume it
    private Next next = Next.CONTINUE;

    // ---- the running transfer, if any: it runs on its own thread so ABOR and STAT can be read ----
    private volatile Thread transferThread;
    volatile DataConnection transferConnection;
    volatile boolean abortRequested;
    final AtomicLong transferredBytes = new AtomicLong();
    volatile String transferDescription;

    /**
     * @param admissionRefusal null to serve the connection, or the text of the 421 it gets (limits,
     *                         bans, shutdown) once it can read one
     */
    public Session(ServerContext server, Socket socket, boolean implicit, String admissionRefusal, Runnable onEnd)
            throws IOException {
        this.server = server;
        this.implicit = implicit;
        this.channel = new ControlChannel(socket, server.config.maxLineLength());
        this.admissionRefusal = admissionRefusal;
        this.onEnd = onEnd;
        InetSocketAddress peer = channel.peer();
        this.tlsSessions = server.issuedTlsSessions.owner(peer.getAddress());
        this.logPrefix = "[#" + id + " " + peer.getAddress().getHostAddress() + ":" + peer.getPort()
                + (implicit ? " implicit" : "") + "] ";
    }

    @Override
    public void run() {
        try {
            if (admissionRefusal != null) {
                refuse();
                return;
            }
            while (true) {
                // MS-FTPS 3.2.5.1: on the implicit port, TLS comes first and nothing is sent before it.
                if (implicit && !negotiateImplicitTls()) {
                    return;
                }
                reply(ReplyCode.SERVICE_READY, server.config.greeting());
                Next outcome = commandLoop();
                if (outcome != Next.RESTART_IMPLICIT) {
                    return;
                }
                // MS-FTPS 3.2.5.3: after REIN the connection is as it was just after TCP connect.
                log("REIN: waiting for a new TLS handshake on the same connection");
            }
        } catch (IOException e) {
            if (e instanceof RenegotiationGuard.RenegotiationRefusedException) {
                log("refused a client-initiated TLS renegotiation (a CPU exhaustion attack, CVE-2011-1473); closing");
            } else if (!closing) {
                log("connection lost: " + describe(e));
            }
        } catch (RuntimeException e) {
            LOG.error("{}internal error, closing the session", logPrefix, e);
        } finally {
            abortTransferOnExit();
            data.reset();
            channel.close();
            tlsSessions.close();
            log("closed");
            onEnd.run();
        }
    }

    private void abortTransferOnExit() {
        if (hasTransfer()) {
            abortRequested = true;
            DataConnection dc = transferConnection;
            if (dc != null) {
                dc.abort();
            }
            data.reset();
        }
        awaitTransfer(); // its reply and log line come before the session is counted as ended
    }

    private void refuse() throws IOException {
        log("refused: " + admissionRefusal);
        if (implicit && !negotiateImplicitTls()) {
            return;
        }
        reply(ReplyCode.SERVICE_NOT_AVAILABLE, admissionRefusal);
    }

    /** MS-FTPS 3.2.5.1: as if AUTH TLS, PBSZ 0 and PROT P had been accepted, with no replies sent. */
    private boolean negotiateImplicitTls() {
        resetToConnected();
        try {
            channel.startTls(server.tls);
        } catch (IOException e) {
            log("implicit TLS handshake failed: " + describe(e));
            return false;
        }
        tlsActive = true;
        pbszDone = true;
        protection = Protection.PRIVATE;
        controlTlsEstablished();
        return true;
    }

    private Next commandLoop() throws IOException {
        next = Next.CONTINUE;
        while (next == Next.CONTINUE && !closing) {
            String line;
            try {
                line = channel.readLine(readTimeoutMillis());
            } catch (ControlChannel.TlsOnClearConnectionException e) {
                // Nothing useful can be said to it in plain text: it waits for a ServerHello.
                log("the client sent a TLS ClientHello instead of a command: an implicit FTPS client on the explicit"
                        + " port? Closing; it should connect to the implicit port, or send AUTH TLS first");
                return Next.END;
            } catch (LineTooLongException e) {
                reply(ReplyCode.SYNTAX_ERROR, "Command line too long (the limit is " + e.limit() + " bytes)");
                continue;
            } catch (SocketTimeoutException e) {
                if (hasTransfer()) {
                    continue; // a long transfer is not idleness
                }
                boolean loginExpired = user == null && loginTimeLeftMillis() <= 0;
                String why = loginExpired ? "Login timeout" : "Idle timeout";
                log(why.toLowerCase() + ", closing");
                reply(ReplyCode.SERVICE_NOT_AVAILABLE, why + " (" + (loginExpired
                        ? server.config.loginTimeout().toSeconds() : server.config.idleTimeout().toSeconds())
                        + " s): closing control connection");
                return Next.END;
            }
            if (line == null) {
                log("client closed the connection");
                return Next.END;
            }
            if (line.isBlank()) {
                reply(ReplyCode.SYNTAX_ERROR, "Empty command line");
                continue;
            }
            CommandLine cmd = CommandLine.parse(line);
            if (transferThread != null && !runsDuringTransfer(cmd)) {
                // RFC 959 pipelining: other commands wait until the transfer has replied.
                awaitTransfer();
            }
            dispatch(cmd);
        }
        awaitTransfer(); // QUIT during a transfer: the transfer ends and replies first (RFC 959 QUIT)
        return next;
    }

    private void dispatch(CommandLine cmd) throws IOException {
        LOG.debug("{}> {}", logPrefix, cmd);
        Command command = server.commands.get(cmd.verb());
        if (command == null) {
            if (server.commands.isKnown(cmd.verb())) {
                reply(ReplyCode.NOT_IMPLEMENTED, cmd.verb() + " is not implemented");
            } else {
                reply(ReplyCode.SYNTAX_ERROR, "Unknown command " + printable(cmd.verb()));
            }
            return;
        }
        switch (command.need()) {
            case LOGIN, DATA_TRANSFER -> {
                if (user == null) {
                    reply(ReplyCode.NOT_LOGGED_IN, "Please log in with USER and PASS first");
                    return;
                }
                if (command.need() == Need.DATA_TRANSFER && clearDataRefused()) {
                    reply(ReplyCode.DATA_PROTECTION_REFUSED, "Data connection cannot be opened with this PROT setting:"
                            + " send PBSZ 0 and PROT P (clear data is refused by the allow-clear-data setting)");
                    return;
                }
            }
            case TLS -> {
                if (!tlsActive) {
                    reply(ReplyCode.BAD_SEQUENCE, cmd.verb() + " needs a TLS-protected control connection: send AUTH TLS first");
                    return;
                }
            }
            case NOTHING -> { }
        }
        // One-shot state (REST, RNFR) applies to the next command only. REST survives the commands
        // clients put between it and the transfer (curl: REST, then EPSV, then RETR).
        restartForCommand = restartOffset;
        if (!KEEPS_RESTART.contains(cmd.verb())) {
            restartOffset = 0;
        }
        renameFromForCommand = renameFrom;
        renameFrom = null;
        try {
            command.handler().handle(this, cmd.argument());
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static final java.util.Set<String> KEEPS_RESTART = java.util.Set.of(
            "PASV", "EPSV", "PORT", "EPRT", "TYPE", "MODE", "STRU", "NOOP", "STAT", "ALLO", "SIZE", "MDTM", "PBSZ", "PROT");

    /** ABOR and STAT are answered at once during a transfer (RFC 959 4.1.3); QUIT waits for it. */
    private boolean runsDuringTransfer(CommandLine cmd) {
        return cmd.verb().equals("ABOR") || (cmd.verb().equals("STAT") && !cmd.hasArgument());
    }

    // ---- transfers ----

    interface TransferBody {
        void run() throws IOException;
    }

    /** Runs a transfer on its own virtual thread; the session goes on reading the control connection. */
    void startTransfer(String description, TransferBody body) {
        abortRequested = false;
        transferredBytes.set(0);
        transferDescription = description;
        transferring = true;
        transferThread = Thread.ofVirtual().name("wharf-transfer-" + id).start(() -> {
            try {
                body.run();
            } catch (IOException e) {
                log("transfer failed: " + describe(e));
            } catch (RuntimeException e) {
                LOG.error("{}internal error in transfer", logPrefix, e);
                try {
                    reply(ReplyCode.LOCAL_ERROR, "Internal error; transfer aborted");
                } catch (IOException ignored) {
                    // The control connection is gone too.
                }
            } finally {
                transferConnection = null;
                transferring = false;
            }
        });
    }

    boolean hasTransfer() {
        Thread t = transferThread;
        return t != null && t.isAlive();
    }

    /** ABOR: stops the transfer; it replies 426, and returns only once it has (RFC 959 4.1.3). */
    void abortTransfer() {
        abortRequested = true;
        DataConnection dc = transferConnection;
        if (dc != null) {
            dc.abort();
        }
        data.reset(); // a transfer still waiting for its data connection stops waiting
        awaitTransfer();
    }

    /** Server stop: waits for the running transfer, if any, to end; at most {@code timeout}. */
    public void awaitTransferEnd(java.time.Duration timeout) {
        Thread t = transferThread;
        if (t != null && !timeout.isZero()) {
            try {
                t.join(timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    void awaitTransfer() {
        Thread t = transferThread;
        if (t == null) {
            return;
        }
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        transferThread = null;
    }

    // ---- state transitions ----

    /** RFC 4217 4 (after AUTH) and RFC 959 REIN: log out and reset every transfer parameter. */
    void resetTransferParameters() {
        pendingUser = null;
        user = null;
        host = null;
        loginClockStart = System.nanoTime();
        type = 'A';
        structure = 'F';
        mode = 'S';
        files = null;
        data.reset();
        restartOffset = 0;
        renameFrom = null;
        hashAlgorithm = "SHA-256";
        epsvAll = false;
        mlstFacts = new java.util.HashSet<>(Listings.ALL_FACTS);
        rangeStart = rangeEnd = -1;
    }

    /** The state of a connection that has just been accepted. */
    void resetToConnected() {
        resetTransferParameters();
        tlsActive = false;
        pbszDone = false;
        cccDone = false;
        protection = Protection.CLEAR;
        lastControlTlsSession = null;
    }

    /** Starts TLS after the 234 reply (AUTH). Returns false if the session cannot go on. */
    boolean startTls() {
        try {
            channel.startTls(server.tls);
        } catch (SSLException | SocketTimeoutException e) {
            log("TLS handshake after AUTH failed: " + describe(e));
            next = Next.END;
            return false;
        } catch (IOException e) {
            log("connection lost during TLS handshake: " + describe(e));
            next = Next.END;
            return false;
        }
        tlsActive = true;
        controlTlsEstablished();
        return true;
    }

    private void controlTlsEstablished() {
        lastControlTlsSession = channel.tlsSession();
        tlsSessions.issued(SessionOrigin.of(lastControlTlsSession));
        log("TLS " + Tls.describe(lastControlTlsSession));
    }

    /**
     * Ends TLS on the control connection after the reply that announces it (CCC, REIN). Returns false,
     * and ends the session, when the client did not take part in the closure.
     */
    boolean stopTls(String why) throws IOException {
        Tls.Shutdown result = channel.stopTls((int) server.config.tlsHandshakeTimeout().toMillis());
        switch (result) {
            case CLEAN -> {
                tlsActive = false;
                return true;
            }
            case PEER_KEPT_TALKING -> log(why + ": the client kept sending TLS data instead of closing TLS"
                    + " (it does not support clearing TLS on this command); closing the connection");
            case FAILED -> log(why + ": the client did not complete the TLS closure; closing the connection");
        }
        next = Next.END;
        return false;
    }

    /** REIN on an implicit session: after this command, wait for a new handshake (MS-FTPS 3.2.5.3). */
    void restartImplicit() {
        next = Next.RESTART_IMPLICIT;
    }

    void end() {
        next = Next.END;
    }

    void loggedIn(User u) throws IOException {
        pendingUser = null;
        files = new FileView(u.home());
        user = u;
        tlsSessions.loggedIn(u.name());
        log("logged in as " + u.name());
    }

    // ---- replies and information ----

    void reply(int code, String text) throws IOException {
        reply(Reply.of(code, text));
    }

    void reply(Reply reply) throws IOException {
        LOG.debug("{}< {}", logPrefix, reply);
        channel.send(reply);
    }

    InetAddress localAddress() {
        return channel.local().getAddress();
    }

    int localPort() {
        return channel.local().getPort();
    }

    /** The control connection's TLS session, also after CCC cleared it: data connections resume it. */
    SSLSession tlsSessionForData() {
        return lastControlTlsSession;
    }

    InetAddress peerAddress() {
        return channel.peer().getAddress();
    }

    InetSocketAddress peer() {
        return channel.peer();
    }

    javax.net.ssl.SSLSession controlTlsSession() {
        return channel.tlsSession();
    }

    void log(String message) {
        LOG.info("{}{}", logPrefix, message);
    }

    boolean isLoggedIn() {
        return user != null;
    }

    /** Ends the session from another thread (server stop): a 421, then the connection is closed. */
    public void shutdown(String text) {
        if (closing) {
            return;
        }
        closing = true;
        try {
            channel.send(Reply.of(ReplyCode.SERVICE_NOT_AVAILABLE, text));
        } catch (IOException ignored) {
            // The client is gone already.
        }
        channel.close();
    }

    public boolean isTransferring() {
        return transferring;
    }

    public long id() {
        return id;
    }

    public InetAddress clientAddress() {
        return channel.peer().getAddress();
    }

    /** The logged-in user's name, null before login: the server ends the sessions of a removed user. */
    public String userName() {
        User u = user;
        return u == null ? null : u.name();
    }

    private int readTimeoutMillis() {
        long idle = server.config.idleTimeout().toMillis();
        if (user == null) {
            idle = Math.min(idle, Math.max(1, loginTimeLeftMillis()));
        }
        return (int) Math.min(Integer.MAX_VALUE, idle);
    }

    private long loginTimeLeftMillis() {
        long elapsed = (System.nanoTime() - loginClockStart) / 1_000_000;
        return server.config.loginTimeout().toMillis() - elapsed;
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private static String printable(String verb) {
        var sb = new StringBuilder();
        verb.codePoints().limit(20).forEach(c -> sb.append(c >= 32 && c < 127 ? (char) c : '?'));
        return sb.toString();
    }
}
