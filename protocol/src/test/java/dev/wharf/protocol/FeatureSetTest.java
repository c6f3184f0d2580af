package dev.wharf.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class FeatureSetTest {
    private static final String FEAT_REPLY = "211-Extensions supported:\r\n"
            + " AUTH TLS;SSL;\r\n"
            + " PBSZ\r\n"
            + " PROT C;P;\r\n"
            + " HASH SHA-256*;SHA-1;MD5\r\n"
            + " rest STREAM\r\n"
            + " UTF8\r\n"
            + "211 End\r\n";

    static FeatureSet parsed(String wire) throws IOException {
        return FeatureSet.parse(ReplyReaderTest.replies(wire).read());
    }

    @Test
    void parsesAFeatReply() throws IOException {
        var features = parsed(FEAT_REPLY);
        assertThat(features.asMap()).containsOnlyKeys("AUTH", "PBSZ", "PROT", "HASH", "REST", "UTF8");
        assertThat(features.parameters("AUTH")).contains("TLS;SSL;");
        assertThat(features.parameters("PBSZ")).contains("");
        assertThat(features.parameters("MDTM")).isEmpty();
    }

    @Test
    void namesAreCaseInsensitive() throws IOException {
        var features = parsed(FEAT_REPLY);
        assertThat(features.has("rest")).isTrue();
        assertThat(features.has("Utf8")).isTrue();
        assertThat(features.parameters("Rest")).contains("STREAM");
    }

    @Test
    void listsFindsItemsOfASemicolonList() throws IOException {
        var features = parsed(FEAT_REPLY);
        assertThat(features.lists("AUTH", "SSL")).isTrue();
        assertThat(features.lists("auth", "tls")).isTrue();
        assertThat(features.lists("AUTH", "TLS-C")).isFalse();
        assertThat(features.lists("PROT", "P")).isTrue();
        assertThat(features.lists("MLST", "size")).isFalse();
    }

    @Test
    void listsIgnoresTheSelectedMarker() throws IOException {
        var features = parsed(FEAT_REPLY);
        assertThat(features.lists("HASH", "SHA-256")).isTrue();
        assertThat(features.lists("HASH", "SHA-1")).isTrue();
        assertThat(features.lists("HASH", "SHA-512")).isFalse();
    }

    @Test
    void noFeaturesFromASingleLineOrNegativeReply() throws IOException {
        assertThat(parsed("211 No features\r\n").isEmpty()).isTrue();
        assertThat(parsed("502 FEAT not implemented\r\n").isEmpty()).isTrue();
        assertThat(parsed("211-Extensions supported:\r\n211 End\r\n").isEmpty()).isTrue();
    }

    @Test
    void toReplyIsTheExactRfc2389Form() {
        var features = new FeatureSet().add("AUTH TLS;SSL;").add("PBSZ").add("  PROT C;P;  ").add("").add("UTF8");
        assertThat(features.toReply().encode()).isEqualTo("211-Extensions supported:\r\n"
                + " AUTH TLS;SSL;\r\n"
                + " PBSZ\r\n"
                + " PROT C;P;\r\n"
                + " UTF8\r\n"
                + "211 End\r\n");
    }

    @Test
    void emptySetIsASingleLineReply() {
        assertThat(new FeatureSet().toReply().encode()).isEqualTo("211 No features supported\r\n");
    }

    @Test
    void replyParsesBackToTheSameFeatures() throws IOException {
        var features = parsed(FEAT_REPLY);
        assertThat(parsed(features.toReply().encode()).asMap()).isEqualTo(features.asMap());
    }
}
