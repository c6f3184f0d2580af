package dev.wharf.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void verbIsCaseInsensitive() {
        assertThat(CommandLine.parse("user bob")).isEqualTo(new CommandLine("USER", "bob"));
        assertThat(CommandLine.parse("Feat").verb()).isEqualTo("FEAT");
    }

    @Test
    void argumentIsKeptVerbatimAfterTheFirstSpace() {
        var c = CommandLine.parse("STOR  my file.txt ");
        assertThat(c.verb()).isEqualTo("STOR");
        assertThat(c.argument()).isEqualTo(" my file.txt ");
        assertThat(c.hasArgument()).isTrue();
    }

    @Test
    void commandWithoutArgument() {
        var c = CommandLine.parse("NOOP");
        assertThat(c.argument()).isEmpty();
        assertThat(c.hasArgument()).isFalse();
        assertThat(CommandLine.parse("LIST ").hasArgument()).isFalse();
    }

    @Test
    void encodeAddsCrLf() {
        assertThat(new CommandLine("RETR", "a b").encode()).isEqualTo("RETR a b\r\n");
        assertThat(new CommandLine("PWD", "").encode()).isEqualTo("PWD\r\n");
    }

    @Test
    void toStringHidesThePassword() {
        assertThat(CommandLine.parse("pass s3cret words").toString()).isEqualTo("PASS ****").doesNotContain("s3cret");
        assertThat(CommandLine.parse("USER bob").toString()).isEqualTo("USER bob");
        assertThat(CommandLine.parse("QUIT").toString()).isEqualTo("QUIT");
    }
}
