package dev.wharf.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeValTest {

    @Test
    void parsesSecondsAndFractionsInUtc() {
        assertThat(TimeVal.parse("20231105123456")).isEqualTo(Instant.parse("2023-11-05T12:34:56Z"));
        assertThat(TimeVal.parse("20231105123456.25")).isEqualTo(Instant.parse("2023-11-05T12:34:56.250Z"));
    }

    @Test
    void formatsToSecondsOrMilliseconds() {
        Instant t = Instant.parse("2023-11-05T12:34:56.789Z");
        assertThat(TimeVal.format(t)).isEqualTo("20231105123456");
        assertThat(TimeVal.formatPrecise(t)).isEqualTo("20231105123456.789");
        assertThat(TimeVal.formatPrecise(Instant.parse("2023-11-05T12:34:56Z"))).isEqualTo("20231105123456");
    }

    @Test
    void refusesWhatIsNotATimeVal() {
        assertThatThrownBy(() -> TimeVal.parse("2023-11-05")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TimeVal.parse("20231345123456")).isInstanceOf(IllegalArgumentException.class);
    }
}
