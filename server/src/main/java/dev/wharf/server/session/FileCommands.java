package dev.wharf.server.session;

import dev.wharf.protocol.ReplyCode;
import dev.wharf.server.fs.UnixMode;
import dev.wharf.server.auth.Permission;
import dev.wharf.server.spi.FileChange;
import dev.wharf.server.storage.Download;
import dev.wharf.server.storage.StorageEntry;
import dev.wharf.server.storage.StorageErrors;
import dev.wharf.server.storage.StoragePath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.FileSystemException;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * DELE, RNFR/RNTO, SIZE, MDTM, MFMT, SITE, HASH and its algorithm-named forms (RFC 959, RFC 3659,
 * draft-somers-ftp-mfxx, draft-bryan-ftpext-hash).
 */
final class FileCommands {
    private FileCommands() {}

    /** draft-bryan-ftpext-hash 3.1: IANA hash names. */
    static final List<String> HASH_ALGORITHMS = List.of("SHA-256", "SHA-512", "SHA-1", "MD5", "CRC32");

    static void register(CommandTable t) {
        t.define("DELE", "RFC 959 4.1.3", Argument.PATH, FileCommands::dele).syntax("DELE <path>").needs(Permission.DELETE);
        t.define("RNFR", "RFC 959 4.1.3", Argument.PATH, FileCommands::rnfr).syntax("RNFR <path>").needs(Permission.RENAME);
        t.define("RNTO", "RFC 959 4.1.3", Argument.PATH, FileCommands::rnto).syntax("RNTO <path>").needs(Permission.RENAME);
        t.define("SIZE", "RFC 3659 4", FileCommands::size).syntax("SIZE <path>").needs(Permission.READ).keepsRestart()
                .feature("SIZE");
        t.define("MDTM", "RFC 3659 3", FileCommands::mdtm).syntax("MDTM <path>").needs(Permission.READ).keepsRestart()
                .feature("MDTM");
        t.define("MFMT", "draft-somers-ftp-mfxx 3", FileCommands::mfmt).syntax("MFMT <YYYYMMDDHHMMSS> <path>")
                .needs(Permission.WRITE).feature("MFMT");
        t.define("SITE", "RFC 959 4.1.3", FileCommands::site).syntax("SITE CHMOD <mode> <path> | SITE HELP").loggedIn();
        t.define("HASH", "draft-bryan-ftpext-hash 3", (s, a) -> hash(s, a, s.params.hashAlgorithm, false))
                .syntax("HASH <path>").needs(Permission.READ).opts(FileCommands::hashOptions)
                .feature(s -> "HASH " + String.join(";", HASH_ALGORITHMS.stream()
                        .map(h -> h.equals(s.params.hashAlgorithm) ? h + "*" : h).toList()) + ";");
        t.define("RANG", "draft-bryan-ftp-range 3", FileCommands::rang).syntax("RANG <start> <end>").loggedIn()
                .feature("RANG STREAM");
        for (var x : new String[][] {{"XCRC", "CRC32"}, {"XMD5", "MD5"}, {"XSHA1", "SHA-1"}, {"XSHA256", "SHA-256"},
                {"XSHA512", "SHA-512"}}) {
            t.define(x[0], "draft-twine-ftpmd5, common extension", (s, a) -> hash(s, a, x[1], true))
                    .syntax(x[0] + " <path> [start [end]]").needs(Permission.READ).feature(x[0]);
        }
    }

    /** draft-bryan-ftpext-hash 3.2: OPTS HASH shows or selects the algorithm of the next HASH. */
    static void hashOptions(Session s, String options) throws IOException {
        String algorithm = options.toUpperCase(Locale.ROOT);
        if (algorithm.isEmpty()) {
            s.reply(ReplyCode.COMMAND_OK, s.params.hashAlgorithm);
        } else if (HASH_ALGORITHMS.contains(algorithm)) {
            s.params.hashAlgorithm = algorithm;
            s.reply(ReplyCode.COMMAND_OK, algorithm);
        } else {
            s.reply(ReplyCode.SYNTAX_ERROR_IN_ARGUMENTS, "Unknown algorithm, current selection not changed");
        }
    }

    static void dele(Session s, String argument) throws IOException {
        try {
            String v = s.files.virtualPath(argument);
            s.storage.delete(StoragePath.of(v)); // a folder is refused: RMD removes those
            s.reply(ReplyCode.FILE_ACTION_OK, v + " deleted");
            s.fileChanged(FileChange.Kind.DELETE, v, null);
        } catch (IOException e) {
            s.reply(StorageErrors.toReply(e, argument));
        }
    }

