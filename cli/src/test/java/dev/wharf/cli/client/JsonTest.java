package dev.wharf.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void escapesWhatRfc8259Requires() {
        assertThat(Json.quote("a\"b\\c\nd\re\tf\u0001g\u001fh")).isEqualTo("\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u001fh\"");
    }

    @Test
    void keepsNonAsciiAndEscapesLineSeparators() {
        assertThat(Json.quote("grüße ✓ \u2028")).isEqualTo("\"grüße ✓ \\u2028\"");
    }

    @Test
    void writesNestedValuesOnOneLine() {
        String json = Json.object()
                .put("s", "x")
                .put("n", 42L)
                .put("d", 1.5)
                .put("nan", Double.NaN)
                .put("b", true)
                .put("null", null)
                .put("list", List.of("a", 1))
                .put("obj", Json.object().put("k", "v"))
                .toString();
        assertThat(json).isEqualTo("{\"s\":\"x\",\"n\":42,\"d\":1.5,\"nan\":null,\"b\":true,\"null\":null,"
                + "\"list\":[\"a\",1],\"obj\":{\"k\":\"v\"}}");
    }

    @Test
    void everyControlCharacterIsEscaped() {
        char[] controls = new char[0x20];
        for (int i = 0; i < controls.length; i++) {
            controls[i] = (char) i;
        }
        String quoted = Json.quote(new String(controls));
        assertThat(quoted.chars().filter(c -> c < 0x20).count()).isZero();
        assertThat(Arrays.asList("\\u0000", "\\b", "\\f", "\\u000b")).allSatisfy(e -> assertThat(quoted).contains(e));
    }
}
