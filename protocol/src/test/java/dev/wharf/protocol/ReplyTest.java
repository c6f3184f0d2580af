package dev.wharf.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyTest {

    @Test
    void singleLine() {
        assertThat(Reply.of(200, "Command okay").encode()).isEqualTo("200 Command okay\r\n");
    }

    @Test
    void multiLineCarriesTheCodeOnFirstAndLastLine() {
        var reply = Reply.multiLine(211, "Status:", List.of(" logged in", "TYPE I"), "End");
        assertThat(reply.encode()).isEqualTo("211-Status:\r\n logged in\r\nTYPE I\r\n211 End\r\n");
    }

    @Test
    void innerLinesStartingWithDigitsAreIndented() {
        var reply = Reply.multiLine(250, "Listing", List.of("250 looks final", "123-abc", "42"), "Done");
        assertThat(reply.encode()).isEqualTo("250-Listing\r\n 250 looks final\r\n 123-abc\r\n42\r\n250 Done\r\n");
    }

    @Test
    void lineBreaksInTextCannotStartANewReplyLine() {
        // A file named "x\r\n226 done" must not show up as a reply of its own.
        assertThat(Reply.of(550, "x\r\n226 done: No such file").encode())
                .isEqualTo("550 x 226 done: No such file\r\n");
        assertThat(Reply.multiLine(211, "a\nb", List.of("\r226 fake", "c\rd"), "e\n").encode())
                .isEqualTo("211-a b\r\n 226 fake\r\ncd\r\n211 e \r\n");
    }

    @Test
    void encodedRepliesReadBackUnchanged() throws IOException {
        var reply = Reply.multiLine(214, "The following commands are recognized.", List.of(" USER PASS"), "Help OK.");
        var read = new ReplyReader(new ControlLineReader(new ByteArrayInputStream(reply.encodeBytes()), 4096)).read();
        assertThat(read).isEqualTo(reply);
    }

    @Test
    void encodesUtf8() {
        assertThat(Reply.of(257, "\"/Grüße\" created").encodeBytes()).hasSize("257 \"/Grüße\" created\r\n".length() + 2);
    }

    @Test
    void rejectsCodesOutsideRangeAndEmptyReplies() {
        assertThatThrownBy(() -> Reply.of(99, "x")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("99");
        assertThatThrownBy(() -> Reply.of(600, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Reply(200, List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void classifiesByFirstDigit() {
        assertThat(Reply.of(150, "x").isPositivePreliminary()).isTrue();
        assertThat(Reply.of(226, "x").isPositiveCompletion()).isTrue();
        assertThat(Reply.of(331, "x").isPositiveIntermediate()).isTrue();
        assertThat(Reply.of(421, "x").isNegative()).isTrue();
        assertThat(Reply.of(226, "x").isNegative()).isFalse();
    }
}
