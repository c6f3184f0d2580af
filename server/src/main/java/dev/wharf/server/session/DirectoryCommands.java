package dev.wharf.server.session;

import dev.wharf.protocol.Reply;
import dev.wharf.protocol.ReplyCode;
import dev.wharf.server.auth.Permission;
import dev.wharf.server.spi.FileChange;
import dev.wharf.server.spi.Transfer;
import dev.wharf.server.storage.StorageEntry;
import dev.wharf.server.storage.StorageErrors;
import dev.wharf.server.storage.StoragePath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** PWD, CWD, CDUP, MKD, RMD and the listings LIST, NLST, MLSD, MLST and STAT with a path. */
final class DirectoryCommands {
    private DirectoryCommands() {}

    static void register(CommandTable t) {
        for (String verb : new String[] {"PWD", "XPWD"}) {
            t.define(verb, "RFC 959 4.1.3", DirectoryCommands::pwd).loggedIn();
        }
        for (String verb : new String[] {"CWD", "XCWD"}) {
            t.define(verb, "RFC 959 4.1.1", DirectoryCommands::cwd).syntax(verb + " <path>").needs(Permission.LIST);
        }
        for (String verb : new String[] {"CDUP", "XCUP"}) {
            t.define(verb, "RFC 959 4.1.1", (s, a) -> cwd(s, "..")).needs(Permission.LIST);
        }
        for (String verb : new String[] {"MKD", "XMKD"}) {
            t.define(verb, "RFC 959 4.1.3", Argument.PATH, DirectoryCommands::mkd).syntax(verb + " <path>")
                    .needs(Permission.MKDIR);
        }
        for (String verb : new String[] {"RMD", "XRMD"}) {
            t.define(verb, "RFC 959 4.1.3", Argument.PATH, DirectoryCommands::rmd).syntax(verb + " <path>")
                    .needs(Permission.RMDIR);
        }
        t.define("LIST", "RFC 959 4.1.3", (s, a) -> list(s, a, Format.LIST)).syntax("LIST [-al] [path]")
                .transfersData().needs(Permission.LIST);
        t.define("NLST", "RFC 959 4.1.3", (s, a) -> list(s, a, Format.NLST)).syntax("NLST [path]")
                .transfersData().needs(Permission.LIST);
        t.define("MLSD", "RFC 3659 7", (s, a) -> list(s, a, Format.MLSD)).syntax("MLSD [path]")
                .transfersData().needs(Permission.LIST);
        t.define("MLST", "RFC 3659 7", DirectoryCommands::mlst).syntax("MLST [path]").needs(Permission.LIST)
                .feature(s -> Listings.mlstFeature(s.params.mlstFacts)).opts(DirectoryCommands::mlstOptions);
        t.define("TVFS", "RFC 3659 6", (s, a) -> s.reply(ReplyCode.SYNTAX_ERROR, "TVFS is a feature, not a command"))
                .syntax("").loggedIn().feature("TVFS");
    }

    /** RFC 3659 7.9: select facts; unknown ones are ignored; the reply lists those selected. */
    static void mlstOptions(Session s, String options) throws IOException {
        var selected = new java.util.LinkedHashSet<String>();
        for (String f : options.toLowerCase(java.util.Locale.ROOT).split(";")) {
            if (Listings.ALL_FACTS.contains(f.strip())) {
                selected.add(f.strip());
            }
        }
        s.params.mlstFacts = selected;
        var shown = new StringBuilder();
        for (String f : Listings.ALL_FACTS) {
            if (selected.contains(f)) {
                shown.append(f.equals("unix.mode") ? "UNIX.mode" : f).append(';');
            }
        }
        s.reply(ReplyCode.COMMAND_OK, "MLST OPTS " + shown);
    }

    private enum Format { LIST, NLST, MLSD }

    /** RFC 959 257: the name in quotes, with quotes inside it doubled. */
    static String quote(String path) {
        return "\"" + path.replace("\"", "\"\"") + "\"";
    }

