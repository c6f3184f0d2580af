package dev.wharf.server.session;

import dev.wharf.protocol.ReplyCode;
import dev.wharf.server.auth.Permission;
import dev.wharf.server.spi.Transfer;
import dev.wharf.server.storage.Download;
import dev.wharf.server.storage.StorageEntry;
import dev.wharf.server.storage.StorageErrors;
import dev.wharf.server.storage.StoragePath;
import dev.wharf.server.storage.Upload;
import dev.wharf.server.storage.WriteMode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.time.Duration;
import java.util.Optional;

/**
 * RETR, STOR, STOU, APPE, REST, ALLO and ABOR (RFC 959 4.1.3, RFC 3659 5).
 *
 * <p>Nothing is lost: STOR and STOU upload as {@link WriteMode#REPLACE} and
 * {@link WriteMode#CREATE_NEW}, which the storage publishes only at {@link Upload#commit()}, called
 * when the whole upload has arrived (under TLS: close_notify seen); so a failed upload never
 * replaces, truncates or shows under the real name, and it is aborted before its failure is
 * replied. APPE and REST+STOR write in place, as their clients expect. 226 is sent only after the
 * commit, when the data is durable. Where the files live is the {@link dev.wharf.server.storage.Storage}'s
 * business (docs/storage.md); a mode it cannot do gets the reply {@link StorageErrors} gives.
 */
final class TransferCommands {
    private TransferCommands() {}

    static void register(CommandTable t) {
        t.define("RETR", "RFC 959 4.1.3", Argument.PATH, TransferCommands::retr).syntax("RETR <path>")
                .transfersData().needs(Permission.READ);
        t.define("STOR", "RFC 959 4.1.3", Argument.PATH, (s, a) -> store(s, a, Store.REPLACE)).syntax("STOR <path>")
                .transfersData().needs(Permission.WRITE);
        t.define("STOU", "RFC 959 4.1.3, RFC 1123 4.1.2.9", (s, a) -> store(s, a, Store.UNIQUE)).syntax("STOU [name]")
                .transfersData().needs(Permission.WRITE);
        t.define("APPE", "RFC 959 4.1.3", Argument.PATH, (s, a) -> store(s, a, Store.APPEND)).syntax("APPE <path>")
                .transfersData().needs(Permission.WRITE);
        t.define("REST", "RFC 3659 5", Argument.OFFSET, TransferCommands::rest).syntax("REST <offset>").loggedIn()
                .feature("REST STREAM");
        t.define("ALLO", "RFC 959 4.1.3", TransferCommands::allo).syntax("ALLO <size>").loggedIn().keepsRestart();
        t.define("ABOR", "RFC 959 4.1.3", TransferCommands::abor).answered(CommandSpec.DuringTransfer.ANSWERED);
    }

    private enum Store { REPLACE, UNIQUE, APPEND }

    /** RFC 3659 5.3: the offset for the next RETR, STOR or APPE. */
    static void rest(Session s, long offset) throws IOException {
        s.params.restartOffset = offset;
        s.reply(ReplyCode.PENDING_FURTHER_INFORMATION, "Restarting at " + s.params.restartOffset + ". Send RETR, STOR or APPE");
    }

    static void allo(Session s, String argument) throws IOException {
        s.reply(ReplyCode.COMMAND_SUPERFLUOUS, "ALLO not needed: storage is allocated as data arrives");
    }

    /** RFC 959 4.1.3: 426 for the aborted transfer first, then 226 for ABOR itself. */
    static void abor(Session s, String argument) throws IOException {
        if (s.hasTransfer()) {
            s.abortTransfer();
            s.reply(ReplyCode.CLOSING_DATA, "ABOR successful");
        } else {
            s.data.reset();
            s.reply(ReplyCode.CLOSING_DATA, "No transfer to abort");
        }
    }

