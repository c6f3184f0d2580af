package dev.wharf.client;

import dev.wharf.protocol.CommandLine;
import dev.wharf.protocol.FeatureSet;
import dev.wharf.protocol.HostPort;
import dev.wharf.protocol.MlsxEntry;
import dev.wharf.protocol.ProtocolException;
import dev.wharf.protocol.Reply;
import dev.wharf.protocol.ReplyCode;
import dev.wharf.protocol.TimeVal;
import dev.wharf.protocol.tls.Tls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One logged-in FTPS session: a control connection and the data connections it opens. Not
 * thread-safe, except {@link #abort()}, which cancels a running transfer from another thread.
 *
 * <p>Every data connection with PROT P resumes the control connection's TLS session (TLS 1.2 and
 * 1.3), as vsftpd and ProFTPD demand by default; {@link TransferResult#tls()} reports whether it did.
 */
public final class FtpsSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FtpsSession.class);

    /** Commands {@link #quote} refuses: they change state this class keeps, or need a data connection. */
    private static final Set<String> NOT_QUOTABLE = Set.of("AUTH", "CCC", "REIN", "PBSZ", "PROT", "USER", "PASS",
            "ACCT", "QUIT", "PASV", "EPSV", "PORT", "EPRT", "LIST", "NLST", "MLSD", "RETR", "STOR", "STOU", "APPE",
            "REST", "ABOR", "TYPE");

    private final FtpsClient client;
    private ControlConnection control; // replaced when the session is renewed (see renewControl)
    private final boolean implicit;
    private Tls tls;                     // the TLS layer of the current control TLS session
    private SSLSession controlTlsSession; // kept after CCC: data connections still resume it
    private Reply greeting;
    private boolean loggedIn;
    private boolean cccDone;
    private DataProtection protection = DataProtection.CLEAR; // RFC 4217 9: the initial state is Clear
    private ServerFeatures features = ServerFeatures.none();
    private String selectedHash;
    private boolean dataResumedOnThisControl; // a data connection resumed this control TLS session
    private String loginUser;
    private String loginPassword;
    private boolean epsvRefused;
    private boolean eprtRefused;
    private volatile DataChannel runningData;
    private volatile boolean abortRequested;
    private boolean closed;

    FtpsSession(FtpsClient client, ControlConnection control) {
        this.client = client;
        this.control = control;
        this.implicit = client.mode() == TlsMode.IMPLICIT;
    }

    // ---- connection set-up ----

    /** Secures the control connection and reads the greeting, in the order the mode wants. */
    void open() throws IOException {
        if (implicit) {
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
        Reply r = control.read();
        while (r.code() == ReplyCode.SERVICE_READY_SOON) { // RFC 959 5.4: 120, then 220
            r = control.read();
        }
        if (r.code() != ReplyCode.SERVICE_READY) {
            throw new FtpsReplyException("connect", r, "the server did not accept the connection: " + r.code()
                    + " " + ReplyMeaning.firstLine(r));
        }
        greeting = r;
    }

    /** MS-FTPS 3.1.5.1: the client MUST assume PBSZ 0 and PROT P were accepted. */
    private void assumeImplicitProtection() {
        protection = DataProtection.PRIVATE;
    }

    /**
     * Explicit FTPS: {@code AUTH TLS} (or {@code AUTH SSL}) and the TLS handshake (RFC 4217 4). Done
     * by {@link FtpsClient#connect()}; call it again only after {@link #reinitialize()}. The server
     * resets the login and all transfer parameters (RFC 4217 4.2), so {@link #login()} follows.
     *
     * @throws IllegalStateException on an implicit session (MS-FTPS 3.1.5.6: the server always
     *                               refuses AUTH there) or when TLS is already active
     */
    public void secureControl() throws IOException {
        if (implicit) {
            throw new IllegalStateException("AUTH is not sent on an implicit FTPS session: TLS is already active"
                    + " and the server would refuse it (MS-FTPS 3.1.5.6)");
        }
        if (control.isTls()) {
            throw new IllegalStateException("the control connection is already protected by TLS");
        }
        if (cccDone) {
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
        loggedIn = false;
        protection = DataProtection.CLEAR;
    }

    private void startTls() throws IOException {
        tls = client.newTls();
        try {
            control.startTls(tls);
        } catch (SSLHandshakeException e) {
            control.close();
            throw new TlsFailureException("TLS handshake with " + client.host() + ":" + client.port()
                    + " failed: " + rootMessage(e), e);
        } catch (SocketTimeoutException e) {
            control.close();
            throw new FtpsTimeoutException("the TLS handshake with " + client.host() + ":" + client.port()
                    + " timed out" + (implicit ? " (is this really an implicit FTPS port?)" : ""), e);
        } catch (SSLException e) {
            control.close();
            throw new TlsFailureException("TLS with " + client.host() + ":" + client.port() + " failed: "
                    + rootMessage(e) + (implicit ? " (is this really an implicit FTPS port, and not explicit?)" : ""), e);
        }
        controlTlsSession = control.tlsSession();
        dataResumedOnThisControl = false;
    }

    /** Logs in with the client's credentials, reads FEAT and sets up data protection. */
    public void login() throws IOException {
        login(client.user(), client.password());
    }

    /**
     * USER and PASS, then FEAT, {@code OPTS UTF8 ON} where offered, data protection (PBSZ 0 and
     * PROT on explicit sessions) and {@code TYPE I}.
     *
     * @throws IllegalStateException when the control connection is not protected: a password is
     *                               never sent in the clear
     */
    public void login(String user, String password) throws IOException {
        if (!control.isTls() && !cccDone) {
            throw new IllegalStateException("the control connection is not protected: call secureControl() before"
                    + " login, so the password is not sent in the clear");
        }
        loginUser = user;
        loginPassword = password;
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
        loggedIn = true;
        readFeatures();
        if (features.utf8()) {
            control.command("OPTS", "UTF8 ON"); // RFC 2640 3.1 / de-facto; path names are UTF-8 either way
        }
        setUpDataProtection();
        expect(control.command("TYPE", "I"), "TYPE I", ReplyCode.COMMAND_OK);
    }

    private void readFeatures() throws IOException {
        Reply r = control.command("FEAT", "");
        features = r.code() == ReplyCode.SYSTEM_STATUS ? new ServerFeatures(FeatureSet.parse(r)) : ServerFeatures.none();
        selectedHash = features.selectedHashAlgorithm().orElse(null);
    }

    private void setUpDataProtection() throws IOException {
        DataProtection wanted = client.dataProtection();
        if (implicit) {
            if (client.sendPbszProtOnImplicit()) {
                // Not MS-FTPS (3.1.5.1 says MUST NOT), but some servers (vsftpd) need them.
                sendProtection(wanted);
            } else if (wanted == DataProtection.CLEAR) {
                // MS-FTPS 1.3: "The client can later reset the protection level ... by sending PROT C".
                expect(control.command("PROT", "C"), "PROT C", ReplyCode.COMMAND_OK);
                protection = DataProtection.CLEAR;
            } else {
                protection = DataProtection.PRIVATE; // MS-FTPS 3.1.5.1: no PBSZ/PROT after implicit handshake
            }
        } else if (wanted != protection && !cccDone) {
            sendProtection(wanted);
        }
    }

    /** RFC 4217 9: PBSZ 0 must come first, then PROT. */
    private void sendProtection(DataProtection level) throws IOException {
        expect(control.command("PBSZ", "0"), "PBSZ 0", ReplyCode.COMMAND_OK);
        String prot = level == DataProtection.PRIVATE ? "P" : "C";
        Reply r = control.command("PROT", prot);
        if (r.code() != ReplyCode.COMMAND_OK) {
            throw new FtpsReplyException("PROT " + prot, r, "the server refused PROT " + prot + " ("
                    + r.code() + " " + ReplyMeaning.firstLine(r) + ")" + (level == DataProtection.CLEAR
                    ? ": it insists on protected data connections" : ": it does not offer protected data connections"));
        }
        protection = level;
    }

    /**
     * Changes the data protection level (RFC 4217 9). Not possible after CCC (RFC 4217 5: the
     * server accepts no more PBSZ or PROT).
     */
    public void setDataProtection(DataProtection level) throws IOException {
        ensureLoggedIn();
        if (cccDone) {
            throw new IllegalStateException("PROT cannot be changed after CCC (RFC 4217 5)");
        }
        if (level != protection) {
            if (implicit && !client.sendPbszProtOnImplicit()) {
                String prot = level == DataProtection.PRIVATE ? "P" : "C";
                expect(control.command("PROT", prot), "PROT " + prot, ReplyCode.COMMAND_OK);
                protection = level;
            } else {
                sendProtection(level);
            }
        }
    }

    // ---- REIN, CCC, state ----

    /**
     * REIN: log out and reset the session. RFC 4217 13: on an explicit session the server replies
     * inside TLS and then clears it; the session is then plaintext and logged out, and
     * {@link #secureControl()} and {@link #login()} start over. MS-FTPS 3.1.5.3: on an implicit
     * session TLS is shut down and negotiated again on the same TCP connection before anything else
     * is sent, the greeting read again, and PROT P assumed again; {@link #login()} follows.
     */
    public void reinitialize() throws IOException {
        ensureOpen();
        Reply r = control.command("REIN", "");
        while (r.code() == ReplyCode.SERVICE_READY_SOON) {
            r = control.read();
        }
        if (!r.isPositiveCompletion()) {
            throw new FtpsReplyException("REIN", r);
        }
        loggedIn = false;
        protection = DataProtection.CLEAR;
        cccDone = false;
        features = ServerFeatures.none();
        selectedHash = null;
        if (control.isTls()) {
            endControlTls("REIN");
            tls = null;
            controlTlsSession = null;
        }
        if (implicit) {
            startTls();
            readGreeting();
            assumeImplicitProtection();
        }
    }

    /**
     * CCC (RFC 4217 5): the control connection goes on in plaintext, so that firewalls can read it;
     * data connections keep their protection level.
     *
     * @throws IllegalStateException on an implicit session (MS-FTPS 3.1.5.2: the server always refuses
     *                               it) or when the control connection is not protected
     */
    public void clearCommandChannel() throws IOException {
        if (implicit) {
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
        cccDone = true;
    }

    private void endControlTls(String why) throws IOException {
        Tls.Shutdown result = control.stopTls();
        if (result != Tls.Shutdown.CLEAN) {
            control.close();
            closed = true;
            throw new FtpsException("after " + why + " the server did not end TLS on the control connection"
                    + (result == Tls.Shutdown.PEER_KEPT_TALKING ? " (it kept sending TLS data)" : " in time")
                    + "; the connection was closed");
        }
    }

    public ServerFeatures features() {
        return features;
    }

    /** The server's greeting (220), read after TLS on implicit sessions. */
    public Reply greeting() {
        return greeting;
    }

    public boolean isLoggedIn() {
        return loggedIn;
    }

    public boolean isImplicit() {
        return implicit;
    }

    /** Whether the control connection is protected by TLS now (false after CCC or explicit REIN). */
    public boolean isControlProtected() {
        return control.isTls();
    }

    /** The data protection level in force (PROT P is assumed on implicit sessions, MS-FTPS 3.1.5.1). */
    public DataProtection dataProtection() {
        return protection;
    }

    /** The control connection's TLS session, or empty when it is not protected. */
    public Optional<SSLSession> controlTls() {
        return Optional.ofNullable(control.tlsSession());
    }

    /**
     * Sends one command and returns the server's reply, whatever it is. Commands that change state
     * this class tracks (AUTH, PROT, REIN, USER...) or need a data connection are refused: use the
     * methods for them.
     */
    public Reply quote(String commandLine) throws IOException {
        ensureOpen();
        if (commandLine.indexOf('\r') >= 0 || commandLine.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a command line cannot contain CR or LF");
        }
        CommandLine cmd = CommandLine.parse(commandLine);
        if (NOT_QUOTABLE.contains(cmd.verb())) {
            throw new IllegalArgumentException(cmd.verb() + " changes the session's state or needs a data"
                    + " connection: use the FtpsSession method for it instead of quote()");
        }
        return control.command(cmd.verb(), cmd.argument());
    }

    /** NOOP: checks that the server is still there. */
    public void noop() throws IOException {
        ensureOpen();
        expect(control.command("NOOP", ""), "NOOP", ReplyCode.COMMAND_OK);
    }

    // ---- file system commands ----

    /** PWD: the current remote directory (RFC 959 4.1.3, the quoted path of the 257 reply). */
    public String pwd() throws IOException {
        ensureLoggedIn();
        Reply r = expect(control.command("PWD", ""), "PWD", ReplyCode.PATH_CREATED);
        return quotedPath(r).orElseThrow(() -> new ProtocolException("no quoted path in PWD reply: " + r));
    }

    /** CWD. */
    public void cd(String path) throws IOException {
        ensureLoggedIn();
        expect(control.command("CWD", checkPath(path)), "CWD " + path, ReplyCode.FILE_ACTION_OK);
    }

    /** MKD; returns the created directory's path as the server reports it. */
    public String mkdir(String path) throws IOException {
        ensureLoggedIn();
        Reply r = expect(control.command("MKD", checkPath(path)), "MKD " + path, ReplyCode.PATH_CREATED);
        return quotedPath(r).orElse(path);
    }

    /** RMD: removes an empty directory. */
    public void rmdir(String path) throws IOException {
        ensureLoggedIn();
        expect(control.command("RMD", checkPath(path)), "RMD " + path, ReplyCode.FILE_ACTION_OK);
    }

    /** DELE. */
    public void delete(String path) throws IOException {
        ensureLoggedIn();
        expect(control.command("DELE", checkPath(path)), "DELE " + path, ReplyCode.FILE_ACTION_OK);
    }

    /** RNFR then RNTO. */
    public void rename(String from, String to) throws IOException {
        ensureLoggedIn();
        expect(control.command("RNFR", checkPath(from)), "RNFR " + from, ReplyCode.PENDING_FURTHER_INFORMATION);
        expect(control.command("RNTO", checkPath(to)), "RNTO " + to, ReplyCode.FILE_ACTION_OK);
    }

    /** SIZE (RFC 3659 4), in bytes. */
    public long size(String path) throws IOException {
        ensureLoggedIn();
        Reply r = expect(control.command("SIZE", checkPath(path)), "SIZE " + path, ReplyCode.FILE_STATUS);
        try {
            return Long.parseLong(r.lines().get(0).strip());
        } catch (NumberFormatException e) {
            throw new ProtocolException("SIZE reply is not a number: " + r);
        }
    }

    /** MDTM (RFC 3659 3): the modification time, in UTC. */
    public Instant modificationTime(String path) throws IOException {
        ensureLoggedIn();
        Reply r = expect(control.command("MDTM", checkPath(path)), "MDTM " + path, ReplyCode.FILE_STATUS);
        try {
            return TimeVal.parse(r.lines().get(0).strip().split("\\s+")[0]);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("MDTM reply is not a time-val: " + r);
        }
    }

    /**
     * Sets a file's modification time: MFMT where the server offers it, otherwise the two-argument
     * MDTM form that vsftpd and others accept.
     */
    public void setModificationTime(String path, Instant time) throws IOException {
        ensureLoggedIn();
        String timeVal = TimeVal.format(time);
        String verb = features.mfmt() ? "MFMT" : "MDTM";
        Reply r = control.command(verb, timeVal + " " + checkPath(path));
        if (!r.isPositiveCompletion()) {
            throw new FtpsReplyException(verb + " " + timeVal + " " + path, r);
        }
    }

    /** Whether the server can set modification times (MFMT, or MDTM with a time, which is tried). */
    boolean canSetModificationTime() {
        return features.mfmt() || features.mdtm();
    }

    /**
     * HASH (draft-bryan-ftpext-hash): the server's checksum of a whole file, lower-case hex.
     *
     * @param algorithm e.g. {@code SHA-256}; must be one of {@link ServerFeatures#hashAlgorithms()}
     */
    public String hash(String path, String algorithm) throws IOException {
        ensureLoggedIn();
        String alg = algorithm.toUpperCase(Locale.ROOT);
        if (!features.hashAlgorithms().contains(alg)) {
            throw new IllegalArgumentException("the server offers no HASH " + alg + " (it offers "
                    + features.hashAlgorithms() + ")");
        }
        if (!alg.equals(selectedHash)) {
            expect(control.command("OPTS", "HASH " + alg), "OPTS HASH " + alg, ReplyCode.COMMAND_OK);
            selectedHash = alg;
        }
        Reply r = expect(control.command("HASH", checkPath(path)), "HASH " + path, ReplyCode.FILE_STATUS);
        // "213 SHA-256 0-49 169cd2...dd filename" (draft-bryan-ftpext-hash 3.3). ProFTPD first sends
        // "213-Computing SHA-256 digest" lines while it works, so the last matching line counts.
        for (int i = r.lines().size() - 1; i >= 0; i--) {
            var m = HASH_LINE.matcher(r.lines().get(i).strip());
            if (m.matches()) {
                return m.group(1).toLowerCase(Locale.ROOT);
            }
        }
        throw new ProtocolException("HASH reply not understood: " + r);
    }

    private static final java.util.regex.Pattern HASH_LINE =
            java.util.regex.Pattern.compile("\\S+\\s+\\d+-\\d+\\s+([0-9A-Fa-f]+)(?:\\s.*)?");

    /** MLST (RFC 3659 7): facts about one file or directory; empty if it does not exist (550). */
    public Optional<RemoteFile> info(String path) throws IOException {
        ensureLoggedIn();
        if (!features.mlst()) {
            return infoFromSizeAndTime(path);
        }
        Reply r = control.command("MLST", checkPath(path));
        if (r.code() == ReplyCode.FILE_NOT_AVAILABLE) {
            return Optional.empty();
        }
        expect(r, "MLST " + path, ReplyCode.FILE_ACTION_OK);
        for (String line : r.lines().subList(1, Math.max(1, r.lines().size() - 1))) {
            String entry = line.startsWith(" ") ? line.substring(1) : line; // RFC 3659 7.2: one space first
            try {
                return Optional.of(ListingParser.fromMlsx(MlsxEntry.parse(entry), path));
            } catch (IllegalArgumentException e) {
                throw new ProtocolException("MLST reply not understood: " + r);
            }
        }
        throw new ProtocolException("MLST reply without facts: " + r);
    }

    /**
     * Whether {@code path} is an existing directory: MLST where offered, otherwise CWD into it and
     * back (LIST cannot tell: some servers list a missing directory as empty).
     */
    public boolean isDirectory(String path) throws IOException {
        ensureLoggedIn();
        if (features.mlst()) {
            return info(path).map(RemoteFile::isDirectory).orElse(false);
        }
        String here = pwd();
        Reply r = control.command("CWD", checkPath(path));
        if (!r.isPositiveCompletion()) {
            return false;
        }
        cd(here);
        return true;
    }

    private Optional<RemoteFile> infoFromSizeAndTime(String path) throws IOException {
        Reply r = control.command("SIZE", checkPath(path));
        if (r.code() != ReplyCode.FILE_STATUS) {
            return Optional.empty();
        }
        long size = Long.parseLong(r.lines().get(0).strip());
        Instant modified = features.mdtm() ? modificationTime(path) : null;
        String name = path.substring(path.lastIndexOf('/') + 1);
        return Optional.of(new RemoteFile(path, name, RemoteFile.Type.FILE, size, modified, modified != null, "", null));
    }

    // ---- listings ----

    /**
     * The entries of a remote directory: MLSD where the server offers it (exact sizes, UTC times,
     * types), LIST otherwise (Unix and IIS/DOS formats; times to the minute, server-local). The
     * directory itself and its parent are left out.
     */
    public List<RemoteFile> list(String directory) throws IOException {
        ensureLoggedIn();
        boolean mlsd = features.mlst();
        var buffer = new ByteArrayOutputStream();
        receive(mlsd ? "MLSD" : "LIST", checkPath(directory), 0, buffer, null);
        List<String> lines = ListingParser.lines(buffer.toByteArray());
        return mlsd ? ListingParser.parseMlsd(lines, directory)
                : ListingParser.parseList(lines, directory, LocalDate.now(ZoneOffset.UTC));
    }

    // ---- downloads ----

    /** RETR into a local file, replacing it. */
    public TransferResult download(String remote, Path local) throws IOException {
        return download(remote, local, false);
    }

    /**
     * RETR into a local file. With {@code resume}, an existing local file is continued from its size
     * (REST STREAM, RFC 3659 5); if it is already complete nothing is transferred.
     */
    public TransferResult download(String remote, Path local, boolean resume) throws IOException {
        ensureLoggedIn();
        long offset = resume && Files.exists(local) ? Files.size(local) : 0;
        if (offset > 0 && features.size()) {
            long remoteSize = size(remote);
            if (offset == remoteSize) {
                return new TransferResult(0, offset, null, verifyWholeFile(remote, local));
            }
            if (offset > remoteSize) {
                LOG.info("{} is larger locally ({} bytes) than on the server ({}): downloading it again", local, offset, remoteSize);
                offset = 0;
            }
        }
        MessageDigest digest = offset == 0 ? newDigestForVerification() : null;
        TransferResult result;
        try (OutputStream out = offset > 0
                ? Files.newOutputStream(local, StandardOpenOption.APPEND)
                : Files.newOutputStream(local)) {
            result = receive("RETR", checkPath(remote), offset, out, digest);
        }
        String verified = digest != null ? verifyHash(remote, digest) : offset > 0 ? verifyWholeFile(remote, local) : null;
        return withHash(result, verified);
    }

    /** RETR into a stream (the stream is not closed). */
    public TransferResult download(String remote, OutputStream out) throws IOException {
        return download(remote, out, 0);
    }

    /** RETR from {@code offset} (REST STREAM) into a stream; the checksum is verified only for offset 0. */
    public TransferResult download(String remote, OutputStream out, long offset) throws IOException {
        ensureLoggedIn();
        MessageDigest digest = offset == 0 ? newDigestForVerification() : null;
        TransferResult result = receive("RETR", checkPath(remote), offset, out, digest);
        return withHash(result, digest != null ? verifyHash(remote, digest) : null);
    }

    // ---- uploads ----

    /** STOR from a local file, replacing the remote one. */
    public TransferResult upload(Path local, String remote) throws IOException {
        return upload(local, remote, false);
    }

    /**
     * STOR from a local file. With {@code resume}, a shorter remote file is continued from its size
     * (SIZE, then APPE with the rest); if it is already complete nothing is transferred.
     */
    public TransferResult upload(Path local, String remote, boolean resume) throws IOException {
        ensureLoggedIn();
        long localSize = Files.size(local);
        long offset = 0;
        if (resume) {
            offset = remoteSizeOrZero(remote);
            if (offset == localSize) {
                return new TransferResult(0, offset, null, verifyWholeFile(remote, local));
            }
            if (offset > localSize) {
                LOG.info("{} is larger on the server ({} bytes) than locally ({}): uploading it again", remote, offset, localSize);
                offset = 0;
            }
        }
        MessageDigest digest = offset == 0 ? newDigestForVerification() : null;
        TransferResult result;
        try (InputStream in = Files.newInputStream(local)) {
            in.skipNBytes(offset);
            result = send(offset > 0 ? "APPE" : "STOR", checkPath(remote), in, digest, offset);
        }
        String verified = digest != null ? verifyHash(remote, digest) : offset > 0 ? verifyWholeFile(remote, local) : null;
        return withHash(result, verified);
    }

    /** STOR from a stream, read to its end (the stream is not closed). */
    public TransferResult upload(InputStream in, String remote) throws IOException {
        ensureLoggedIn();
        MessageDigest digest = newDigestForVerification();
        TransferResult result = send("STOR", checkPath(remote), in, digest, 0);
        return withHash(result, verifyHash(remote, digest));
    }

    /** APPE: adds the stream's bytes to the end of the remote file (creating it if missing). */
    public TransferResult append(InputStream in, String remote) throws IOException {
        ensureLoggedIn();
        return send("APPE", checkPath(remote), in, null, 0);
    }

    private long remoteSizeOrZero(String remote) throws IOException {
        Reply r = control.command("SIZE", checkPath(remote));
        if (r.code() != ReplyCode.FILE_STATUS) {
            return 0;
        }
        try {
            return Long.parseLong(r.lines().get(0).strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    // ---- mirroring and parallel transfers ----

    /**
     * Makes {@code localDir} a copy of {@code remoteDir}, recursively, transferring only files whose
     * size or modification time differ; see {@link MirrorOptions} for deletion and parallelism.
     */
    public MirrorResult mirrorDown(String remoteDir, Path localDir, MirrorOptions options) throws IOException {
        ensureLoggedIn();
        return new Mirror(this, options).down(remoteDir, localDir);
    }

    /** Makes {@code remoteDir} a copy of {@code localDir}, recursively; the mirror image of {@link #mirrorDown}. */
    public MirrorResult mirrorUp(Path localDir, String remoteDir, MirrorOptions options) throws IOException {
        ensureLoggedIn();
        return new Mirror(this, options).up(localDir, remoteDir);
    }

    // ---- cancelling ----

    /**
     * Cancels the running transfer, from any thread. The transfer stops at its next block of data:
     * ABOR goes to the server (RFC 959 4.1.3; inside TLS, without Telnet urgent data, RFC 4217 14),
     * the data connection is drained briefly so the server can end it cleanly (ProFTPD ends the
     * whole session when a TLS data connection is cut under it), then closed, and the transfer
     * throws {@link TransferCancelledException}. The session stays usable. Does nothing between
     * transfers; a stalled transfer ends at the data timeout.
     */
    public void abort() {
        if (runningData != null) {
            abortRequested = true;
        }
    }

    // ---- the data connection engine ----

    private TransferResult receive(String verb, String argument, long offset, OutputStream sink, MessageDigest digest)
            throws IOException {
        return transfer(verb, argument, offset, channel -> {
            InputStream in = channel.input();
            byte[] buf = new byte[DataChannel.BUFFER_SIZE];
            long total = 0;
            for (int n; (n = in.read(buf)) >= 0; ) {
                try {
                    sink.write(buf, 0, n);
                } catch (IOException e) {
                    throw new LocalFailure(e);
                }
                if (digest != null) {
                    digest.update(buf, 0, n);
                }
                total += n;
                keepAlive.tick();
                stopIfAborted();
            }
            channel.inputEnded();
            return total;
        });
    }

    private TransferResult send(String verb, String argument, InputStream source, MessageDigest digest, long offset)
            throws IOException {
        return transfer(verb, argument, 0, channel -> {
            OutputStream out = channel.output();
            byte[] buf = new byte[DataChannel.BUFFER_SIZE];
            long total = 0;
            while (true) {
                int n;
                try {
                    n = source.readNBytes(buf, 0, buf.length);
                } catch (IOException e) {
                    throw new LocalFailure(e);
                }
                if (n <= 0) {
                    break;
                }
                out.write(buf, 0, n);
                if (digest != null) {
                    digest.update(buf, 0, n);
                }
                total += n;
                keepAlive.tick();
                stopIfAborted();
            }
            channel.finishUpload(Math.min(FtpsClient.millis(client.dataTimeout()), 5000));
            return total;
        }, offset);
    }

    private void stopIfAborted() throws LocalFailure {
        if (abortRequested) {
            throw new LocalFailure(new IOException("cancelled"));
        }
    }

    /** What runs on an open data connection; returns the bytes moved. */
    @FunctionalInterface
    private interface DataWork {
        long run(DataChannel channel) throws IOException;
    }

    /** An I/O failure on the local side (the caller's stream or file), not on the data connection. */
    private static final class LocalFailure extends IOException {
        LocalFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private KeepAlive keepAlive;

    private TransferResult transfer(String verb, String argument, long restOffset, DataWork work) throws IOException {
        return transfer(verb, argument, restOffset, work, restOffset);
    }

    /**
     * One data transfer (RFC 959 3.2, RFC 4217 7): data port (EPSV/PASV or EPRT/PORT), REST, the
     * command, its 1xx reply, TLS on the data connection as the TLS client, the data, the closure,
     * and the final reply. Failures leave the control connection in step.
     */
    private TransferResult transfer(String verb, String argument, long restOffset, DataWork work, long reportedOffset)
            throws IOException {
        try {
            return transferOnce(verb, argument, restOffset, work, reportedOffset);
        } catch (OutOfSessionTickets e) {
            // No data has moved yet, so the transfer can simply start over on a renewed session.
            LOG.info("{}: no TLS session ticket left to resume the control session on a data connection"
                    + " (the server sends none on uploads); renewing the control connection", verb);
            renewControl();
            try {
                return transferOnce(verb, argument, restOffset, work, reportedOffset);
            } catch (OutOfSessionTickets again) {
                throw new DataConnectionException(verb + " failed: even on a renewed control connection the data"
                        + " connection could not resume the TLS session", null, null, true);
            }
        }
    }

    /**
     * Signals a data connection that did a full TLS handshake after earlier ones of the same control
     * session resumed: the client ran out of TLS 1.3 tickets (each is used once, and some servers,
     * like ProFTPD, issue none on upload connections), or the server forgot the session.
     */
    private static final class OutOfSessionTickets extends Exception {
        OutOfSessionTickets() {
            super(null, null, false, false);
        }
    }

    /**
     * Replaces the control connection with a new one (TCP, TLS, login, data protection, working
     * directory): a fresh TLS session brings fresh tickets for the data connections.
     */
    private void renewControl() throws IOException {
        String cwd = pwd();
        ControlConnection old = control;
        try {
            old.command("QUIT", "");
        } catch (IOException ignored) {
            // Leaving anyway.
        } finally {
            old.close();
        }
        control = ControlConnection.open(client.host(), client.port(), FtpsClient.millis(client.connectTimeout()),
                FtpsClient.millis(client.replyTimeout()));
        loggedIn = false;
        open();
        login(loginUser, loginPassword);
        if (!pwd().equals(cwd)) {
            cd(cwd);
        }
    }

    private TransferResult transferOnce(String verb, String argument, long restOffset, DataWork work,
                                        long reportedOffset) throws IOException, OutOfSessionTickets {
        ensureLoggedIn();
        abortRequested = false;
        String command = argument.isEmpty() ? verb : verb + " " + argument;
        DataEndpoint endpoint = openDataEndpoint();
        DataChannel channel;
        try {
            if (restOffset > 0) {
                Reply r = control.command("REST", Long.toString(restOffset));
                if (r.code() != ReplyCode.PENDING_FURTHER_INFORMATION) {
                    throw new FtpsReplyException("REST " + restOffset, r, "the server cannot resume at byte "
                            + restOffset + " (" + r.code() + " " + ReplyMeaning.firstLine(r) + ")");
                }
            }
            Reply first = control.command(verb, argument);
            if (first.isPositiveCompletion()) {
                return new TransferResult(0, reportedOffset, null, null); // nothing to transfer, no data connection
            }
            if (!first.isPositivePreliminary()) {
                throw commandRefused(command, first);
            }
            channel = openChannel(endpoint, command);
        } finally {
            if (runningData == null) {
                endpoint.close(); // a passive socket that was not handed to a channel
            }
        }
        DataTls handshake = channel.tlsReport();
        if (handshake != null && handshake.resumed()) {
            dataResumedOnThisControl = true;
        } else if (handshake != null && dataResumedOnThisControl) {
            runningData = null;
            channel.abort();
            control.read(); // the server's verdict on the abandoned connection (425/426/522)
            throw new OutOfSessionTickets();
        }
        keepAlive = new KeepAlive(control, client.keepAliveInterval().toNanos());
        runningData = channel;
        long bytes = 0;
        IOException dataFailure = null;
        try {
            if (abortRequested) {
                throw new LocalFailure(new IOException("cancelled"));
            }
            bytes = work.run(channel);
        } catch (LocalFailure e) {
            cancel(channel);
            if (abortRequested) {
                throw new TransferCancelledException(command + " was cancelled");
            }
            throw (IOException) e.getCause();
        } catch (IOException e) {
            if (abortRequested) {
                cancel(channel);
                throw new TransferCancelledException(command + " was cancelled");
            }
            dataFailure = e;
        } finally {
            runningData = null;
        }
        channel.close();
        Reply last = keepAlive.readFinalReply();
        DataTls report = channel.tlsReport();
        if (!last.isPositiveCompletion()) {
            throw transferFailed(command, last, report, dataFailure);
        }
        if (dataFailure != null) {
            if (report != null && isMissingCloseNotify(dataFailure)) {
                // The control connection (authenticated) says the transfer completed; the server just
                // skipped TLS close_notify on the data connection, as IIS does.
                LOG.warn("{}: the server closed the data connection without TLS close_notify; its {} reply"
                        + " confirms the transfer", command, last.code());
            } else {
                throw new DataConnectionException(command + ": the data connection failed ("
                        + ControlConnection.describe(dataFailure) + ") although the server replied "
                        + last.code() + " " + ReplyMeaning.firstLine(last), last, dataFailure, false);
            }
        }
        if (report != null && !report.resumed()) {
            LOG.debug("{}: the data connection's TLS session did not resume the control session", command);
        }
        return new TransferResult(bytes, reportedOffset, report, null);
    }

    private DataChannel openChannel(DataEndpoint endpoint, String command) throws IOException {
        int dataTimeout = FtpsClient.millis(client.dataTimeout());
        Socket raw;
        try {
            raw = endpoint.socket(dataTimeout);
            raw.setSoTimeout(dataTimeout);
        } catch (IOException e) {
            endpoint.close();
            Reply last = control.read(); // the server gives up on the data connection too: 425
            throw new DataConnectionException(command + ": no data connection: " + ControlConnection.describe(e)
                    + " (server: " + last.code() + " " + ReplyMeaning.firstLine(last) + ")", last, e, false);
        }
        if (protection == DataProtection.CLEAR) {
            DataChannel clear = DataChannel.clear(raw);
            runningData = clear;
            return clear;
        }
        try {
            DataChannel secure = DataChannel.secure(raw, tls, client.host(), controlTlsSession);
            runningData = secure;
            return secure;
        } catch (IOException e) {
            ControlConnection.closeQuietly(raw);
            Reply last = control.read();
            throw new DataConnectionException(command + ": the TLS handshake on the data connection failed ("
                    + rootMessage(e) + "); server: " + last.code() + " " + ReplyMeaning.firstLine(last)
                    + implicitHint(), last, e, false);
        }
    }

    /** Closes the data connection, sends ABOR and waits until the control connection is in step again. */
    private void cancel(DataChannel channel) throws IOException {
        control.send("ABOR", "");
        channel.drainAfterAbort(ABORT_DRAIN_MILLIS);
        channel.abort();
        keepAlive.resynchronize();
    }

    /** How long to let the server end an aborted transfer before the data connection is cut. */
    private static final int ABORT_DRAIN_MILLIS = 2000;

    private DataEndpoint openDataEndpoint() throws IOException {
        int connectTimeout = FtpsClient.millis(client.connectTimeout());
        if (client.activeMode()) {
            return openActive();
        }
        InetSocketAddress target = null;
        if (!epsvRefused && client.epsv()) {
            Reply r = control.command("EPSV", "");
            if (r.code() == ReplyCode.ENTERING_EXTENDED_PASSIVE) {
                int port = parseOrFail(() -> HostPort.parseExtendedPassiveReply(r.text()), r);
                target = new InetSocketAddress(control.remoteAddress(), port); // RFC 2428 3: same host
            } else if (r.code() >= 500) {
                LOG.debug("EPSV refused ({}): using PASV from now on", r.code());
                epsvRefused = true;
            } else {
                throw new DataConnectionException(ReplyMeaning.describe("EPSV", r), r, null, false);
            }
        }
        if (target == null) {
            Reply r = control.command("PASV", "");
            if (r.code() != ReplyCode.ENTERING_PASSIVE) {
                throw new DataConnectionException(ReplyMeaning.describe("PASV", r)
                        + "; the server offers no passive mode (try active mode)", r, null, false);
            }
            HostPort hp = parseOrFail(() -> HostPort.parsePassiveReply(r.text()), r);
            InetAddress address = PassiveAddress.choose(hp.address(), control.remoteAddress());
            if (!address.equals(hp.address())) {
                LOG.debug("227 announced {}, which is not reachable from here: using {}", hp.address(), address);
            }
            target = new InetSocketAddress(address, hp.port());
        }
        try {
            return DataEndpoint.connect(target, control.port(), connectTimeout);
        } catch (IOException e) {
            throw new DataConnectionException("could not connect to the server's data port " + target.getAddress()
                    .getHostAddress() + ":" + target.getPort() + ": " + ControlConnection.describe(e)
                    + " (a firewall in between? try active mode)", null, e, false);
        }
    }

    private DataEndpoint openActive() throws IOException {
        InetAddress advertised = client.activeAddress() != null ? client.activeAddress() : control.localAddress();
        DataEndpoint.Active endpoint = DataEndpoint.listen(control.localAddress(), control.port(), control.remoteAddress());
        try {
            var hostPort = new HostPort(advertised, endpoint.port());
            if (!eprtRefused) {
                Reply r = control.command("EPRT", hostPort.toEprtArgument());
                if (r.code() == ReplyCode.COMMAND_OK) {
                    return endpoint;
                }
                if (r.code() < 500 || advertised.getAddress().length != 4) {
                    throw new DataConnectionException(ReplyMeaning.describe("EPRT", r), r, null, false);
                }
                LOG.debug("EPRT refused ({}): using PORT from now on", r.code());
                eprtRefused = true;
            }
            Reply r = control.command("PORT", hostPort.toPortArgument());
            if (r.code() != ReplyCode.COMMAND_OK) {
                throw new DataConnectionException(ReplyMeaning.describe("PORT", r), r, null, false);
            }
            return endpoint;
        } catch (IOException | RuntimeException e) {
            endpoint.close();
            throw e;
        }
    }

    private FtpsException commandRefused(String command, Reply r) {
        if ((r.code() == 521 || r.code() == 522 || r.code() == 534) && implicit && !client.sendPbszProtOnImplicit()) {
            return new FtpsReplyException(command, r, ReplyMeaning.describe(command, r) + implicitHint());
        }
        if (r.code() == ReplyCode.CANT_OPEN_DATA) {
            return new DataConnectionException(ReplyMeaning.describe(command, r), r, null, false);
        }
        return new FtpsReplyException(command, r);
    }

    /**
     * A transfer that ended with a negative reply. After a full (not resumed) TLS handshake on the
     * data connection, a 425, 426, 450, 522 or 534 almost always means the server requires session
     * reuse (vsftpd {@code require_ssl_reuse}, ProFTPD's default) and rejected the new session.
     */
    private FtpsException transferFailed(String command, Reply last, DataTls report, IOException dataFailure) {
        boolean fullHandshake = report != null && !report.resumed();
        boolean reuseCode = Set.of(425, 426, 450, 522, 534).contains(last.code());
        if (fullHandshake && reuseCode) {
            return new DataConnectionException(command + " failed: the server requires TLS session reuse and this"
                    + " data connection did not resume it (server replied " + last.code() + " "
                    + ReplyMeaning.firstLine(last) + "). The TLS session of the data connection must resume the"
                    + " control connection's; a server that sends no session tickets or has session caching off"
                    + " cannot be reused", last, dataFailure, true);
        }
        if (last.code() == ReplyCode.CANT_OPEN_DATA || last.code() == ReplyCode.TRANSFER_ABORTED) {
            return new DataConnectionException(ReplyMeaning.describe(command, last)
                    + (dataFailure != null ? "; data connection: " + ControlConnection.describe(dataFailure) : "")
                    + implicitHint(), last, dataFailure, false);
        }
        return new FtpsReplyException(command, last);
    }

    private String implicitHint() {
        return implicit && !client.sendPbszProtOnImplicit()
                ? ". On implicit FTPS some servers (vsftpd) still expect PBSZ 0 and PROT P:"
                + " try FtpsClient.Builder.sendPbszProtOnImplicit(true)"
                : "";
    }

    private static boolean isMissingCloseNotify(IOException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return e instanceof java.io.EOFException || e.getCause() instanceof java.io.EOFException
                || m.contains("close_notify") || m.contains("shut down incorrectly");
    }

    // ---- checksums ----

    /** The digest to compute during a transfer, if the server can be asked for the same one afterwards. */
    private MessageDigest newDigestForVerification() {
        String alg = hashAlgorithmToUse();
        if (alg == null) {
            return null;
        }
        try {
            return MessageDigest.getInstance(alg);
        } catch (java.security.NoSuchAlgorithmException e) {
            return null;
        }
    }

    /** SHA-256 first (fast with SHA-NI), then SHA-512, SHA-1, MD5: the first the server offers. */
    private String hashAlgorithmToUse() {
        if (!client.verifyHash()) {
            return null;
        }
        List<String> offered = features.hashAlgorithms();
        for (String alg : List.of("SHA-256", "SHA-512", "SHA-1", "MD5")) {
            if (offered.contains(alg)) {
                return alg;
            }
        }
        return null;
    }

    private String verifyHash(String remote, MessageDigest digest) throws IOException {
        if (digest == null) {
            return null;
        }
        String local = java.util.HexFormat.of().formatHex(digest.digest());
        return compareWithServer(remote, digest.getAlgorithm(), local);
    }

    private String verifyWholeFile(String remote, Path local) throws IOException {
        MessageDigest digest = newDigestForVerification();
        if (digest == null) {
            return null;
        }
        try (InputStream in = Files.newInputStream(local)) {
            byte[] buf = new byte[DataChannel.BUFFER_SIZE];
            for (int n; (n = in.read(buf)) > 0; ) {
                digest.update(buf, 0, n);
            }
        }
        return verifyHash(remote, digest);
    }

    private String compareWithServer(String remote, String algorithm, String localHex) throws IOException {
        String serverHex;
        try {
            serverHex = hash(remote, algorithm);
        } catch (FtpsReplyException e) {
            LOG.debug("HASH {} not available for {}: {}", algorithm, remote, e.getMessage());
            return null;
        }
        if (!serverHex.equals(localHex)) {
            throw new FtpsException("checksum mismatch for " + remote + ": " + algorithm + " is " + localHex
                    + " here but " + serverHex + " on the server; the file was damaged in transit or changed"
                    + " on the server during the transfer");
        }
        return algorithm;
    }

    private static TransferResult withHash(TransferResult r, String algorithm) {
        return new TransferResult(r.bytes(), r.offset(), r.tls(), algorithm);
    }

    // ---- helpers ----

    /**
     * The reply must carry {@code code}; where 200 or 250 is expected any 2xx is accepted, since
     * servers differ there (CWD, DELE, RNTO answer 200 or 250).
     */
    private static Reply expect(Reply r, String command, int code) throws FtpsReplyException {
        boolean lenient = code == ReplyCode.COMMAND_OK || code == ReplyCode.FILE_ACTION_OK;
        if (r.code() != code && !(lenient && r.isPositiveCompletion())) {
            throw new FtpsReplyException(command, r);
        }
        return r;
    }

    private static <T> T parseOrFail(java.util.function.Supplier<T> parse, Reply r) throws ProtocolException {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(e.getMessage() + " (reply: " + r + ")");
        }
    }

    /** RFC 959 257 reply: the path between the first and last quote, doubled quotes undoubled. */
    static Optional<String> quotedPath(Reply r) {
        String text = r.lines().get(0);
        int start = text.indexOf('"');
        int end = text.lastIndexOf('"');
        if (start < 0 || end <= start) {
            return Optional.empty();
        }
        return Optional.of(text.substring(start + 1, end).replace("\"\"", "\""));
    }

    private static String checkPath(String path) {
        if (path.indexOf('\r') >= 0 || path.indexOf('\n') >= 0 || path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a remote path cannot contain CR, LF or NUL: " + path.replace("\r", "\\r")
                    .replace("\n", "\\n"));
        }
        return path;
    }

    private void ensureOpen() {
        if (closed || control.isClosed()) {
            throw new IllegalStateException("the session is closed");
        }
    }

    private void ensureLoggedIn() {
        ensureOpen();
        if (!loggedIn) {
            throw new IllegalStateException("not logged in" + (implicit || control.isTls()
                    ? ": call login()" : ": call secureControl() and login()"));
        }
    }

    /**
     * The most telling message in a TLS exception's causes: a certificate check's own words (ours,
     * naming fingerprints and what to do), else the innermost message.
     */
    private static String rootMessage(Throwable e) {
        String best = ControlConnection.describe(e);
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof java.security.cert.CertificateException && t.getMessage() != null) {
                return t.getMessage();
            }
            if (t.getMessage() != null) {
                best = t.getMessage();
            }
        }
        return best;
    }

    FtpsClient client() {
        return client;
    }

    /** QUIT, then closes the connection. Never throws. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!control.isClosed()) {
                control.command("QUIT", "");
            }
        } catch (IOException ignored) {
            // The server is gone or slow: closing anyway.
        } finally {
            control.close();
        }
    }

    void closeQuietly() {
        closed = true;
        control.close();
    }
}
