package dev.wharf.client;

import dev.wharf.protocol.CommandLine;
import dev.wharf.protocol.MlsxEntry;
import dev.wharf.protocol.ProtocolException;
import dev.wharf.protocol.Reply;
import dev.wharf.protocol.ReplyCode;
import dev.wharf.protocol.TimeVal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One logged-in FTPS session: a control connection and the data connections it opens. Not
 * thread-safe, except {@link #abort()}, which cancels a running transfer from another thread.
 *
 * <p>Every data connection with PROT P resumes the control connection's TLS session (TLS 1.2 and
 * 1.3), as vsftpd and ProFTPD demand by default; {@link TransferResult#tls()} reports whether it did.
 * When the client runs out of TLS 1.3 tickets the control connection is renewed in the state this
 * session negotiated (protection level, CCC, working directory) and the transfer goes on.
 *
 * <p>The session is the facade of its parts: {@link Negotiation} sets it up and keeps it set up,
 * {@link TransferEngine} moves data, {@link Checksums} verifies it, {@link ResumePlan} says where a
 * resumed transfer starts. {@link ControlConnection} is the low-level API under all of them.
 */
public final class FtpsSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FtpsSession.class);

    /** Commands {@link #quote} refuses: they change state this class keeps, or need a data connection. */
    private static final Set<String> NOT_QUOTABLE = Set.of("AUTH", "CCC", "REIN", "PBSZ", "PROT", "USER", "PASS",
            "ACCT", "QUIT", "PASV", "EPSV", "PORT", "EPRT", "LIST", "NLST", "MLSD", "RETR", "STOR", "STOU", "APPE",
            "REST", "ABOR", "TYPE");

    /**
     * "213 SHA-256 0-49 169cd2...dd filename" (draft-bryan-ftpext-hash 3.3). ProFTPD first sends
     * "213-Computing SHA-256 digest" lines while it works, so the last matching line counts.
     */
    private static final Pattern HASH_LINE = Pattern.compile("\\S+\\s+\\d+-\\d+\\s+([0-9A-Fa-f]+)(?:\\s.*)?");

    private final FtpsClient client;
    private final Negotiation negotiation;
    private final TransferEngine engine;
    private final Checksums checksums;

    FtpsSession(FtpsClient client, ControlConnection control) {
        this.client = client;
        this.negotiation = new Negotiation(client, control);
        this.engine = new TransferEngine(client, negotiation);
        this.checksums = new Checksums(this, client.verifyHash());
    }

    private ControlConnection control() {
        return negotiation.control();
    }

    private SessionState state() {
        return negotiation.state();
    }

    // ---- connection set-up ----

    /** Secures the control connection and reads the greeting, in the order the mode wants. */
    void open() throws IOException {
        negotiation.open();
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
        negotiation.secureControl();
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
        negotiation.login(user, password);
    }

    /**
     * Changes the data protection level (RFC 4217 9), for the rest of the session, a renewed control
     * connection included. Not possible after CCC (RFC 4217 5: the server accepts no more PBSZ or PROT).
     */
    public void setDataProtection(DataProtection level) throws IOException {
        negotiation.setDataProtection(level);
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
        negotiation.reinitialize();
    }

    /**
     * CCC (RFC 4217 5): the control connection goes on in plaintext, so that firewalls can read it;
     * data connections keep their protection level.
     *
     * @throws IllegalStateException on an implicit session (MS-FTPS 3.1.5.2: the server always refuses
     *                               it) or when the control connection is not protected
     */
    public void clearCommandChannel() throws IOException {
        negotiation.clearCommandChannel();
    }

    public ServerFeatures features() {
        return state().features;
    }

    /** The server's greeting (220), read after TLS on implicit sessions. */
    public Reply greeting() {
        return state().greeting;
    }

    public boolean isLoggedIn() {
        return state().loggedIn;
    }

    public boolean isImplicit() {
        return state().implicit;
    }

    /** Whether the control connection is protected by TLS now (false after CCC or explicit REIN). */
    public boolean isControlProtected() {
        return control().isTls();
    }

    /** The data protection level in force (PROT P is assumed on implicit sessions, MS-FTPS 3.1.5.1). */
    public DataProtection dataProtection() {
        return state().protection;
    }

    /** The control connection's TLS session, or empty when it is not protected. */
    public Optional<SSLSession> controlTls() {
        return control().tlsSession();
    }

    /**
     * Sends one command and returns the server's reply, whatever it is. Commands that change state
     * this class tracks (AUTH, PROT, REIN, USER...) or need a data connection are refused: use the
     * methods for them, or a {@link ControlConnection} of your own.
     */
    public Reply quote(String commandLine) throws IOException {
        negotiation.ensureOpen();
        if (commandLine.indexOf('\r') >= 0 || commandLine.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a command line cannot contain CR or LF");
        }
        CommandLine cmd = CommandLine.parse(commandLine);
        if (NOT_QUOTABLE.contains(cmd.verb())) {
            throw new IllegalArgumentException(cmd.verb() + " changes the session's state or needs a data"
                    + " connection: use the FtpsSession method for it instead of quote()");
        }
        return control().command(cmd.verb(), cmd.argument());
    }

    /** NOOP: checks that the server is still there. */
    public void noop() throws IOException {
        negotiation.ensureOpen();
        expect(control().command("NOOP", ""), "NOOP", ReplyCode.COMMAND_OK);
    }

    // ---- file system commands ----

    /** PWD: the current remote directory (RFC 959 4.1.3, the quoted path of the 257 reply). */
    public String pwd() throws IOException {
        negotiation.ensureLoggedIn();
        return negotiation.workingDirectory();
    }

    /** CWD. */
    public void cd(String path) throws IOException {
        fileCommand("CWD", path, ReplyCode.FILE_ACTION_OK);
    }

    /** MKD; returns the created directory's path as the server reports it. */
    public String mkdir(String path) throws IOException {
        return quotedPath(fileCommand("MKD", path, ReplyCode.PATH_CREATED)).orElse(path);
    }

    /** RMD: removes an empty directory. */
    public void rmdir(String path) throws IOException {
        fileCommand("RMD", path, ReplyCode.FILE_ACTION_OK);
    }

    /** DELE. */
    public void delete(String path) throws IOException {
        fileCommand("DELE", path, ReplyCode.FILE_ACTION_OK);
    }

    /** RNFR then RNTO. */
    public void rename(String from, String to) throws IOException {
        fileCommand("RNFR", from, ReplyCode.PENDING_FURTHER_INFORMATION);
        fileCommand("RNTO", to, ReplyCode.FILE_ACTION_OK);
    }

    /** SIZE (RFC 3659 4), in bytes. */
    public long size(String path) throws IOException {
        Reply r = fileCommand("SIZE", path, ReplyCode.FILE_STATUS);
        return sizeIn(r).orElseThrow(() -> new ProtocolException("SIZE reply is not a number: " + r));
    }

    /** MDTM (RFC 3659 3): the modification time, in UTC. */
    public Instant modificationTime(String path) throws IOException {
        Reply r = fileCommand("MDTM", path, ReplyCode.FILE_STATUS);
        try {
            return TimeVal.parse(r.lines().get(0).strip().split("\\s+")[0]);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("MDTM reply is not a time-val: " + r);
        }
    }

    /** A command on one path, which must get {@code code}; the reply. */
    private Reply fileCommand(String verb, String path, int code) throws IOException {
        negotiation.ensureLoggedIn();
        return expect(control().command(verb, checkPath(path)), verb + " " + path, code);
    }

    /**
     * Sets a file's modification time: MFMT where the server offers it, otherwise the two-argument
     * MDTM form that vsftpd and others accept.
     */
    public void setModificationTime(String path, Instant time) throws IOException {
        negotiation.ensureLoggedIn();
        String timeVal = TimeVal.format(time);
        String verb = features().mfmt() ? "MFMT" : "MDTM";
        Reply r = control().command(verb, timeVal + " " + checkPath(path));
        if (!r.isPositiveCompletion()) {
            throw new FtpsReplyException(verb + " " + timeVal + " " + path, r);
        }
    }

    /** Whether the server can set modification times (MFMT, or MDTM with a time, which is tried). */
    boolean canSetModificationTime() {
        return features().mfmt() || features().mdtm();
    }

    /**
     * HASH (draft-bryan-ftpext-hash): the server's checksum of a whole file, lower-case hex.
     *
     * @param algorithm e.g. {@code SHA-256}; must be one of {@link ServerFeatures#hashAlgorithms()}
     */
    public String hash(String path, String algorithm) throws IOException {
        negotiation.ensureLoggedIn();
        String alg = algorithm.toUpperCase(Locale.ROOT);
        if (!features().hashAlgorithms().contains(alg)) {
            throw new IllegalArgumentException("the server offers no HASH " + alg + " (it offers "
                    + features().hashAlgorithms() + ")");
        }
        if (!alg.equals(state().selectedHash)) {
            expect(control().command("OPTS", "HASH " + alg), "OPTS HASH " + alg, ReplyCode.COMMAND_OK);
            state().selectedHash = alg;
        }
        Reply r = fileCommand("HASH", path, ReplyCode.FILE_STATUS);
        for (int i = r.lines().size() - 1; i >= 0; i--) {
            var m = HASH_LINE.matcher(r.lines().get(i).strip());
            if (m.matches()) {
                return m.group(1).toLowerCase(Locale.ROOT);
            }
        }
        throw new ProtocolException("HASH reply not understood: " + r);
    }

    /** MLST (RFC 3659 7): facts about one file or directory; empty if it does not exist (550). */
    public Optional<RemoteFile> info(String path) throws IOException {
        negotiation.ensureLoggedIn();
        if (!features().mlst()) {
            return infoFromSizeAndTime(path);
        }
        Reply r = control().command("MLST", checkPath(path));
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
        negotiation.ensureLoggedIn();
        if (features().mlst()) {
            return info(path).map(RemoteFile::isDirectory).orElse(false);
        }
        String here = pwd();
        Reply r = control().command("CWD", checkPath(path));
        if (!r.isPositiveCompletion()) {
            return false;
        }
        cd(here);
        return true;
    }

    private Optional<RemoteFile> infoFromSizeAndTime(String path) throws IOException {
        Reply r = control().command("SIZE", checkPath(path));
        OptionalLong size = r.code() == ReplyCode.FILE_STATUS ? sizeIn(r) : OptionalLong.empty();
        if (size.isEmpty()) {
            return Optional.empty();
        }
        Instant modified = features().mdtm() ? modificationTime(path) : null;
        String name = path.substring(path.lastIndexOf('/') + 1);
        return Optional.of(new RemoteFile(path, name, RemoteFile.Type.FILE, size.getAsLong(), modified,
                modified != null, "", null));
    }

    /** The number of a 213 reply to SIZE, if it is one. */
    private static OptionalLong sizeIn(Reply r) {
        try {
            return OptionalLong.of(Long.parseLong(r.lines().get(0).strip()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    // ---- listings ----

    /**
     * The entries of a remote directory: MLSD where the server offers it (exact sizes, UTC times,
     * types), LIST otherwise (Unix and IIS/DOS formats; times to the minute, server-local). The
     * directory itself and its parent are left out.
     */
    public List<RemoteFile> list(String directory) throws IOException {
        negotiation.ensureLoggedIn();
        boolean mlsd = features().mlst();
        var buffer = new ByteArrayOutputStream();
        engine.receive(mlsd ? "MLSD" : "LIST", checkPath(directory), 0, buffer, null, ProgressMeter.none());
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
        return download(remote, local, resume, TransferListener.NONE);
    }

    /**
     * RETR into a local file, telling {@code listener} how it goes; the total comes from SIZE where
     * the server offers it. The local file is written only once data arrives, so a refused download
     * leaves an existing file as it was. With {@code resume}, as {@link #download(String, Path, boolean)};
     * the checksum of a resumed file is that of the whole file.
     */
    @SuppressWarnings("ReferenceEquality") // NONE is a sentinel: only the caller's own listener needs the size
    public TransferResult download(String remote, Path local, boolean resume, TransferListener listener)
            throws IOException {
        negotiation.ensureLoggedIn();
        checkPath(remote);
        long localSize = resume ? localSizeOrZero(local) : 0;
        boolean sizeWanted = localSize > 0 || listener != TransferListener.NONE;
        long remoteSize = sizeWanted && features().size() ? size(remote) : -1;
        ResumePlan plan = ResumePlan.of(localSize, remoteSize);
        String longerCopy = local + " is larger (" + localSize + " bytes) than " + remote + " on the server ("
                + remoteSize + "): downloading it again";
        return transferFile(remote, local, plan, longerCopy, remoteSize, listener, (digest, meter) -> {
            try (var out = LocalFiles.writer(local, plan.offset())) {
                TransferResult result = engine.receive("RETR", remote, plan.offset(), out, digest, meter);
                out.finish();
                return result;
            }
        });
    }

    /** RETR into a stream (the stream is not closed). */
    public TransferResult download(String remote, OutputStream out) throws IOException {
        return download(remote, out, 0);
    }

    /** RETR from {@code offset} (REST STREAM) into a stream; the checksum is verified only for offset 0. */
    public TransferResult download(String remote, OutputStream out, long offset) throws IOException {
        negotiation.ensureLoggedIn();
        MessageDigest digest = offset == 0 ? checksums.newDigest() : null;
        TransferResult result = engine.receive("RETR", checkPath(remote), offset, out, digest, ProgressMeter.none());
        return withHash(result, checksums.verify(remote, digest));
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
        return upload(local, remote, resume, TransferListener.NONE);
    }

    /**
     * STOR (or, resuming, APPE) from a local file, telling {@code listener} how it goes. With
     * {@code resume}, as {@link #upload(Path, String, boolean)}; the checksum of a resumed file is
     * that of the whole file.
     */
    public TransferResult upload(Path local, String remote, boolean resume, TransferListener listener)
            throws IOException {
        negotiation.ensureLoggedIn();
        checkPath(remote);
        long localSize = localSize(local);
        long remoteSize = resume ? remoteSizeToResume(remote) : 0;
        ResumePlan plan = ResumePlan.of(remoteSize, localSize);
        String longerCopy = remote + " is larger on the server (" + remoteSize + " bytes) than " + local + " ("
                + localSize + "): uploading it again";
        return transferFile(remote, local, plan, longerCopy, localSize, listener, (digest, meter) -> {
            try (InputStream in = LocalFiles.reader(local, plan.offset())) {
                return engine.send(plan.offset() > 0 ? "APPE" : "STOR", remote, in, digest, plan.offset(), meter);
            }
        });
    }

    /** STOR from a stream, read to its end (the stream is not closed). */
    public TransferResult upload(InputStream in, String remote) throws IOException {
        negotiation.ensureLoggedIn();
        MessageDigest digest = checksums.newDigest();
        TransferResult result = engine.send("STOR", checkPath(remote), in, digest, 0, ProgressMeter.none());
        return withHash(result, checksums.verify(remote, digest));
    }

    /** APPE: adds the stream's bytes to the end of the remote file (creating it if missing). */
    public TransferResult append(InputStream in, String remote) throws IOException {
        negotiation.ensureLoggedIn();
        return engine.send("APPE", checkPath(remote), in, null, 0, ProgressMeter.none());
    }

    /**
     * What downloads and uploads of files share: nothing to move when the copy is complete, a warning
     * when a resume has to start over, and the checksum of a whole transfer from its digest, of a
     * resumed one from the whole file it completed.
     *
     * @param longerCopy the warning for a copy longer than its source
     * @param total      the file's whole size for the progress, or -1
     */
    private TransferResult transferFile(String remote, Path local, ResumePlan plan, String longerCopy, long total,
                                        TransferListener listener, FileTransfer transfer) throws IOException {
        if (plan.complete()) {
            return new TransferResult(0, plan.offset(), null, checksums.verifyWholeFile(remote, local));
        }
        if (plan.restart()) {
            LOG.warn("{}", longerCopy);
        }
        MessageDigest digest = plan.offset() == 0 ? checksums.newDigest() : null;
        TransferResult result = transfer.run(digest, new ProgressMeter(remote, plan.offset(), total, listener));
        String verified = plan.offset() == 0 ? checksums.verify(remote, digest) : checksums.verifyWholeFile(remote, local);
        return withHash(result, verified);
    }

    /** The transfer of a file's data, given the digest to update (or null) and the progress meter. */
    @FunctionalInterface
    private interface FileTransfer {
        TransferResult run(MessageDigest digest, ProgressMeter meter) throws IOException;
    }

    private static TransferResult withHash(TransferResult r, String algorithm) {
        return new TransferResult(r.bytes(), r.offset(), r.tls(), algorithm);
    }

    /** The size of the remote file an upload continues: 0 when there is none yet, or SIZE is refused. */
    private long remoteSizeToResume(String remote) throws IOException {
        Reply r = control().command("SIZE", remote);
        OptionalLong size = r.code() == ReplyCode.FILE_STATUS ? sizeIn(r) : OptionalLong.empty();
        if (size.isEmpty() && r.code() != ReplyCode.FILE_NOT_AVAILABLE) {
            LOG.warn("the server gives no SIZE of {} (RFC 3659 4: {} {}), so the upload cannot be resumed: sending"
                    + " the whole file", remote, r.code(), ReplyMeaning.firstLine(r));
        }
        return size.orElse(0);
    }

    private static long localSize(Path local) throws LocalFileException {
        try {
            return Files.size(local);
        } catch (IOException e) {
            throw LocalFiles.cannot("read", local, e);
        }
    }

    private static long localSizeOrZero(Path local) throws LocalFileException {
        return Files.exists(local) ? localSize(local) : 0;
    }

    // ---- mirroring and parallel transfers ----

    /**
     * Makes {@code localDir} a copy of {@code remoteDir}, recursively, transferring only files whose
     * size or modification time differ; see {@link MirrorOptions} for deletion and parallelism.
     */
    public MirrorResult mirrorDown(String remoteDir, Path localDir, MirrorOptions options) throws IOException {
        negotiation.ensureLoggedIn();
        return new Mirror(this, options).down(remoteDir, localDir);
    }

    /** Makes {@code remoteDir} a copy of {@code localDir}, recursively; the mirror image of {@link #mirrorDown}. */
    public MirrorResult mirrorUp(Path localDir, String remoteDir, MirrorOptions options) throws IOException {
        negotiation.ensureLoggedIn();
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
        engine.abort();
    }

    // ---- helpers ----

    private static Reply expect(Reply r, String command, int code) throws FtpsReplyException {
        return ReplyMeaning.expect(r, command, code);
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

    FtpsClient client() {
        return client;
    }

    /**
     * For tests: replaces the control connection now, as a transfer does when the client has run out
     * of TLS session tickets.
     */
    void renewControlConnection() throws IOException {
        negotiation.renew();
    }

    /**
     * For tests: empties the client's TLS session cache, as when the last single-use TLS 1.3 ticket
     * is spent, so the next data connection cannot resume the control session.
     */
    void forgetTlsSessionTickets() {
        SSLSessionContext cache = state().tls.context().getClientSessionContext();
        for (Enumeration<byte[]> ids = cache.getIds(); ids.hasMoreElements(); ) {
            SSLSession cached = cache.getSession(ids.nextElement());
            if (cached != null) {
                cached.invalidate();
            }
        }
    }

    /** QUIT, then closes the connection. Never throws. */
    @Override
    public void close() {
        negotiation.close();
    }

    void closeQuietly() {
        negotiation.closeQuietly();
    }
}
