package dev.wharf.cli.client;

import dev.wharf.protocol.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Timeouts on the command line, written as for {@code wharf serve} ({@link Durations}): {@code 30}
 * (seconds), {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h}; they must be positive.
 */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        Duration d;
        try {
            d = Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
        if (d.isZero()) {
            throw new TypeConversionException("'" + value + "' must be positive");
        }
        return d;
    }
}
