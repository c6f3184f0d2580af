package dev.wharf.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReplyReaderTest {

    static ReplyReader replies(String wire) {
        return new ReplyReader(new ControlLineReader(new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8)), 4096));
    }

    @Test
    void readsSingleLineRepliesInOrder() throws IOException {
        var r = replies("220 Ready\r\n331 Password\r\n230\r\n");
        assertThat(r.read()).isEqualTo(Reply.of(220, "Ready"));
        assertThat(r.read()).isEqualTo(Reply.of(331, "Password"));
        assertThat(r.read()).isEqualTo(Reply.of(230, ""));
    }

    @Test
    void readsAMultiLineReplyUpToTheLineWithCodeAndSpace() throws IOException {
        var r = replies("211-Extensions supported:\r\n AUTH TLS\r\n211-not the end\r\n200 not the end either\r\n211 End\r\n220 next\r\n");
        assertThat(r.read()).isEqualTo(new Reply(211,
                List.of("Extensions supported:", " AUTH TLS", "211-not the end", "200 not the end either", "End")));
        assertThat(r.read().code()).isEqualTo(220);
    }

    @Test
    void multiLineReplyMayEndWithTheBareCode() throws IOException {
        assertThat(replies("211-a\r\nb\r\n211\r\n").read()).isEqualTo(new Reply(211, List.of("a", "b", "")));
    }

    @Test
    void endOfStreamBeforeAReplyIsEof() {
        assertThatThrownBy(() -> replies("").read()).isInstanceOf(EOFException.class);
    }

    @Test
    void endOfStreamInsideAMultiLineReplyIsEof() {
        assertThatThrownBy(() -> replies("211-Extensions supported:\r\n AUTH TLS\r\n").read())
                .isInstanceOf(EOFException.class)
                .hasMessageContaining("multi-line");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "20", "2000 too many digits", "20x ok", "099 too low", "600 too high", "-220 x", "٢٢٠ Arabic digits"})
    void garbageIsAProtocolError(String line) {
        assertThatThrownBy(() -> replies(line + "\r\n").read())
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("not an FTP reply");
    }

    @Test
    void protocolErrorAbbreviatesLongGarbage() {
        assertThatThrownBy(() -> replies("x".repeat(1000) + "\r\n").read())
                .isInstanceOf(ProtocolException.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(120));
    }
}
