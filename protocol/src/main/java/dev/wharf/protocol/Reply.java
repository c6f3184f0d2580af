package dev.wharf.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One FTP reply: a three-digit code and one or more lines of text.
 *
 * <p>On the wire (RFC 959 4.2) a single-line reply is {@code "nnn text\r\n"}; a multi-line reply is
 * {@code "nnn-first\r\n"}, inner lines, then {@code "nnn last\r\n"}. Inner lines that would look like
 * an end line are indented by one space so the client cannot mistake them.
 */
public record Reply(int code, List<String> lines) {

    public Reply {
        if (code < 100 || code > 599) {
            throw new IllegalArgumentException("reply code out of range: " + code);
        }
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a reply needs at least one line");
        }
    }

    public static Reply of(int code, String text) {
        return new Reply(code, List.of(text));
    }

    /** A multi-line reply: the first and last lines carry the code, the rest are sent as given. */
    public static Reply multiLine(int code, String first, List<String> inner, String last) {
        var all = new java.util.ArrayList<String>(inner.size() + 2);
        all.add(first);
        all.addAll(inner);
        all.add(last);
        return new Reply(code, all);
    }

    public String text() {
        return String.join("\n", lines);
    }

    public boolean isPositiveCompletion() { return ReplyCode.isPositiveCompletion(code); }
    public boolean isPositivePreliminary() { return ReplyCode.isPositivePreliminary(code); }
    public boolean isPositiveIntermediate() { return ReplyCode.isPositiveIntermediate(code); }
    public boolean isNegative() { return ReplyCode.isNegative(code); }

    public String encode() {
        var sb = new StringBuilder(64);
        if (lines.size() == 1) {
            sb.append(code).append(' ').append(clean(lines.get(0))).append("\r\n");
            return sb.toString();
        }
        sb.append(code).append('-').append(clean(lines.get(0))).append("\r\n");
        for (int i = 1; i < lines.size() - 1; i++) {
            String line = clean(lines.get(i));
            // RFC 959 4.2: an inner line must not start with the code followed by a space.
            if (line.length() >= 3 && Character.isDigit(line.charAt(0))) {
                sb.append(' ');
            }
            sb.append(line).append("\r\n");
        }
        sb.append(code).append(' ').append(clean(lines.get(lines.size() - 1))).append("\r\n");
        return sb.toString();
    }

    public byte[] encodeBytes() {
        return encode().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Text from file names or clients never ends a line early: a CR or LF inside it would let a
     * crafted file name inject a fake reply.
     */
    private static String clean(String text) {
        if (text.indexOf('\r') < 0 && text.indexOf('\n') < 0) {
            return text;
        }
        return text.replace("\r", "").replace('\n', ' ');
    }

    @Override
    public String toString() {
        return code + " " + text();
    }
}
