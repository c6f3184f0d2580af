package dev.wharf.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PasswordHashTest {
    /** The lowest count parse accepts: keeps these tests fast. */
    static final int FAST = 1000;

    @Test
    void matchesOnlyTheRightPassword() {
        var hash = PasswordHash.create("correct horse", FAST);
        assertThat(hash.matches("correct horse")).isTrue();
        assertThat(hash.matches("correct horse ")).isFalse();
        assertThat(hash.matches("Correct horse")).isFalse();
        assertThat(hash.matches("")).isFalse();
    }

    @Test
    void encodesInPhcForm() {
        assertThat(PasswordHash.create("pw", FAST).encode())
                .matches("\\$pbkdf2-sha256\\$i=1000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    }

    @Test
    void parseReadsWhatEncodeWrites() {
        var hash = PasswordHash.create("pässwörd ✓", FAST);
        var parsed = PasswordHash.parse(hash.encode());
        assertThat(parsed.iterations()).isEqualTo(FAST);
        assertThat(parsed.encode()).isEqualTo(hash.encode());
        assertThat(parsed.matches("pässwörd ✓")).isTrue();
        assertThat(parsed.matches("password")).isFalse();
    }

    @Test
    void eachHashHasItsOwnSalt() {
        assertThat(PasswordHash.create("same", FAST).encode()).isNotEqualTo(PasswordHash.create("same", FAST).encode());
    }

    @Test
    void defaultIsOwasps600000Iterations() {
        assertThat(PasswordHash.DEFAULT_ITERATIONS).isEqualTo(600_000);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "$2b$12$abcdefghijklmnopqrstuv                        | must start with $pbkdf2-sha256$",
        "plaintext                                            | 'wharf user add'",
        "$pbkdf2-sha256$600000$c2FsdA$aGFzaA                  | must look like $pbkdf2-sha256$i=<iterations>$<salt>$<hash>",
        "$pbkdf2-sha256$i=1000$c2FsdA                         | must look like",
        "$pbkdf2-sha256$i=999$c2FsdA$aGFzaA                   | iteration count 999 is too low (at least 1000)",
        "$pbkdf2-sha256$i=many$c2FsdA$aGFzaA                  | iteration count is not a number",
        "$pbkdf2-sha256$i=1000$c2Fs*A$aGFzaA                  | not valid base64",
        "$pbkdf2-sha256$i=1000$c2FsdA$a%GFzaA                 | not valid base64",
    })
    void parseErrorsSayWhatIsWrong(String encoded, String message) {
        assertThatThrownBy(() -> PasswordHash.parse(encoded.strip()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message.strip());
    }

    @Test
    void parseRefusesAnEmptySaltOrATruncatedHash() {
        // Either would make every login of that user fail, the first with an exception.
        String good = PasswordHash.create("pw", FAST).encode();
        String salt = good.split("\\$")[3];
        String hash = good.split("\\$")[4];
        assertThatThrownBy(() -> PasswordHash.parse("$pbkdf2-sha256$i=1000$$" + hash))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("salt");
        assertThatThrownBy(() -> PasswordHash.parse("$pbkdf2-sha256$i=1000$" + salt + "$" + hash.substring(0, 20)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
    }
}