    static void pwd(Session s, String argument) throws IOException {
        s.reply(ReplyCode.PATH_CREATED, quote(s.files.workingDirectory()) + " is the current directory");
    }

    static void cwd(Session s, String argument) throws IOException {
        try {
            // The storage says what is a folder; FileView only keeps the path.
            s.files.changeDirectory(argument.isBlank() ? "/" : argument, v -> s.storage.stat(StoragePath.of(v)).isDirectory());
            s.reply(ReplyCode.FILE_ACTION_OK, "Directory changed to " + s.files.workingDirectory());
        } catch (IOException e) {
            s.reply(StorageErrors.toReply(e, argument));
        }
    }

    static void mkd(Session s, String argument) throws IOException {
        try {
            String v = s.files.virtualPath(argument);
            s.storage.mkdir(StoragePath.of(v));
            s.reply(ReplyCode.PATH_CREATED, quote(v) + " created");
            s.fileChanged(FileChange.Kind.MKDIR, v, null);
        } catch (IOException e) {
            s.reply(StorageErrors.toReply(e, argument));
        }
    }

    static void rmd(Session s, String argument) throws IOException {
        try {
            String v = s.files.virtualPath(argument);
            StoragePath p = StoragePath.of(v);
            if (p.isRoot()) {
                s.reply(ReplyCode.FILE_NOT_AVAILABLE, "Your home folder cannot be removed");
                return;
            }
            s.storage.rmdir(p); // a file, or a link to a folder, is not a folder
            s.reply(ReplyCode.FILE_ACTION_OK, v + " removed");
            s.fileChanged(FileChange.Kind.RMDIR, v, null);
        } catch (IOException e) {
            s.reply(StorageErrors.toReply(e, argument));
        }
    }

    /** LIST arguments may start with ls flags (-a, -l, -la): clients send them; they are accepted and ignored. */
    static String stripListFlags(String argument) {
        String a = argument.strip();
        while (a.startsWith("-")) {
            int space = a.indexOf(' ');
            a = space < 0 ? "" : a.substring(space + 1).strip();
        }
        return a;
    }

    private static void list(Session s, String argument, Format format) throws IOException {
        String arg = format == Format.MLSD ? argument.strip() : stripListFlags(argument);
        Listing listing;
        try {
            listing = plan(s, arg, format);
        } catch (IOException e) {
            s.reply(StorageErrors.toReply(e, arg));
            return;
        }
        if (listing == null) {
            return; // already answered
        }
        s.startTransfer(format + " " + arg, Transfer.Direction.DOWNLOAD,
                arg.isEmpty() ? s.files.workingDirectory() : arg, () -> {
            DataConnection dc = TransferCommands.openData(s, "for " + format.name().toLowerCase(Locale.ROOT) + " of "
                    + (arg.isEmpty() ? s.files.workingDirectory() : arg), false);
            if (dc == null) {
                return;
            }
            try {
                // Streamed line by line as the folder is read: a listing of any size in bounded memory.
                var out = new java.io.BufferedOutputStream(dc.out(), 64 * 1024);
                long[] entries = {0};
                try {
                    listing.lines(s, line -> {
                        byte[] bytes = (line + "\r\n").getBytes(StandardCharsets.UTF_8);
                        try {
                            out.write(bytes);
                        } catch (IOException e) {
                            throw new DataConnectionFailed(e);
                        }
                        s.transfer.bytes.addAndGet(bytes.length);
                        entries[0]++;
                    });
                } catch (DataConnectionFailed e) {
                    throw e.getCause();
                } catch (IOException e) {
                    // The folder failed while it was read (it is sent as it is read): not the client's doing.
                    dc.abort();
                    s.log("listing of " + listing.path() + " failed while it was read: " + Session.describe(e));
                    s.reply(ReplyCode.LOCAL_ERROR, "Listing aborted: the folder could not be read to its end");
                    return;
                }
                out.flush();
                dc.finishSending();
                s.reply(ReplyCode.CLOSING_DATA, "Transfer complete (" + entries[0] + " entries)");
            } catch (IOException e) {
                dc.abort();
                s.reply(ReplyCode.TRANSFER_ABORTED, s.transfer.abortRequested ? "Transfer aborted" : "Connection closed; transfer aborted");
            }
        });
    }

