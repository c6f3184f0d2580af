package dev.wharf.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NetrcTest {
    private static final String FILE = """
            # comments are not part of the format, but a '#' token is ignored like any unknown one
            machine ftp.example.com login alice password s3cret
            machine FTP.other.org
                login bob
                password "two words \\" quoted"
                account ignored
            macdef init
            cd /pub
            binary

            machine ftp.example.com login carol password other
            default login anonymous password guest@
            """;

    @Test
    void findsTheMachineEntry() {
        Netrc n = Netrc.parse(FILE);
        assertThat(n.find("ftp.example.com", null)).contains(new Netrc.Entry("ftp.example.com", "alice", "s3cret"));
        assertThat(n.find("ftp.other.org", "bob")).contains(new Netrc.Entry("FTP.other.org", "bob", "two words \" quoted"));
    }

    @Test
    void theUserNameFromTheUrlSelectsTheEntry() {
        Netrc n = Netrc.parse(FILE);
        assertThat(n.find("ftp.example.com", "carol").orElseThrow().password()).isEqualTo("other");
    }

    /** A .netrc written on Windows: the blank line that ends a macro is "\r\n\r\n". */
    @Test
    void macrosEndAtABlankLineWithCrlfLineEnds() {
        Netrc n = Netrc.parse(FILE.replace("\n", "\r\n"));
        assertThat(n.find("ftp.example.com", "carol").orElseThrow().password()).isEqualTo("other");
        assertThat(n.find("elsewhere.org", null)).contains(new Netrc.Entry(null, "anonymous", "guest@"));
    }

    @Test
    void macrosAreSkipped() {
        Netrc n = Netrc.parse(FILE);
        assertThat(n.find("cd", null).orElseThrow().machine()).isNull(); // "cd" is no machine: the default entry
    }

    @Test
    void theDefaultEntryCoversOtherHostsWhenItsLoginFits() {
        Netrc n = Netrc.parse(FILE);
        assertThat(n.find("unknown.example", null)).contains(new Netrc.Entry(null, "anonymous", "guest@"));
        assertThat(n.find("unknown.example", "dave")).isEmpty();
    }

    @Test
    void aKeywordWithoutValueIsAnError() {
        assertThatThrownBy(() -> Netrc.parse("machine x login")).hasMessageContaining("'login'");
    }
}
