package dev.wharf.server.session;

import dev.wharf.protocol.CommandLine;
import dev.wharf.protocol.Failures;
import dev.wharf.protocol.LineTooLongException;
import dev.wharf.protocol.Reply;
import dev.wharf.protocol.ReplyCode;
import dev.wharf.protocol.tls.ClientHellos;
import dev.wharf.protocol.tls.RenegotiationGuard;
import dev.wharf.protocol.tls.SessionOrigin;
import dev.wharf.protocol.tls.Tls;
import dev.wharf.server.SessionSnapshot;
import dev.wharf.server.auth.ClientContext;
import dev.wharf.server.auth.Permission;
import dev.wharf.server.auth.User;
import dev.wharf.server.config.ServerConfig;
import dev.wharf.server.fs.WorkingDirectory;
import dev.wharf.server.spi.FileChange;
import dev.wharf.server.spi.SessionInfo;
import dev.wharf.server.spi.TlsInfo;
import dev.wharf.server.spi.Transfer;
import dev.wharf.server.storage.Storage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection, run on its own virtual thread with blocking I/O, so the code reads in the
 * order of the RFCs. All protocol state of the connection lives here.
 */
public final class Session implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);
    private static final AtomicLong IDS = new AtomicLong();

    /** What the command loop asks the session to do next. */
    private enum Next { CONTINUE, END, RESTART_IMPLICIT }

    final ServerContext server;
    final boolean implicit;
    private final long id = IDS.incrementAndGet();
    private final Control channel;
    private final String admissionRefusal;
    private final Runnable onEnd;
    private final String logPrefix;
    final IssuedTlsSessions.Owner tlsSessions; // what data connections of this client may resume
    private long loginClockStart = System.nanoTime(); // restarts on REIN: a new login window
    private volatile boolean closing;
    private final long openedNanos = System.nanoTime();
    private final Instant connectedAt = Instant.now();
    private long tlsHandshakeStartMillis;
    private String commandVerb;       // the command being handled, for its event
    private long commandStartNanos;
    private int commandReplyCode;
    private boolean commandStartedTransfer;

    // ---- protocol state, in typed parts, each with its own reset ----
    final SecurityState security = new SecurityState();       // reset by REIN and the implicit handshake
    final TransferParameters params = new TransferParameters(); // reset by AUTH and REIN
    final RunningTransfer transfer = new RunningTransfer();

    /**
     * Clear data on a session that negotiated TLS (or cleared it with CCC) while policy demands
     * protected data. A session that never had TLS can only log in where plain FTP is allowed, and
     * then its data is necessarily clear.
     */
    boolean clearDataRefused() {
        return security.protection == SecurityState.Protection.CLEAR && !server.config.protection().allowClearData()
                && (security.tlsActive || security.cccDone);
    }
    String pendingUser;         // USER accepted, waiting for PASS
    volatile User user;         // logged in; read by the users-file watcher from another thread
    String host;                // RFC 7151 HOST
    WorkingDirectory files;     // the user's working directory and path resolution, set at login
    Storage storage;            // the user's files, from the server's StorageProvider at login
    final DataChannel data = new DataChannel(this);
    private Next next = Next.CONTINUE;

    /**
     * @param client           the client: the socket's peer, or the one a trusted load balancer's PROXY
     *                         header named (then used for everything: caps, bans, logs, the data-connection checks)
     * @param admissionRefusal null to serve the connection, or the text of the 421 it gets (limits,
     *                         bans, shutdown) once it can read one
     */
    public Session(ServerContext server, Socket socket, InetSocketAddress client, boolean implicit,
                   String admissionRefusal, Runnable onEnd) throws IOException {
        this(server, new ControlChannel(socket, client, server.config.limits().maxLineLength()), implicit,
                admissionRefusal, onEnd);
    }

    /** A session on any control connection: tests run one over an in-memory {@link Control}. */
    Session(ServerContext server, Control channel, boolean implicit, String admissionRefusal, Runnable onEnd) {
        this.server = server;
        this.implicit = implicit;
        this.channel = channel;
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
            server.events.sessionOpened(info());
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
            if (admissionRefusal == null) {
                server.events.sessionClosed(info(), Duration.ofNanos(System.nanoTime() - openedNanos));
            }
            onEnd.run();
        }
    }

    private void abortTransferOnExit() {
        if (hasTransfer()) {
            transfer.abort();
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
            tlsHandshakeStartMillis = System.currentTimeMillis();
            channel.startTls(server.tls);
        } catch (IOException e) {
            log("implicit TLS handshake failed: " + describe(e));
            server.events.tlsFailed(info(), TlsInfo.Connection.CONTROL, describe(e));
            return false;
        }
        security.implicitTls();
        controlTlsEstablished();
        return true;
    }

    private Next commandLoop() throws IOException {
        next = Next.CONTINUE;
        // Not ended by a shutdown's flag, only by the close that follows its 421: a loop that saw the
        // flag and closed first would make the 421 fail to be sent.
        while (next == Next.CONTINUE) {
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
                log(why.toLowerCase(Locale.ROOT) + ", closing");
                reply(ReplyCode.SERVICE_NOT_AVAILABLE, why + " (" + (loginExpired
                        ? server.config.timeouts().login().toSeconds() : server.config.timeouts().idle().toSeconds())
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
            if (line.startsWith("PROXY ") && server.config.proxyProtocol().mode() != ServerConfig.ProxyProtocol.Mode.OFF) {
                // A header is believed only from a trusted balancer, before the session (Listener):
                // a client must not choose the address its bans and caps are counted by.
                log("refused a PROXY protocol header from a peer that is not in proxy-trusted; closing");
                reply(ReplyCode.SERVICE_NOT_AVAILABLE, "PROXY protocol header refused: not from a trusted load balancer");
                return Next.END;
            }
            CommandLine cmd = CommandLine.parse(line);
            CommandSpec spec = server.dispatcher.spec(cmd.verb());
            if (transfer.thread != null && (spec == null || !spec.answeredDuring(cmd.hasArgument()))) {
                // RFC 959 pipelining: other commands wait until the transfer has replied.
                awaitTransfer();
            }
            LOG.debug("{}> {}", logPrefix, cmd);
            server.dispatcher.dispatch(this, cmd);
        }
        awaitTransfer(); // QUIT during a transfer: the transfer ends and replies first (RFC 959 QUIT)
        return next;
    }

    /** A handler failed in a way no reply foresaw: logged with the session, the session goes on. */
    void internalError(String verb, RuntimeException e) {
        LOG.error("{}internal error in {}", logPrefix, verb, e);
    }

    // ---- transfers ----

    interface TransferBody {
        void run() throws IOException;
    }

    /**
     * Runs a transfer on its own virtual thread; the session goes on reading the control connection.
     * {@code direction} and {@code path} are what an administrator sees of it ({@link #snapshot}).
     */
    void startTransfer(String description, Transfer.Direction direction, String path, TransferBody body) {
        transfer.abortRequested = false;
        transfer.dataTlsResumed = null;
        transfer.lastReplyCode = 0;
        transfer.verb = commandVerb;
        transfer.commandStartNanos = commandStartNanos;
        commandStartedTransfer = true;
        transfer.bytes.set(0);
        transfer.description = description;
        transfer.direction = direction;
        transfer.path = path;
        transfer.startedAt = Instant.now();
        transfer.running = true;
        // Assigned before it starts: its replies are told apart from the session's by the thread.
        Thread t = Thread.ofVirtual().name("wharf-transfer-" + id).unstarted(() -> {
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
                transfer.connection = null;
                transfer.running = false;
                server.events.commandHandled(info(), transfer.verb, transfer.lastReplyCode,
                        Duration.ofNanos(System.nanoTime() - transfer.commandStartNanos));
            }
        });
        transfer.thread = t;
        t.start();
    }

    boolean hasTransfer() {
        return transfer.isAlive();
    }

    /** ABOR: stops the transfer; it replies 426, and returns only once it has (RFC 959 4.1.3). */
    void abortTransfer() {
        transfer.abort();
        data.reset(); // a transfer still waiting for its data connection stops waiting
        awaitTransfer();
    }

    /** Server stop: waits for the running transfer, if any, to end; at most {@code timeout}. */
    public void awaitTransferEnd(java.time.Duration timeout) {
        if (!timeout.isZero()) {
            transfer.join(Math.max(1, timeout.toMillis()));
        }
    }

    void awaitTransfer() {
        if (transfer.thread != null) {
            transfer.join(0);
            transfer.thread = null;
        }
    }

    // ---- state transitions ----

    /** RFC 4217 4 (after AUTH) and RFC 959 REIN: log out and reset every transfer parameter. */
    void resetTransferParameters() {
        pendingUser = null;
        user = null;
        host = null;
        loginClockStart = System.nanoTime();
        files = null;
        storage = null;
        data.reset();
        params.reset();
    }

    /** The state of a connection that has just been accepted. */
    void resetToConnected() {
        resetTransferParameters();
        security.reset();
    }

    /** Starts TLS after the 234 reply (AUTH). Returns false if the session cannot go on. */
    boolean startTls() {
        try {
            tlsHandshakeStartMillis = System.currentTimeMillis();
            channel.startTls(server.tls);
        } catch (SSLException | SocketTimeoutException e) {
            log("TLS handshake after AUTH failed: " + describe(e));
            server.events.tlsFailed(info(), TlsInfo.Connection.CONTROL, describe(e));
            next = Next.END;
            return false;
        } catch (IOException e) {
            log("connection lost during TLS handshake: " + describe(e));
            server.events.tlsFailed(info(), TlsInfo.Connection.CONTROL, "connection lost: " + describe(e));
            next = Next.END;
            return false;
        }
        security.tlsActive = true;
        controlTlsEstablished();
        return true;
    }

    private void controlTlsEstablished() {
        SSLSession tls = channel.tlsSession();
        security.lastControlTlsSession = tls;
        tlsSessions.issued(SessionOrigin.of(tls));
        server.issuedTlsSessions.offered(channel.offeredTickets().stream().map(ClientHellos::fingerprint).toList(),
                SessionOrigin.isResumption(tls, tlsHandshakeStartMillis) ? SessionOrigin.of(tls) : null);
        log("TLS " + Tls.describe(tls));
        server.events.tlsEstablished(info(), new TlsInfo(TlsInfo.Connection.CONTROL, tls.getProtocol(),
                tls.getCipherSuite(), SessionOrigin.isResumption(tls, tlsHandshakeStartMillis)));
    }

    /**
     * Ends TLS on the control connection after the reply that announces it (CCC, REIN). Returns false,
     * and ends the session, when the client did not take part in the closure.
     */
    boolean stopTls(String why) throws IOException {
        Tls.Shutdown result = channel.stopTls((int) server.config.tls().handshakeTimeout().toMillis());
        switch (result) {
            case CLEAN -> {
                security.tlsActive = false;
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

    /** For rights that depend on the argument (SITE CHMOD, an upload over an existing file). */
    void require(Permission p) {
        if (user == null || !user.may(p)) {
            throw new CommandFailure(ReplyCode.FILE_NOT_AVAILABLE, "Permission denied: this account may not " + p.verb());
        }
    }

    void fileChanged(FileChange.Kind kind, String path, String to) {
        server.events.fileChanged(info(), new FileChange(kind, path, to));
    }

    void beginCommand(String verb) {
        commandVerb = verb;
        commandStartNanos = System.nanoTime();
        commandReplyCode = 0;
        commandStartedTransfer = false;
    }

    /**
     * The command-handled event: now, or, for a command that started a transfer, when the transfer
     * ends, with its final reply. The verb only, never the argument: PASS carries a password.
     */
    void endCommand() {
        if (!commandStartedTransfer) {
            server.events.commandHandled(info(), commandVerb, commandReplyCode, Duration.ofNanos(System.nanoTime() - commandStartNanos));
        }
    }

    /** This session as event listeners see it now. */
    SessionInfo info() {
        User u = user;
        return new SessionInfo(id, channel.peer(), implicit, u == null ? null : u.name(), host);
    }

    /**
     * This session for an administrator, read from another thread: each part is as it was when read,
     * the parts together not necessarily of one instant (a transfer may end while they are read).
     */
    public SessionSnapshot snapshot() {
        SSLSession tls = channel.tlsSession();
        Optional<SessionSnapshot.RunningTransfer> running = Optional.empty();
        if (transfer.running) {
            running = Optional.of(new SessionSnapshot.RunningTransfer(transfer.verb, transfer.direction, transfer.path,
                    transfer.bytes.get(), transfer.startedAt));
        }
        return new SessionSnapshot(id, userName(), channel.peer(), implicit, connectedAt,
                tls == null ? null : tls.getProtocol(), tls == null ? null : tls.getCipherSuite(),
                security.protection == SecurityState.Protection.PRIVATE ? 'P' : 'C', running);
    }

    /** Who is logging in, for the user store. */
    ClientContext clientContext() {
        return ClientContext.of(channel.peer(), implicit, channel.tlsSession(), host);
    }

    void loggedIn(User u) throws IOException {
        pendingUser = null;
        storage = server.storageProvider.open(u);
        files = new WorkingDirectory();
        user = u;
        tlsSessions.loggedIn(u.name());
        log("logged in as " + u.name());
    }

    // ---- replies and information ----

    void reply(int code, String text) throws IOException {
        reply(Reply.of(code, text));
    }

    void reply(Reply reply) throws IOException {
        noteReply(reply);
        channel.send(reply);
    }

    /** The same as {@link #reply(Reply)}, its first byte in a TLS record of its own (see DataChannel). */
    void replyInTwoRecords(Reply reply) throws IOException {
        noteReply(reply);
        channel.sendInTwoRecords(reply);
    }

    /** For the command-handled event: a transfer's replies are its own, the others the command's. */
    private void noteReply(Reply reply) {
        if (Thread.currentThread() == transfer.thread) {
            transfer.lastReplyCode = reply.code();
        } else {
            commandReplyCode = reply.code();
        }
        LOG.debug("{}< {}", logPrefix, reply);
    }

    InetAddress localAddress() {
        return channel.local().getAddress();
    }

    int localPort() {
        return channel.local().getPort();
    }

    /** The control connection's TLS session, also after CCC cleared it: data connections resume it. */
    SSLSession tlsSessionForData() {
        return security.lastControlTlsSession;
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

    /** False for a connection that is only told why it is refused (caps, bans, shutdown). */
    public boolean isAdmitted() {
        return admissionRefusal == null;
    }

    public boolean isTransferring() {
        return transfer.running;
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
        long idle = server.config.timeouts().idle().toMillis();
        if (user == null) {
            idle = Math.min(idle, Math.max(1, loginTimeLeftMillis()));
        }
        return (int) Math.min(Integer.MAX_VALUE, idle);
    }

    private long loginTimeLeftMillis() {
        long elapsed = (System.nanoTime() - loginClockStart) / 1_000_000;
        return server.config.timeouts().login().toMillis() - elapsed;
    }

    /** For the server's log: the kind of failure too, which an administrator searches for. */
    static String describe(Throwable e) {
        String words = Failures.describe(e);
        String kind = e.getClass().getSimpleName();
        return words.equals(kind) ? kind : kind + ": " + words;
    }

    static String printable(String verb) {
        var sb = new StringBuilder();
        verb.codePoints().limit(20).forEach(c -> sb.append(c >= 32 && c < 127 ? (char) c : '?'));
        return sb.toString();
    }
}
