package dev.wharf.server.session;

import dev.wharf.server.fs.UnixMode;
import dev.wharf.server.storage.StorageEntry;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Directory listings in the forms clients parse: LIST in {@code ls -l} style (what FileZilla,
 * WinSCP, curl and Commons Net expect), NLST names, and MLSx facts (RFC 3659 7).
 */
final class Listings {
    /** The MLSx facts offered (RFC 3659 7.8), lower-cased; OPTS MLST selects among them. */
    static final List<String> ALL_FACTS = List.of("type", "size", "modify", "perm", "unique", "unix.mode");

    /** RFC 3659 7.8: {@code MLST type*;size*;...} with a star on each selected fact. */
    static String mlstFeature(Set<String> selected) {
        var sb = new StringBuilder("MLST ");
        for (String f : ALL_FACTS) {
            sb.append(f.equals("unix.mode") ? "UNIX.mode" : f).append(selected.contains(f) ? "*;" : ";");
        }
        return sb.toString();
    }

    private static final DateTimeFormatter RECENT = DateTimeFormatter.ofPattern("MMM dd HH:mm", Locale.ROOT);
    private static final DateTimeFormatter OLD = DateTimeFormatter.ofPattern("MMM dd  yyyy", Locale.ROOT);
    private static final DateTimeFormatter TIME_VAL = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT);

    private Listings() {}

    static String timeVal(Instant t) {
        return TIME_VAL.format(t.atZone(ZoneOffset.UTC));
    }

    /** {@code -rw-r--r-- 1 ftp ftp 1234 Nov 22 03:19 name}: owner and group are never the server's accounts. */
    static String listLine(StorageEntry e, boolean writable, Instant now) {
        var sb = new StringBuilder(80);
        // Storage follows links (a listing leaves out those leading out of the root), so none shows as 'l'.
        sb.append(e.isDirectory() ? 'd' : '-');
        sb.append(permissionString(e, writable));
        sb.append(" 1 ftp ftp ");
        sb.append(String.format(Locale.ROOT, "%13d", e.isDirectory() ? 4096 : e.size())).append(' ');
        ZonedDateTime t = e.modified().atZone(ZoneOffset.UTC);
        boolean recent = t.toInstant().isAfter(now.minusSeconds(180L * 24 * 3600)) && !t.toInstant().isAfter(now.plusSeconds(3600));
        sb.append((recent ? RECENT : OLD).format(t)).append(' ');
        sb.append(e.name());
        return sb.toString();
    }

    private static String permissionString(StorageEntry e, boolean writable) {
        if (e.permissions().isPresent()) {
            var p = e.permissions().get();
            return "" + (p.contains(PosixFilePermission.OWNER_READ) ? 'r' : '-')
                    + (p.contains(PosixFilePermission.OWNER_WRITE) ? 'w' : '-')
                    + (p.contains(PosixFilePermission.OWNER_EXECUTE) ? 'x' : '-')
                    + (p.contains(PosixFilePermission.GROUP_READ) ? 'r' : '-')
                    + (p.contains(PosixFilePermission.GROUP_WRITE) ? 'w' : '-')
                    + (p.contains(PosixFilePermission.GROUP_EXECUTE) ? 'x' : '-')
                    + (p.contains(PosixFilePermission.OTHERS_READ) ? 'r' : '-')
                    + (p.contains(PosixFilePermission.OTHERS_WRITE) ? 'w' : '-')
                    + (p.contains(PosixFilePermission.OTHERS_EXECUTE) ? 'x' : '-');
        }
        boolean dir = e.isDirectory();
        return (writable ? "rw" : "r-") + (dir ? "x" : "-") + "r-" + (dir ? "x" : "-") + "r-" + (dir ? "x" : "-");
    }

    /**
     * RFC 3659 7.5: {@code type=file;size=5;modify=20261122031900;perm=adfrw;unique=...;UNIX.mode=0644; name}.
     * {@code type} may be {@code cdir}/{@code pdir} for the listed directory itself.
     */
    static String facts(StorageEntry e, String type, boolean writable, Set<String> selected) {
        var sb = new StringBuilder(96);
        if (selected.contains("type")) {
            sb.append("type=").append(type).append(';');
        }
        if (!e.isDirectory() && selected.contains("size")) {
            sb.append("size=").append(e.size()).append(';');
        }
        if (selected.contains("modify")) {
            sb.append("modify=").append(timeVal(e.modified())).append(';');
        }
        if (selected.contains("perm")) {
            sb.append("perm=").append(e.isDirectory() ? (writable ? "cdeflmp" : "el") : (writable ? "adfrw" : "r")).append(';');
        }
        if (e.identity().isPresent() && selected.contains("unique")) {
            sb.append("unique=").append(e.identity().get()).append(';');
        }
        if (e.permissions().isPresent() && selected.contains("unix.mode")) {
            sb.append("UNIX.mode=").append(unixMode(e.permissions().get())).append(';');
        }
        sb.append(' ').append(e.name());
        return sb.toString();
    }

    static String unixMode(Set<PosixFilePermission> perms) {
        return String.format("0%o", UnixMode.of(perms));
    }

    static String typeOf(StorageEntry e) {
        return switch (e.type()) {
            case DIRECTORY -> "dir";
            case FILE -> "file";
            case OTHER -> "OS.unix=special"; // RFC 3659 7.5.1: a device or a pipe, never transferred
        };
    }
}
