package dev.wharf.protocol;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One entry of an MLSD listing or MLST reply (RFC 3659 7.2): {@code fact=value;fact=value; name}.
 * Fact names are case-insensitive and kept here in lower case; the name is everything after the
 * first space, exactly as sent (it may hold spaces and semicolons).
 */
public record MlsxEntry(Map<String, String> facts, String name) {

    public MlsxEntry {
        facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    }

    /**
     * Parses one entry line. Throws {@link IllegalArgumentException} when there is no space before the
     * name or a fact has no {@code =} (RFC 3659 7.2: {@code facts SP pathname}).
     */
    public static MlsxEntry parse(String line) {
        int space = line.indexOf(' ');
        if (space < 0) {
            throw new IllegalArgumentException("no space between facts and name in MLSx entry: " + line);
        }
        var facts = new LinkedHashMap<String, String>();
        for (String fact : line.substring(0, space).split(";")) {
            if (fact.isEmpty()) {
                continue;
            }
            int eq = fact.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("fact without '=' in MLSx entry: " + fact);
            }
            facts.put(fact.substring(0, eq).toLowerCase(Locale.ROOT), fact.substring(eq + 1));
        }
        return new MlsxEntry(facts, line.substring(space + 1));
    }

    /** RFC 3659 7.2: {@code type=file;size=3;modify=20240101000000; name}. */
    public String format() {
        var sb = new StringBuilder(64);
        facts.forEach((k, v) -> sb.append(k).append('=').append(v).append(';'));
        return sb.append(' ').append(name).toString();
    }

    public Optional<String> fact(String name) {
        return Optional.ofNullable(facts.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The {@code type} fact, lower-cased: file, dir, cdir, pdir, or an OS-specific one (RFC 3659 7.5.1). */
    public String type() {
        return fact("type").map(t -> t.toLowerCase(Locale.ROOT)).orElse("");
    }

    /** The {@code cdir} and {@code pdir} entries name the listed directory itself and its parent. */
    public boolean isSelfOrParent() {
        return type().equals("cdir") || type().equals("pdir");
    }

    public boolean isDirectory() {
        return type().equals("dir") || isSelfOrParent();
    }

    /** Unix symbolic links show up as {@code OS.unix=slink:target} or {@code OS.unix=symlink}. */
    public boolean isSymbolicLink() {
        String t = type();
        return t.startsWith("os.unix=slink") || t.startsWith("os.unix=symlink");
    }

    public OptionalLong size() {
        String s = facts.get("size");
        if (s == null) {
            s = facts.get("sizd"); // directory size, Pure-FTPd and others
        }
        if (s == null || s.isEmpty() || !s.chars().allMatch(Character::isDigit)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(s));
    }

    /** The {@code modify} fact, in UTC (RFC 3659 7.5.3). Empty when missing or malformed. */
    public Optional<Instant> modified() {
        return fact("modify").flatMap(v -> {
            try {
                return Optional.of(TimeVal.parse(v));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }

    /** The {@code perm} fact (RFC 3659 7.5.5), empty if missing. */
    public String permissions() {
        return fact("perm").orElse("");
    }
}
