package dev.wharf.server.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

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

    /** Upload temporaries (see TransferCommands) never show in listings. */
    static final String UPLOAD_TEMP_PREFIX = ".wharf-upload-";

    private static final DateTimeFormatter RECENT = DateTimeFormatter.ofPattern("MMM dd HH:mm", Locale.ROOT);
    private static final DateTimeFormatter OLD = DateTimeFormatter.ofPattern("MMM dd  yyyy", Locale.ROOT);
    private static final DateTimeFormatter TIME_VAL = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT);

    private Listings() {}

    /** One entry of a listing: a name and its attributes, read once. */
    record Entry(String name, BasicFileAttributes attrs, Set<PosixFilePermission> perms) {}

    static Entry entry(Path p, String name) throws IOException {
        BasicFileAttributes a;
        Set<PosixFilePermission> perms = null;
        try {
            PosixFileAttributes pa = Files.readAttributes(p, PosixFileAttributes.class);
            a = pa;
            perms = pa.permissions();
        } catch (UnsupportedOperationException e) {
            a = Files.readAttributes(p, BasicFileAttributes.class);
        }
        return new Entry(name, a, perms);
    }

    /** The entries of a directory, sorted by name, without upload temporaries. */
    static List<Entry> entries(Path dir) throws IOException {
        var out = new ArrayList<Entry>();
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : (Iterable<Path>) children.sorted()::iterator) {
                String name = child.getFileName().toString();
                if (name.startsWith(UPLOAD_TEMP_PREFIX)) {
                    continue;
                }
                try {
                    out.add(entry(child, name));
                } catch (IOException e) {
                    // Vanished or unreadable while listing: leave it out rather than fail the listing.
                }
            }
        }
        return out;
    }

    static String timeVal(Instant t) {
        return TIME_VAL.format(t.atZone(ZoneOffset.UTC));
    }

    /** {@code -rw-r--r-- 1 ftp ftp 1234 Nov 22 03:19 name}: owner and group are never the server's accounts. */
    static String listLine(Entry e, boolean writable, Instant now) {
        var a = e.attrs();
        var sb = new StringBuilder(80);
        sb.append(a.isDirectory() ? 'd' : a.isSymbolicLink() ? 'l' : '-');
        sb.append(permissionString(e, writable));
        sb.append(" 1 ftp ftp ");
        sb.append(String.format(Locale.ROOT, "%13d", a.isDirectory() ? 4096 : a.size())).append(' ');
        ZonedDateTime t = a.lastModifiedTime().toInstant().atZone(ZoneOffset.UTC);
        boolean recent = t.toInstant().isAfter(now.minusSeconds(180L * 24 * 3600)) && !t.toInstant().isAfter(now.plusSeconds(3600));
        sb.append((recent ? RECENT : OLD).format(t)).append(' ');
        sb.append(e.name());
        return sb.toString();
    }

    private static String permissionString(Entry e, boolean writable) {
        if (e.perms() != null) {
            var p = e.perms();
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
        boolean dir = e.attrs().isDirectory();
        return (writable ? "rw" : "r-") + (dir ? "x" : "-") + "r-" + (dir ? "x" : "-") + "r-" + (dir ? "x" : "-");
    }

    /**
     * RFC 3659 7.5: {@code type=file;size=5;modify=20261122031900;perm=adfrw;unique=...;UNIX.mode=0644; name}.
     * {@code type} may be {@code cdir}/{@code pdir} for the listed directory itself.
     */
    static String facts(Entry e, String type, boolean writable, Set<String> selected) {
        var a = e.attrs();
        var sb = new StringBuilder(96);
        if (selected.contains("type")) {
            sb.append("type=").append(type).append(';');
        }
        if (!a.isDirectory() && selected.contains("size")) {
            sb.append("size=").append(a.size()).append(';');
        }
        if (selected.contains("modify")) {
            sb.append("modify=").append(timeVal(a.lastModifiedTime().toInstant())).append(';');
        }
        if (selected.contains("perm")) {
            sb.append("perm=").append(a.isDirectory() ? (writable ? "cdeflmp" : "el") : (writable ? "adfrw" : "r")).append(';');
        }
        Object key = a.fileKey();
        if (key != null && selected.contains("unique")) {
            sb.append("unique=").append(Integer.toHexString(key.hashCode())).append(Long.toHexString(a.creationTime().toMillis())).append(';');
        }
        if (e.perms() != null && selected.contains("unix.mode")) {
            sb.append("UNIX.mode=").append(unixMode(e.perms())).append(';');
        }
        sb.append(' ').append(e.name());
        return sb.toString();
    }

    static String unixMode(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (PosixFilePermission p : perms) {
            mode |= 1 << (8 - p.ordinal());
        }
        return String.format("0%o", mode);
    }

    static String typeOf(BasicFileAttributes a) {
        return a.isDirectory() ? "dir" : a.isRegularFile() ? "file" : a.isSymbolicLink() ? "OS.unix=symlink" : "OS.unix=special";
    }

    /** Reads attributes without following a final link, for the entry that is a link itself. */
    static boolean exists(Path p) {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
    }
}
