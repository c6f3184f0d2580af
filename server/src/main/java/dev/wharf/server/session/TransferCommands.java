package dev.wharf.server.session;

import dev.wharf.protocol.ReplyCode;
import dev.wharf.server.fs.FileErrors;
import dev.wharf.server.spi.Transfer;
import java.time.Duration;
import java.io.BufferedOutputStream;
import dev.wharf.server.auth.Permission;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * RETR, STOR, STOU, APPE, REST, ALLO and ABOR (RFC 959 4.1.3, RFC 3659 5).
 *
 * <p>Nothing is lost: STOR writes to a hidden temporary file beside the target and moves it into
 * place only when the whole upload has arrived (under TLS: close_notify seen) and is on disk, so a
 * failed upload never replaces, truncates or shows under the real name. APPE and REST+STOR write in
 * place, as their clients expect. 226 is sent only after the data is in the file system.
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
        Path file;
        long size;
        try {
            vpath = s.files.virtualPath(argument);
            file = s.files.toReal(vpath);
            if (Files.isDirectory(file)) {
                s.reply(ReplyCode.FILE_NOT_AVAILABLE, vpath + ": Is a directory");
                return;
            }
            size = Files.size(file);
        } catch (IOException e) {
            s.reply(FileErrors.toReply(e, argument));
            return;
        }
        long offset = s.params.restartForCommand;
        if (offset > size) {
            s.reply(ReplyCode.FILE_NOT_AVAILABLE, "Restart offset " + offset + " is beyond the end of the file (" + size + " bytes)");
            return;
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            s.reply(FileErrors.toReply(e, vpath));
            return;
        }
        boolean ascii = s.params.type == 'A';
        var started = new Transfer.Start(Transfer.Direction.DOWNLOAD, vpath, offset, ascii);
        s.server.events.transferStarting(s.info(), started);
        s.startTransfer("RETR " + vpath, () -> {
            long start = System.nanoTime();
            long sent = 0;
            boolean complete = false;
            try (channel) {
                DataConnection dc = openData(s, "for " + vpath + " (" + size + " bytes)", false);
                if (dc == null) {
                    return;
                }
                try {
                    channel.position(offset);
                    if (!dc.isTls() && !ascii) {
                        sent = sendZeroCopy(s, channel, dc);
                    } else {
                        OutputStream out = ascii ? AsciiStreams.toWire(dc.out()) : dc.out();
                        sent = copy(s, Channels.newInputStream(channel), out, false);
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

    /** PROT C, TYPE I: the file goes to the socket without passing through the heap (sendfile). */
    private static long sendZeroCopy(Session s, FileChannel file, DataConnection dc) throws IOException {
        var socket = dc.rawChannel();
        long pos = file.position();
        long end = file.size();
        long sent = 0;
        if (socket == null) {
            return copy(s, Channels.newInputStream(file), dc.out(), false);
        }
        while (pos < end) {
            long n = file.transferTo(pos, Math.min(end - pos, 8L << 20), socket);
            if (n <= 0 && file.size() < end) {
                break; // the file shrank while being sent
            }
            pos += n;
            sent += n;
            s.transfer.bytes.addAndGet(n);
        }
        return sent;
    }

    private static void store(Session s, String argument, Store kind) throws IOException {
        String vpath;
        Path target;
        try {
            if (kind == Store.UNIQUE) {
                // The name is taken by creating the file (CREATE_NEW, atomic): a name that was only
                // checked could be picked by a concurrent STOU too, and one upload would replace the other.
                String base = argument.isBlank() ? "file" : argument.strip();
                vpath = s.files.virtualPath(base);
                target = s.files.toReal(vpath);
                for (int i = 1; !reserve(target); i++) {
                    vpath = s.files.virtualPath(base + "." + i);
                    target = s.files.toReal(vpath);
                }
            } else {
                vpath = s.files.virtualPath(argument);
                target = s.files.toReal(vpath);
            }
            if (Files.isDirectory(target)) {
                s.reply(ReplyCode.FILE_NOT_AVAILABLE, vpath + ": Is a directory");
                return;
            }
            if (kind != Store.UNIQUE && Files.exists(target)) {
                s.require(Permission.OVERWRITE);
            }
            if (target.getParent() == null || !Files.isDirectory(target.getParent())) {
                s.reply(ReplyCode.FILE_NOT_AVAILABLE, vpath + ": No such directory");
                return;
            }
        } catch (IOException e) {
            s.reply(FileErrors.toReply(e, argument));
            return;
        }
        long offset = s.params.restartForCommand;
        boolean inPlace = kind == Store.APPEND || offset > 0;
        boolean ascii = s.params.type == 'A';
        final String path = vpath;
        final Path dest = target;
        var started = new Transfer.Start(Transfer.Direction.UPLOAD, vpath, offset, ascii);
        s.server.events.transferStarting(s.info(), started);
        s.startTransfer((kind == Store.APPEND ? "APPE " : "STOR ") + vpath, () -> {
            long start = System.nanoTime();
            long received = 0;
            boolean complete = false;
            Path temp = inPlace ? null : dest.resolveSibling(Listings.UPLOAD_TEMP_PREFIX + UUID.randomUUID() + ".tmp");
            try {
                FileChannel channel;
                try {
                    channel = inPlace ? openInPlace(dest, kind, offset) : FileChannel.open(temp,
                            StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                } catch (IOException e) {
                    s.reply(FileErrors.toReply(e, path));
                    return;
                }
                try (channel) {
                    DataConnection dc = openData(s, "for " + path + (kind == Store.UNIQUE ? " (FILE: " + path + ")" : ""), true);
                    if (dc == null) {
                        return;
                    }
                    try (UploadFile fileOut = new UploadFile(channel)) {
                        // TYPE A writes a line at a time: buffered, so the file still gets large writes.
                        OutputStream out = ascii ? AsciiStreams.fromWire(new BufferedOutputStream(fileOut, BUFFER)) : fileOut;
                        received = copy(s, dc.in(), out, true);
                        out.flush();
                        if (ascii) {
                            out.close();
                        }
                        fileOut.sync(); // on disk before 226
                    } catch (IOException e) {
                        dc.abort();
                        deleteQuietly(temp); // gone before the client hears of the failure
                        temp = null;
                        failed(s, e, path);
                        return;
                    }
                    dc.finishReceiving();
                }
                if (temp != null) {
                    moveIntoPlace(temp, dest);
                    temp = null;
                }
                complete = true;
                s.reply(ReplyCode.CLOSING_DATA, "Transfer complete (" + received + " bytes)"
                        + (kind == Store.UNIQUE ? ": stored as " + path : ""));
            } catch (IOException e) {
                deleteQuietly(temp);
                temp = null;
                s.reply(FileErrors.toReply(e, path));
            } finally {
                deleteQuietly(temp);
                if (!complete && kind == Store.UNIQUE) {
                    deleteQuietly(dest); // the empty file that held the name
                }
                ended(s, started, received, start, complete);
            }
        });
    }

    /** Creates {@code target} empty if no file has its name; false if one has. */
    private static boolean reserve(Path target) throws IOException {
        try {
            Files.createFile(target);
            return true;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return false;
        }
    }

    private static void deleteQuietly(Path temp) {
        if (temp != null) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // Removed at the next start (UploadLeftovers).
            }
        }
    }

    private static FileChannel openInPlace(Path dest, Store kind, long offset) throws IOException {
        if (kind == Store.APPEND) {
            return FileChannel.open(dest, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }
        FileChannel c = FileChannel.open(dest, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (offset > c.size()) {
            c.close();
            throw new IOException("restart offset beyond the end of the file");
        }
        c.truncate(offset);
        c.position(offset);
        return c;
    }

    private static void moveIntoPlace(Path temp, Path dest) throws IOException {
        try {
            Files.move(temp, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
            Files.move(temp, dest, StandardCopyOption.REPLACE_EXISTING);
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
            s.reply(FileErrors.toReply(fe.getCause(), vpath));
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