    static void retr(Session s, String argument) throws IOException {
        String vpath;
        try {
            vpath = s.files.virtualPath(argument);
        } catch (IOException e) {
            s.reply(StorageErrors.toReply(e, argument));
            return;
        }
        long offset = s.params.restartForCommand;
        Download download;
        try {
            // The storage refuses a folder and an offset beyond the end (RFC 3659 5.3) before 150.
            download = s.storage.openRead(StoragePath.of(vpath), offset);
        } catch (IOException e) {
            s.reply(StorageErrors.toReply(e, vpath));
            return;
        }
        boolean ascii = s.params.type == 'A';
        var started = new Transfer.Start(Transfer.Direction.DOWNLOAD, vpath, offset, ascii);
        s.server.events.transferStarting(s.info(), started);
        s.startTransfer("RETR " + vpath, Transfer.Direction.DOWNLOAD, vpath, () -> {
            long start = System.nanoTime();
            long sent = 0;
            boolean complete = false;
            try (Download d = download) {
                DataConnection dc = openData(s, "for " + vpath + " (" + d.size() + " bytes)", false);
                if (dc == null) {
                    return;
                }
                try {
                    WritableByteChannel raw = dc.rawChannel(); // null under TLS: the bytes must be encrypted
                    if (raw != null && !ascii) {
                        // PROT C, TYPE I: the storage may send without the heap (sendfile on a local disk).
                        sent = d.transferTo(raw, s.transfer.bytes::addAndGet);
                    } else {
                        OutputStream out = ascii ? AsciiStreams.toWire(dc.out()) : dc.out();
                        sent = copy(s, Channels.newInputStream(d), out, false);
                        out.flush();
                    }
                    dc.finishSending();
                    complete = true;
                    s.reply(ReplyCode.CLOSING_DATA, "Transfer complete (" + sent + " bytes)");
                } catch (IOException e) {
                    dc.abort();
                    failed(s, e, vpath);
                }
            } finally {
                ended(s, started, sent, start, complete);
            }
        });
    }

    private static void store(Session s, String argument, Store kind) throws IOException {
        long offset = s.params.restartForCommand;
        String vpath;
        StoragePath path;
        Upload reserved = null;
        try {
            if (kind == Store.UNIQUE) {
                // STOU takes its name when it opens (CREATE_NEW, atomic in the storage): a name that
                // was only checked could be picked by a concurrent STOU too, and one would replace the other.
                String base = argument.isBlank() ? "file" : argument.strip();
                vpath = s.files.virtualPath(base);
                for (int i = 1; reserved == null; i++) {
                    StoragePath candidate = StoragePath.of(vpath);
                    try {
                        // A folder holds its name too (creating the file would find it taken).
                        if (s.storage.find(candidate).isEmpty()) {
                            reserved = s.storage.openWrite(candidate, WriteMode.CREATE_NEW);
                        }
                    } catch (FileAlreadyExistsException taken) {
                        // Another upload took it between the look and the create: the next name.
                    }
                    if (reserved == null) {
                        vpath = s.files.virtualPath(base + "." + i);
                    }
                }
                path = StoragePath.of(vpath);
            } else {
                vpath = s.files.virtualPath(argument);
                path = StoragePath.of(vpath);
                Optional<StorageEntry> existing = s.storage.find(path);
                // A folder is refused by openWrite ("Is a directory"), not as a missing right.
                if (existing.isPresent() && !existing.get().isDirectory()) {
                    s.require(Permission.OVERWRITE);
                }
            }
        } catch (IOException e) {
            s.reply(StorageErrors.toReply(e, argument));
            return;
        }
        WriteMode mode = switch (kind) {
            case UNIQUE -> WriteMode.CREATE_NEW;
            case APPEND -> WriteMode.APPEND;
            case REPLACE -> offset > 0 ? WriteMode.atOffset(offset) : WriteMode.REPLACE;
        };
        boolean ascii = s.params.type == 'A';
        final String vp = vpath;
        final Upload opened = reserved;
        var started = new Transfer.Start(Transfer.Direction.UPLOAD, vpath, offset, ascii);
        s.server.events.transferStarting(s.info(), started);
        s.startTransfer((kind == Store.APPEND ? "APPE " : "STOR ") + vpath, Transfer.Direction.UPLOAD, vp, () -> {
            long start = System.nanoTime();
            long received = 0;
            boolean complete = false;
            try {
                Upload up = opened;
                if (up == null) {
                    try {
                        up = s.storage.openWrite(path, mode); // before 150: a refusal is the only reply
                    } catch (IOException e) {
                        s.reply(StorageErrors.toReply(e, vp));
                        return;
                    }
                }
                // Closing without a commit aborts: a STOU placeholder or a temporary never outlives a failure.
                try (Upload upload = up) {
                    DataConnection dc = openData(s, "for " + vp + (kind == Store.UNIQUE ? " (FILE: " + vp + ")" : ""), true);
                    if (dc == null) {
                        return;
                    }
                    try {
                        OutputStream fileOut = upload.asStream();
                        // TYPE A writes a line at a time: buffered, so the file still gets large writes.
                        OutputStream out = ascii ? AsciiStreams.fromWire(new BufferedOutputStream(fileOut, BUFFER)) : fileOut;
                        received = copy(s, dc.in(), out, true);
                        out.flush();
                        if (ascii) {
                            out.close();
                        }
                        commit(upload); // durable and in place before 226
                    } catch (IOException e) {
                        dc.abort();
                        upload.abort(); // gone before the client hears of the failure
                        failed(s, e, vp);
                        return;
                    }
                    dc.finishReceiving();
                }
                complete = true;
                s.reply(ReplyCode.CLOSING_DATA, "Transfer complete (" + received + " bytes)"
                        + (kind == Store.UNIQUE ? ": stored as " + vp : ""));
            } finally {
                ended(s, started, received, start, complete);
            }
        });
    }

