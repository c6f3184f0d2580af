package dev.wharf.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
        "500ms, PT0.5S",
        "30,    PT30S",
        "30s,   PT30S",
        "2m,    PT2M",
        "1h,    PT1H",
        "1d,    PT24H",
        "10 S,  PT10S",
        "' 2H ', PT2H",
        "0s,    PT0S",
    })
    void readsEveryUnitAndBareSeconds(String text, String iso) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5 minutes", "-5s", "1.5h", "m", "5y", "10s5", "PT30S"})
    void refusesOtherFormsNamingThem(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected a duration like 500ms, 30s, 5m or 2h")
                .hasMessageContaining("'" + text + "'");
    }

    @Test
    void aDurationTooLongToRepresentIsAnArgumentError() {
        assertThatThrownBy(() -> Durations.parse("999999999999999d"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too long");
        assertThatThrownBy(() -> Durations.parse("99999999999999999999s"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too long");
    }
}