    static void rnfr(Session s, String argument) throws IOException {
        try {
            String v = s.files.virtualPath(argument);
            StoragePath p = StoragePath.of(v);
            if (p.isRoot()) {
                s.reply(ReplyCode.FILE_NOT_AVAILABLE, "Your home folder cannot be renamed");
                return;
            }
            s.storage.stat(p); // RFC 959: RNFR of nothing fails now, not at RNTO
            s.params.renameFrom = v;
            s.reply(ReplyCode.PENDING_FURTHER_INFORMATION, "Ready for RNTO");
        } catch (IOException e) {
            s.reply(StorageErrors.toReply(e, argument));
        }
    }

    /** RFC 959: RNTO must follow RNFR at once; otherwise 503. */
    static void rnto(Session s, String argument) throws IOException {
        String from = s.params.renameFromForCommand;
        if (from == null) {
            s.reply(ReplyCode.BAD_SEQUENCE, "RNTO must follow RNFR");
            return;
        }
        try {
            String to = s.files.virtualPath(argument);
            s.storage.rename(StoragePath.of(from), StoragePath.of(to)); // nothing replaces a folder
            s.reply(ReplyCode.FILE_ACTION_OK, "Renamed " + from + " to " + to);
            s.fileChanged(FileChange.Kind.RENAME, from, to);
        } catch (IOException e) {
            s.reply(StorageErrors.toReply(e, argument));
        }
    }

    /** RFC 3659 4: the size of a file, as a TYPE I transfer would send it. */
    static void size(Session s, String argument) throws IOException {
        try {
            s.reply(ReplyCode.FILE_STATUS, Long.toString(existingFile(s, argument).size()));
        } catch (IOException e) {
            s.reply(StorageErrors.toReply(e, argument));
        }
    }

    /** RFC 3659 3: the modification time in UTC, {@code YYYYMMDDHHMMSS}. */
    static void mdtm(Session s, String argument) throws IOException {
        String[] parts = argument.strip().split("\\s+", 2);
        if (parts.length == 2 && parts[0].matches("\\d{14}(\\.\\d{1,3})?")) {
            mfmt(s, argument); // the old "MDTM time path" form some clients use to set the time
            return;
        }
        try {
            s.reply(ReplyCode.FILE_STATUS, Listings.timeVal(existingFile(s, argument).modified()));
        } catch (IOException e) {
            s.reply(StorageErrors.toReply(e, argument));
        }
    }