    /** A commit that fails is the file side's failure, reported as a file error. */
    private static void commit(Upload upload) throws FileSystemError {
        try {
            upload.commit();
        } catch (IOException e) {
            throw new FileSystemError(e);
        }
    }

    /**
     * Sends 150, then makes the data connection. On failure replies (425/522) and returns null. The
     * connection is published so ABOR can cut it.
     */
    static DataConnection openData(Session s, String what, boolean upload) throws IOException {
        s.reply(ReplyCode.OPENING_DATA, "Opening " + (s.params.type == 'A' ? "ASCII" : "BINARY") + " mode"
                + (s.security.protection == SecurityState.Protection.PRIVATE ? " TLS" : "") + " data connection " + what);
        try {
            DataConnection dc = s.data.connect(upload);
            s.transfer.connection = dc;
            s.transfer.dataTlsResumed = dc.tlsResumed();
            if (s.transfer.abortRequested) {
                dc.abort();
                s.reply(ReplyCode.TRANSFER_ABORTED, "Transfer aborted");
                return null;
            }
            return dc;
        } catch (DataChannel.DataConnectionException e) {
            s.reply(s.transfer.abortRequested ? ReplyCode.TRANSFER_ABORTED : e.code, s.transfer.abortRequested ? "Transfer aborted" : e.getMessage());
            return null;
        } catch (IOException e) {
            s.reply(s.transfer.abortRequested ? ReplyCode.TRANSFER_ABORTED : ReplyCode.CANT_OPEN_DATA,
                    s.transfer.abortRequested ? "Transfer aborted" : "Can't open data connection: " + Session.describe(e));
            return null;
        }
    }

    /** A transfer that broke: ABOR, a dropped connection, a truncated TLS stream, or a file error. */
    private static void failed(Session s, IOException e, String vpath) throws IOException {
        if (s.transfer.abortRequested) {
            s.reply(ReplyCode.TRANSFER_ABORTED, "Transfer aborted");
        } else if (e instanceof FileSystemError fe) {
            s.reply(StorageErrors.toReply(fe.getCause(), vpath));
        } else {
            s.log("data connection failed: " + Session.describe(e));
            s.reply(ReplyCode.TRANSFER_ABORTED, "Connection closed; transfer aborted (" + Session.describe(e) + ")");
        }
    }

    static final int BUFFER = DataConnection.BUFFER;
    /**
     * Uploads read in larger steps: a TLS data connection decrypts every record already received
     * straight into this buffer, so each file write carries up to 15 records instead of one.
     */
    static final int UPLOAD_BUFFER = 256 * 1024;

    /**
     * Copies until the end of {@code in}, counting for STAT. Under TLS, {@code in} ends only at the
     * client's close_notify; a connection that ends without it throws, so truncation is never taken
     * for a complete upload. Failures on the file side are wrapped so they are reported as file
     * errors, not as a broken connection.
     */
    static long copy(Session s, InputStream in, OutputStream out, boolean toFile) throws IOException {
        byte[] buf = new byte[toFile ? UPLOAD_BUFFER : BUFFER];
        long total = 0;
        int n;
        while (true) {
            try {
                n = in.read(buf);
            } catch (IOException e) {
                throw toFile ? e : new FileSystemError(e);
            }
            if (n < 0) {
                break;
            }
            try {
                out.write(buf, 0, n);
            } catch (IOException e) {
                throw toFile ? new FileSystemError(e) : e;
            }
            total += n;
            s.transfer.bytes.addAndGet(n);
        }
        return total;
    }

    /** A failure on the file side of a copy, as opposed to the network side. */
    static final class FileSystemError extends IOException {
        FileSystemError(IOException cause) {
            super(cause);
        }
    }

    /** The transfer ended, whichever way: its event (the transfer log is one of its listeners) and a log line. */
    private static void ended(Session s, Transfer.Start t, long bytes, long startNanos, boolean complete) {
        s.server.events.transferCompleted(s.info(), new Transfer.Result(t, bytes,
                Duration.ofNanos(System.nanoTime() - startNanos), complete, s.transfer.dataTlsResumed));
        s.log((t.direction() == Transfer.Direction.UPLOAD ? "upload " : "download ") + t.path() + ": " + bytes + " bytes"
                + (complete ? "" : " (incomplete)"));
    }
}
