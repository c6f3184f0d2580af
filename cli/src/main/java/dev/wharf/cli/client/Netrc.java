package dev.wharf.cli.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@code .netrc} file as ftp(1) and curl read it: whitespace-separated tokens, entries starting
 * with {@code machine NAME} or {@code default}, each with {@code login}, {@code password} and
 * {@code account} values; {@code macdef NAME} and the lines after it up to a blank line are
 * skipped. A value may be written in double quotes, with backslash escapes, to hold spaces.
 */
final class Netrc {
    private static final java.util.regex.Pattern MACRO_END = java.util.regex.Pattern.compile("\r?\n\r?\n");

    /** One entry; {@code machine} is null for the {@code default} entry. */
    record Entry(String machine, String login, String password) {}

    private final List<Entry> entries;

    private Netrc(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    static Netrc read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    static Netrc parse(String text) {
        var entries = new ArrayList<Entry>();
        var tokens = new Tokens(text);
        String machine = null;
        String login = null;
        String password = null;
        boolean inEntry = false;
        for (String t; (t = tokens.next()) != null; ) {
            switch (t) {
                case "machine", "default" -> {
                    if (inEntry) {
                        entries.add(new Entry(machine, login, password));
                    }
                    inEntry = true;
                    machine = t.equals("machine") ? tokens.value(t) : null;
                    login = null;
                    password = null;
                }
                case "login" -> login = tokens.value(t);
                case "password" -> password = tokens.value(t);
                case "account" -> tokens.value(t);
                case "macdef" -> {
                    tokens.value(t);
                    tokens.skipMacro();
                }
                default -> { } // unknown tokens are ignored, as ftp(1) does
            }
        }
        if (inEntry) {
            entries.add(new Entry(machine, login, password));
        }
        return new Netrc(entries);
    }

    /**
     * The entry for {@code host}: the first {@code machine} entry with that name (case-insensitive)
     * and, when {@code user} is given, that login or none; otherwise the {@code default} entry under
     * the same condition.
     */
    Optional<Entry> find(String host, String user) {
        for (Entry e : entries) {
            if (e.machine() != null && e.machine().equalsIgnoreCase(host) && loginMatches(e, user)) {
                return Optional.of(e);
            }
        }
        for (Entry e : entries) {
            if (e.machine() == null && loginMatches(e, user)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    private static boolean loginMatches(Entry e, String user) {
        return user == null || e.login() == null || e.login().equals(user);
    }

    private static final class Tokens {
        private final String text;
        private int pos;

        Tokens(String text) {
            this.text = text;
        }

        String next() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
            if (pos >= text.length()) {
                return null;
            }
            var sb = new StringBuilder();
            if (text.charAt(pos) == '"') {
                pos++;
                while (pos < text.length() && text.charAt(pos) != '"') {
                    char c = text.charAt(pos++);
                    if (c == '\\' && pos < text.length()) {
                        c = text.charAt(pos++);
                    }
                    sb.append(c);
                }
                pos++; // the closing quote
                return sb.toString();
            }
            while (pos < text.length() && !Character.isWhitespace(text.charAt(pos))) {
                sb.append(text.charAt(pos++));
            }
            return sb.toString();
        }

        String value(String keyword) {
            String v = next();
            if (v == null) {
                throw new IllegalArgumentException("netrc: '" + keyword + "' at the end of the file has no value");
            }
            return v;
        }

        /** A macro definition runs to the first empty line, in a file with LF or CRLF line ends. */
        void skipMacro() {
            var end = MACRO_END.matcher(text);
            pos = end.find(pos) ? end.end() : text.length();
        }
    }
}
