package dev.wharf.cli.client;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JSON object (RFC 8259), built field by field and written on one line, for {@code --json}
 * output: one object per result line, so scripts can read the output line by line.
 */
final class Json {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    static Json object() {
        return new Json();
    }

    /** Adds a field: a String, Number, Boolean, Json, Collection of those, or null. */
    Json put(String name, Object value) {
        fields.put(name, value);
        return this;
    }

    @Override
    public String toString() {
        var sb = new StringBuilder();
        write(sb, this);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object value) {
        switch (value) {
            case null -> sb.append("null");
            case String s -> quote(sb, s);
            case Boolean b -> sb.append(b);
            case Double d when d.isNaN() || d.isInfinite() -> sb.append("null"); // JSON has no NaN
            case Number n -> sb.append(n);
            case Json j -> {
                sb.append('{');
                boolean first = true;
                for (var e : j.fields.entrySet()) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    quote(sb, e.getKey());
                    sb.append(':');
                    write(sb, e.getValue());
                }
                sb.append('}');
            }
            case Collection<?> c -> {
                sb.append('[');
                boolean first = true;
                for (Object o : c) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    write(sb, o);
                }
                sb.append(']');
            }
            default -> quote(sb, value.toString());
        }
    }

    /**
     * A JSON string (RFC 8259 7): quotation mark, reverse solidus and the control characters
     * U+0000 to U+001F escaped; everything else, including non-ASCII, as is (the output is UTF-8).
     * U+2028 and U+2029 are escaped too, so the line can be pasted into JavaScript.
     */
    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    static String quote(String s) {
        var sb = new StringBuilder();
        quote(sb, s);
        return sb.toString();
    }
}
