package dev.wharf.server.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The test-side JSON reader, on what testssl writes and on what JSON allows. */
class JsonTest {

    @Test
    void readsTestsslFlatFindings() {
        String text = """
                [
                         {
                              "id"           : "SSLv2",
                              "ip"           : "127.0.0.1/127.0.0.1",
                              "port"         : "2121",
                              "severity"     : "OK",
                              "finding"      : "not offered"
                          }
                ,         {
                              "id"           : "cert",
                              "severity"     : "INFO",
                              "finding"      : "-----BEGIN CERTIFICATE----- MIIB\\/w== \\"x\\" \\u00e9\\n"
                          }
                ]
                """;
        @SuppressWarnings("unchecked")
        var findings = (List<Map<String, Object>>) Json.parse(text);
        assertThat(findings).hasSize(2);
        assertThat(findings.get(0)).containsExactly(
                Map.entry("id", "SSLv2"), Map.entry("ip", "127.0.0.1/127.0.0.1"), Map.entry("port", "2121"),
                Map.entry("severity", "OK"), Map.entry("finding", "not offered"));
        assertThat(findings.get(1).get("finding")).isEqualTo("-----BEGIN CERTIFICATE----- MIIB/w== \"x\" é\n");
    }

    @Test
    void readsEveryKindOfValue() {
        assertThat(Json.parse(" {\"a\": [1, -2.5e3, true, false, null, {}, []], \"b\": \"\"} "))
                .isEqualTo(Map.of("a", java.util.Arrays.asList(new BigDecimal("1"), new BigDecimal("-2.5e3"),
                        true, false, null, Map.of(), List.of()), "b", ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[1,]", "{\"a\" 1}", "[1] 2", "\"open", "tru", "{1: 2}", "\"\\x\"", "[\"a\nb\"]"})
    void refusesWhatIsNotJson(String text) {
        assertThatThrownBy(() -> Json.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("bad JSON at line");
    }
}