    /** The data connection failed while a listing was written to it (as opposed to the folder failing). */
    private static final class DataConnectionFailed extends IOException {
        DataConnectionFailed(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    /** Takes the lines of a listing one at a time. */
    @FunctionalInterface
    private interface LineSink {
        void accept(String line) throws IOException;
    }

    /**
     * What a listing will send, checked before any reply (a missing folder gets its 550 before the
     * 150): a folder, read as it is sent, or a single entry.
     */
    private record Listing(Format format, String arg, StoragePath path, StorageEntry here, boolean missing) {
        void lines(Session s, LineSink sink) throws IOException {
            if (missing) {
                return; // RFC 959: NLST of nothing is an empty list; some clients probe with NLST <glob>
            }
            boolean writable = s.user.writable();
            Instant now = Instant.now();
            if (!here.isDirectory()) {
                sink.accept(format == Format.LIST ? Listings.listLine(here, writable, now) : arg);
                return;
            }
            String prefix = arg.isEmpty() || format != Format.NLST ? "" : (arg.endsWith("/") ? arg : arg + "/");
            if (format == Format.MLSD) {
                sink.accept(Listings.facts(here.withName("."), "cdir", writable, s.params.mlstFacts));
            }
            s.storage.forEachEntry(path, e -> sink.accept(switch (format) {
                case LIST -> Listings.listLine(e, writable, now);
                case NLST -> prefix + e.name();
                case MLSD -> Listings.facts(e, Listings.typeOf(e), writable, s.params.mlstFacts);
            }));
        }
    }

    /** The listing {@code arg} asks for, or null after replying (MLSD of a file). */
    private static Listing plan(Session s, String arg, Format format) throws IOException {
        String v = s.files.virtualPath(arg);
        StoragePath p = StoragePath.of(v);
        Optional<StorageEntry> found = s.storage.find(p);
        if (found.isEmpty()) {
            if (format == Format.NLST) {
                return new Listing(format, arg, p, null, true);
            }
            throw new NoSuchFileException(v);
        }
        if (!found.get().isDirectory() && format == Format.MLSD) {
            s.reply(ReplyCode.FILE_NOT_AVAILABLE, v + ": Not a directory (use MLST for a file)");
            return null;
        }
        return new Listing(format, arg, p, found.get(), false);
    }

    /** RFC 3659 7.2: the facts of one entry, over the control connection. */
    static void mlst(Session s, String argument) throws IOException {
        try {
            String v = s.files.virtualPath(argument.strip());
            // RFC 3659 7.2: MLST names the entry by the path asked about.
            StorageEntry e = s.storage.stat(StoragePath.of(v)).withName(v);
            String facts = Listings.facts(e, Listings.typeOf(e), s.user.writable(), s.params.mlstFacts);
            s.reply(Reply.multiLine(ReplyCode.FILE_ACTION_OK, "Listing " + v, List.of(" " + facts), "End"));
        } catch (IOException e) {
            s.reply(StorageErrors.toReply(e, argument));
        }
    }

    /** RFC 959 STAT with a path: the listing, sent over the control connection. */
    static void statPath(Session s, String argument) throws IOException {
        String arg = stripListFlags(argument);
        try {
            Listing listing = plan(s, arg, Format.LIST);
            var inner = new ArrayList<String>();
            listing.lines(s, l -> inner.add(" " + l));
            s.reply(Reply.multiLine(ReplyCode.FILE_STATUS, "Status of " + s.files.virtualPath(arg) + ":", inner, "End of status"));
        } catch (IOException e) {
            s.reply(StorageErrors.toReply(e, arg));
        }
    }
}
