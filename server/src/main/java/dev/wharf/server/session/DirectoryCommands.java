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
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
        List<String> lines;
        try {
            lines = listingLines(s, arg, format);
        } catch (IOException e) {
            s.reply(StorageErrors.toReply(e, arg));
            return;
        }
        if (lines == null) {
            return; // already answered
        }
        s.startTransfer(format + " " + arg, Transfer.Direction.DOWNLOAD,
                arg.isEmpty() ? s.files.workingDirectory() : arg, () -> {
            DataConnection dc = TransferCommands.openData(s, "for " + format.name().toLowerCase() + " of "
                    + (arg.isEmpty() ? s.files.workingDirectory() : arg), false);
            if (dc == null) {
                return;
            }
            try {
                OutputStream out = dc.out();
                var sb = new StringBuilder(lines.size() * 64);
                for (String line : lines) {
                    sb.append(line).append("\r\n");
                }
                byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
                out.write(bytes);
                s.transfer.bytes.addAndGet(bytes.length);
                dc.finishSending();
                s.reply(ReplyCode.CLOSING_DATA, "Transfer complete (" + lines.size() + " entries)");
            } catch (IOException e) {
                dc.abort();
                s.reply(ReplyCode.TRANSFER_ABORTED, s.transfer.abortRequested ? "Transfer aborted" : "Connection closed; transfer aborted");
            }
        });
    }

    /** The lines of a listing, or null after replying (MLSD of a file). */
    private static List<String> listingLines(Session s, String arg, Format format) throws IOException {
        String v = s.files.virtualPath(arg);
        StoragePath p = StoragePath.of(v);
        Optional<StorageEntry> found = s.storage.find(p);
        if (found.isEmpty()) {
            if (format == Format.NLST) {
                return List.of(); // RFC 959: an empty list; some clients probe with NLST <glob>
            }
            throw new NoSuchFileException(v);
        }
        StorageEntry here = found.get();
        boolean writable = s.user.writable();
        Instant now = Instant.now();
        var lines = new ArrayList<String>();
        if (!here.isDirectory()) {
            if (format == Format.MLSD) {
                s.reply(ReplyCode.FILE_NOT_AVAILABLE, v + ": Not a directory (use MLST for a file)");
                return null;
            }
            lines.add(format == Format.LIST ? Listings.listLine(here, writable, now) : arg);
            return lines;
        }
        List<StorageEntry> entries = s.storage.list(p);
        String prefix = arg.isEmpty() || format != Format.NLST ? "" : (arg.endsWith("/") ? arg : arg + "/");
        switch (format) {
            case LIST -> entries.forEach(e -> lines.add(Listings.listLine(e, writable, now)));
            case NLST -> entries.forEach(e -> lines.add(prefix + e.name()));
            case MLSD -> {
                lines.add(Listings.facts(here.withName("."), "cdir", writable, s.params.mlstFacts));
                entries.forEach(e -> lines.add(Listings.facts(e, Listings.typeOf(e), writable, s.params.mlstFacts)));
            }
        }
        return lines;
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
            List<String> lines = listingLines(s, arg, Format.LIST);
            var inner = new ArrayList<String>(lines.size());
            lines.forEach(l -> inner.add(" " + l));
            s.reply(Reply.multiLine(ReplyCode.FILE_STATUS, "Status of " + s.files.virtualPath(arg) + ":", inner, "End of status"));
        } catch (IOException e) {
            s.reply(StorageErrors.toReply(e, arg));
        }
    }
}
