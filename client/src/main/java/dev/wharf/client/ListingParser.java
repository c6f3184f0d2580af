package dev.wharf.client;

import dev.wharf.protocol.MlsxEntry;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns listings into {@link RemoteFile}s: MLSD (RFC 3659 7, exact and typed), and LIST as a
 * fallback, whose format is not standardized (RFC 959 4.1.3): the Unix {@code ls -l} form and the
 * IIS/DOS form are recognized; other lines are skipped.
 */
final class ListingParser {
    private static final Pattern UNIX = Pattern.compile(
            "^([-dlbcpsD])(\\S{9})\\S*\\s+\\d+\\s+(?:(.+?)\\s+)?(\\d+)\\s+([A-Za-z]{3})\\s+(\\d{1,2})\\s+(\\d{1,2}:\\d{2}|\\d{4})\\s(.+)$");
    private static final Pattern DOS = Pattern.compile(
            "^(\\d{2})-(\\d{2})-(\\d{2}|\\d{4})\\s+(\\d{1,2}):(\\d{2})\\s*([AaPp][Mm])?\\s+(<DIR>|\\d+)\\s+(.+)$");

    private ListingParser() {}

    /** Splits a listing into lines: CRLF or LF, each line UTF-8 or else ISO-8859-1 (RFC 2640). */
    static List<String> lines(byte[] listing) {
        var lines = new ArrayList<String>();
        int start = 0;
        for (int i = 0; i <= listing.length; i++) {
            if (i == listing.length || listing[i] == '\n') {
                int end = i;
                if (end > start && listing[end - 1] == '\r') {
                    end--;
                }
                if (end > start) {
                    lines.add(decode(listing, start, end - start));
                }
                start = i + 1;
            }
        }
        return lines;
    }

    static List<RemoteFile> parseMlsd(List<String> lines, String dir) {
        var files = new ArrayList<RemoteFile>();
        for (String line : lines) {
            MlsxEntry entry;
            try {
                entry = MlsxEntry.parse(line);
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (entry.isSelfOrParent() || entry.name().equals(".") || entry.name().equals("..")) {
                continue;
            }
            files.add(fromMlsx(entry, RemoteFile.join(dir, baseName(entry.name()))));
        }
        return files;
    }

    /** An MLST/MLSD entry as a RemoteFile at {@code path}. */
    static RemoteFile fromMlsx(MlsxEntry entry, String path) {
        RemoteFile.Type type;
        String target = null;
        if (entry.isDirectory()) {
            type = RemoteFile.Type.DIRECTORY;
        } else if (entry.type().equals("file")) {
            type = RemoteFile.Type.FILE;
        } else if (entry.isSymbolicLink()) {
            type = RemoteFile.Type.SYMBOLIC_LINK;
            String raw = entry.fact("type").orElse("");
            int colon = raw.indexOf(':');
            target = colon > 0 ? raw.substring(colon + 1) : null;
        } else {
            type = RemoteFile.Type.OTHER;
        }
        return new RemoteFile(path, baseName(entry.name()), type, entry.size().orElse(-1),
                entry.modified().orElse(null), entry.modified().isPresent(), entry.permissions(), target);
    }

    static List<RemoteFile> parseList(List<String> lines, String dir, LocalDate today) {
        var files = new ArrayList<RemoteFile>();
        for (String line : lines) {
            RemoteFile f;
            try {
                f = parseUnix(line, dir, today);
                if (f == null) {
                    f = parseDos(line, dir);
                }
            } catch (NumberFormatException e) {
                // A size or date too large for its type (a fuzzing finding: it escaped as an exception):
                // skipped like any other line this parser cannot read.
                f = null;
            }
            if (f != null && !f.name().equals(".") && !f.name().equals("..")) {
                files.add(f);
            }
        }
        return files;
    }

    static RemoteFile parseUnix(String line, String dir, LocalDate today) {
        Matcher m = UNIX.matcher(line);
        if (!m.matches()) {
            return null;
        }
        Month month = month(m.group(5));
        if (month == null) {
            return null;
        }
        int day = Integer.parseInt(m.group(6));
        String timeOrYear = m.group(7);
        LocalDateTime time;
        try {
            if (timeOrYear.contains(":")) {
                // ls shows the time instead of the year for dates within the last six months.
                int colon = timeOrYear.indexOf(':');
                int year = today.getYear();
                LocalDate date = LocalDate.of(year, month, day);
                if (date.isAfter(today.plusDays(1))) {
                    date = date.minusYears(1);
                }
                time = date.atTime(Integer.parseInt(timeOrYear.substring(0, colon)),
                        Integer.parseInt(timeOrYear.substring(colon + 1)));
            } else {
                time = LocalDate.of(Integer.parseInt(timeOrYear), month, day).atStartOfDay();
            }
        } catch (java.time.DateTimeException e) {
            return null;
        }
        char kind = m.group(1).charAt(0);
        String name = m.group(8);
        String target = null;
        RemoteFile.Type type = switch (kind) {
            case '-' -> RemoteFile.Type.FILE;
            case 'd' -> RemoteFile.Type.DIRECTORY;
            case 'l' -> RemoteFile.Type.SYMBOLIC_LINK;
            default -> RemoteFile.Type.OTHER;
        };
        if (type == RemoteFile.Type.SYMBOLIC_LINK) {
            int arrow = name.indexOf(" -> ");
            if (arrow > 0) {
                target = name.substring(arrow + 4);
                name = name.substring(0, arrow);
            }
        }
        return new RemoteFile(RemoteFile.join(dir, name), name, type, Long.parseLong(m.group(4)),
                time.toInstant(ZoneOffset.UTC), false, m.group(1) + m.group(2), target);
    }

    static RemoteFile parseDos(String line, String dir) {
        Matcher m = DOS.matcher(line);
        if (!m.matches()) {
            return null;
        }
        int year = Integer.parseInt(m.group(3));
        if (m.group(3).length() == 2) {
            year += year < 70 ? 2000 : 1900;
        }
        int hour = Integer.parseInt(m.group(4));
        String ampm = m.group(6);
        if (ampm != null) {
            boolean pm = ampm.equalsIgnoreCase("PM");
            hour = hour % 12 + (pm ? 12 : 0);
        }
        LocalDateTime time;
        try {
            time = LocalDateTime.of(year, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    hour, Integer.parseInt(m.group(5)));
        } catch (java.time.DateTimeException e) {
            return null;
        }
        boolean isDir = m.group(7).equals("<DIR>");
        String name = m.group(8);
        return new RemoteFile(RemoteFile.join(dir, name), name, isDir ? RemoteFile.Type.DIRECTORY : RemoteFile.Type.FILE,
                isDir ? -1 : Long.parseLong(m.group(7)), time.toInstant(ZoneOffset.UTC), false, "", null);
    }

    private static Month month(String abbreviation) {
        for (Month m : Month.values()) {
            if (m.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).equalsIgnoreCase(abbreviation)) {
                return m;
            }
        }
        return null;
    }

    /** MLSD names are plain names, but some servers send paths; keep the last element. */
    private static String baseName(String name) {
        int slash = name.lastIndexOf('/');
        return slash >= 0 && slash < name.length() - 1 ? name.substring(slash + 1) : name;
    }

    private static String decode(byte[] bytes, int offset, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
        }
    }
}
