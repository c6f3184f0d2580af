package dev.wharf.protocol.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wharf.protocol.CommandLine;
import dev.wharf.protocol.ControlLineReader;
import dev.wharf.protocol.HostPort;
import dev.wharf.protocol.MlsxEntry;
import dev.wharf.protocol.Reply;
import dev.wharf.protocol.ReplyReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Fuzz targets for the control connection's grammar, which both roles read from the network: the
 * line reader (Telnet, lengths, encodings), command splitting, the address codecs and the reply
 * reader. A target may refuse its input with the checked exception or the IllegalArgumentException
 * its contract names; anything else thrown, or a broken invariant, is a finding.
 *
 * <p>The normal build replays each target's inputs under
 * {@code src/test/resources/dev/wharf/protocol/fuzz/ControlGrammarFuzzTestInputs/<target>/};
 * {@code scripts/fuzz} fuzzes them (docs/fuzzing.md).
 */
class ControlGrammarFuzzTest {
    private static final int MAX_LINE = 512;

    @FuzzTest(maxDuration = "2m")
    void lineReader(byte[] input) throws IOException {
        var telnetReplies = new ByteArrayOutputStream();
        var reader = new ControlLineReader(new ByteArrayInputStream(input), telnetReplies, MAX_LINE);
        int lines = 0;
        while (true) {
            String line;
            try {
                line = reader.readLine();
            } catch (dev.wharf.protocol.LineTooLongException e) {
                continue; // reported, skipped to its end; the next line reads normally
            }
            if (line == null) {
                break;
            }
            assertThat(line).doesNotContain("\r\n").doesNotContain("\n");
            assertThat(line.length()).isLessThanOrEqualTo(MAX_LINE);
            assertThat(++lines).isLessThanOrEqualTo(input.length);
            CommandLine cmd = CommandLine.parse(line);
            assertThat(cmd.verb()).doesNotContain(" ");
        }
        // Telnet refusals are three bytes each: IAC DONT|WONT option.
        assertThat(telnetReplies.size() % 3).isZero();
    }

    @FuzzTest(maxDuration = "2m")
    void addressCodecs(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        for (int codec = 0; codec < 4; codec++) {
            try {
                switch (codec) {
                    case 0 -> roundTrip(HostPort.parsePortArgument(text));
                    case 1 -> roundTrip(HostPort.parsePassiveReply(text));
                    case 2 -> HostPort.parseEprtArgument(text);
                    default -> assertThat(HostPort.parseExtendedPassiveReply(text)).isBetween(0, 65535);
                }
            } catch (IllegalArgumentException refused) {
                // the contract's refusal (UnsupportedNetworkProtocolException is one too)
            }
        }
    }

    private static void roundTrip(HostPort hp) {
        assertThat(HostPort.parsePortArgument(hp.toPortArgument())).isEqualTo(hp);
    }

    @FuzzTest(maxDuration = "2m")
    void replyReader(byte[] input) {
        var replies = new ReplyReader(new ControlLineReader(new ByteArrayInputStream(input), MAX_LINE));
        try {
            for (int i = 0; i <= input.length; i++) {
                Reply r = replies.read();
                if (r == null) {
                    return;
                }
                assertThat(r.code()).isBetween(100, 599);
            }
        } catch (IOException refused) {
            // a malformed reply, or the end of the stream inside one
        }
    }

    @FuzzTest(maxDuration = "2m")
    void mlsxEntry(FuzzedDataProvider data) {
        String line = data.consumeRemainingAsString();
        try {
            MlsxEntry entry = MlsxEntry.parse(line);
            entry.size();
            entry.modified();
            entry.type();
            entry.permissions();
        } catch (IllegalArgumentException refused) {
            // not an MLSx line
        }
    }
}
