package dev.wharf.protocol;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * The {@code time-val} of RFC 3659 2.3: {@code YYYYMMDDHHMMSS[.sss]}, always in UTC. Used by MDTM,
 * MFMT and the {@code modify} fact of MLST/MLSD.
 */
public final class TimeVal {
    private static final Pattern TIME_VAL = Pattern.compile("(\\d{14})(?:\\.(\\d{1,9}))?");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private TimeVal() {}

    /** Parses a time-val; throws {@link IllegalArgumentException} with a reason on bad input. */
    public static Instant parse(String text) {
        var m = TIME_VAL.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not an RFC 3659 time-val (YYYYMMDDHHMMSS[.sss]): " + text);
        }
        try {
            Instant seconds = LocalDateTime.parse(m.group(1), SECONDS).toInstant(ZoneOffset.UTC);
            if (m.group(2) == null) {
                return seconds;
            }
            String fraction = (m.group(2) + "000000000").substring(0, 9);
            return seconds.plusNanos(Long.parseLong(fraction));
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("not a valid date in time-val: " + text, e);
        }
    }

    /** Formats to whole seconds, the form every server accepts in MFMT. */
    public static String format(Instant instant) {
        return SECONDS.format(instant.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
    }

    /** Formats with milliseconds when the instant has them ({@code 20240102030405.678}). */
    public static String formatPrecise(Instant instant) {
        int millis = instant.get(java.time.temporal.ChronoField.MILLI_OF_SECOND);
        return millis == 0 ? format(instant) : format(instant) + String.format(".%03d", millis);
    }
}