    private static final DateTimeFormatter TIME_VAL = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT);

    /** draft-somers-ftp-mfxx: sets the modification time; replies {@code 213 Modify=...; path}. */
    static void mfmt(Session s, String argument) throws IOException {
        s.require(Permission.WRITE); // also for the MDTM form that sets the time
        String[] parts = argument.strip().split("\\s+", 2);
        if (parts.length < 2 || !parts[0].matches("\\d{14}(\\.\\d{1,3})?")) {
            s.reply(ReplyCode.SYNTAX_ERROR_IN_ARGUMENTS, "MFMT needs YYYYMMDDHHMMSS and a path");
            return;
        }
        LocalDateTime time;
        try {
            time = LocalDateTime.parse(parts[0].substring(0, 14), TIME_VAL);
        } catch (DateTimeParseException e) {
            s.reply(ReplyCode.SYNTAX_ERROR_IN_ARGUMENTS, "Not a valid time: " + parts[0]);
            return;
        }
        try {
            String v = s.files.virtualPath(parts[1]);
            s.storage.setModified(StoragePath.of(v), time.toInstant(ZoneOffset.UTC)); // 502 without SET_MTIME
            s.reply(ReplyCode.FILE_STATUS, "Modify=" + parts[0].substring(0, 14) + "; " + v);
            s.fileChanged(FileChange.Kind.SET_MODIFIED, v, null);
        } catch (IOException e) {
            s.reply(StorageErrors.toReply(e, parts[1]));
        }
    }

    static void site(Session s, String argument) throws IOException {
        String[] parts = argument.strip().split("\\s+", 3);
        String sub = parts[0].toUpperCase(Locale.ROOT);
        switch (sub) {
            case "CHMOD" -> chmod(s, parts);
            case "HELP" -> s.reply(ReplyCode.HELP, "SITE commands: CHMOD <octal mode> <path>, HELP");
            default -> s.reply(ReplyCode.NOT_IMPLEMENTED_FOR_PARAMETER, "Unknown SITE command " + sub + "; try SITE HELP");
        }
    }

    private static void chmod(Session s, String[] parts) throws IOException {
        s.require(Permission.CHMOD);
        if (parts.length < 3 || !parts[1].matches("0?[0-7]{3}")) {
            s.reply(ReplyCode.SYNTAX_ERROR_IN_ARGUMENTS, "SITE CHMOD needs an octal mode like 644 and a path");
            return;
        }
        int mode = Integer.parseInt(parts[1], 8);
        Set<PosixFilePermission> perms = UnixMode.permissions(mode);
        try {
            String v = s.files.virtualPath(parts[2]);
            s.storage.chmod(StoragePath.of(v), perms); // 504 without CHMOD: SITE works, this subcommand not
            s.reply(ReplyCode.COMMAND_OK, "SITE CHMOD command successful");
            s.fileChanged(FileChange.Kind.CHMOD, v, null);
        } catch (IOException e) {
            s.reply(StorageErrors.toReply(e, parts[2]));
        }
    }

    /** draft-bryan-ftp-range: the byte range the next HASH covers; {@code RANG 1 0} resets it. */
    static void rang(Session s, String argument) throws IOException {
        String[] p = argument.strip().split("\\s+");
        if (p.length != 2 || !p[0].matches("\\d{1,18}") || !p[1].matches("\\d{1,18}")) {
            s.reply(ReplyCode.SYNTAX_ERROR_IN_ARGUMENTS, "RANG needs a start and an end byte");
            return;
        }
        long start = Long.parseLong(p[0]);
        long end = Long.parseLong(p[1]);
        if (start == 1 && end == 0) {
            s.params.rangeStart = s.params.rangeEnd = -1;
            s.reply(ReplyCode.PENDING_FURTHER_INFORMATION, "Range reset: whole files");
            return;
        }
        if (end < start) {
            s.reply(ReplyCode.SYNTAX_ERROR_IN_ARGUMENTS, "The end of the range is before its start");
            return;
        }
        s.params.rangeStart = start;
        s.params.rangeEnd = end;
        s.reply(ReplyCode.PENDING_FURTHER_INFORMATION, "Range set to " + start + "-" + end);
    }

    /**
     * HASH (213 algorithm start-end hash path) or, for the X forms, 250 with the hash alone. The hash
     * is of the bytes a TYPE I download would send.
     */
    static void hash(Session s, String argument, String algorithm, boolean xForm) throws IOException {
        String pathArg = argument.strip();
        long start = s.params.rangeStart < 0 ? 0 : s.params.rangeStart;
        long end = s.params.rangeEnd; // inclusive; -1 = to the end
        if (xForm) {
            // XCRC <path> [start [end]]: the optional numbers come last.
            String[] p = pathArg.split("\\s+");
            int n = p.length;
            if (n >= 3 && p[n - 1].matches("\\d{1,18}") && p[n - 2].matches("\\d{1,18}")) {
                start = Long.parseLong(p[n - 2]);
                end = Long.parseLong(p[n - 1]) - 1;
                pathArg = pathArg.substring(0, pathArg.lastIndexOf(p[n - 2])).strip();
            } else if (n >= 2 && p[n - 1].matches("\\d{1,18}")) {
                start = Long.parseLong(p[n - 1]);
                pathArg = pathArg.substring(0, pathArg.lastIndexOf(p[n - 1])).strip();
            }
        }
        try {
            String v = s.files.virtualPath(pathArg);
            String hex;
            long last;
            // A range that starts beyond the end is refused by the storage (550), as for REST.
            try (Download file = s.storage.openRead(StoragePath.of(v), start)) {
                long size = file.size();
                last = end < 0 || end >= size ? size - 1 : end;
                hex = digest(Channels.newInputStream(file), algorithm, start, last);
            }
            if (xForm) {
                s.reply(ReplyCode.FILE_ACTION_OK, hex);
            } else {
                s.reply(ReplyCode.FILE_STATUS, algorithm + " " + start + "-" + Math.max(start, last + 1) + " " + hex + " " + v);
            }
        } catch (IOException e) {
            s.reply(StorageErrors.toReply(e, pathArg));
        }
    }

    /** The digest of bytes {@code start} to {@code last} (inclusive), from {@code in} positioned at start. */
    private static String digest(InputStream in, String algorithm, long start, long last) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long remaining = last - start + 1;
        try {
            if (algorithm.equals("CRC32")) {
                var crc = new CRC32();
                for (int n; remaining > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, remaining))) > 0; remaining -= n) {
                    crc.update(buf, 0, n);
                }
                return String.format("%08x", crc.getValue());
            }
            MessageDigest md = MessageDigest.getInstance(algorithm);
            for (int n; remaining > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, remaining))) > 0; remaining -= n) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " missing from the JDK", e);
        }
    }

    /** SIZE and MDTM are about files (RFC 3659 3, 4): a folder gets "Is a directory". */
    static StorageEntry existingFile(Session s, String argument) throws IOException {
        String v = s.files.virtualPath(argument);
        StorageEntry e = s.storage.stat(StoragePath.of(v));
        if (e.isDirectory()) {
            throw new FileSystemException(v, null, "is a directory");
        }
        return e;
    }
}
