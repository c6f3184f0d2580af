package dev.wharf.protocol;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Durations as people write them in options and configuration files, the same for the server and
 * the client commands: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 1d}; a bare number
 * is seconds.
 */
public final class Durations {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

    private Durations() {}

    /**
     * Parses a duration such as {@code 30}, {@code 500ms}, {@code 5m} or {@code 1d}.
     *
     * @throws IllegalArgumentException naming the text, for anything else (fractions, negative
     *                                  numbers, other units) and for a duration too long to represent
     */
    public static Duration parse(String text) {
        var m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a duration like 500ms, 30s, 5m or 2h, not '" + text + "'");
        }
        String unit = m.group(2) == null ? "s" : m.group(2);
        try {
            long n = Long.parseLong(m.group(1));
            return switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("duration '" + text + "' is too long");
        }
    }
}
