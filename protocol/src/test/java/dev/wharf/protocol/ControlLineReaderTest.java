package dev.wharf.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ControlLineReaderTest {
    private static final int IAC = 255, DONT = 254, DO = 253, WONT = 252, WILL = 251, SB = 250, SE = 240;
    private static final int IP = 244, DM = 242;

    private final ByteArrayOutputStream telnetReplies = new ByteArrayOutputStream();

    /** Bytes from ASCII text and int values (for Telnet codes), concatenated. */
    static byte[] bytes(Object... parts) {
        var out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
            } else if (p instanceof Character c) {
                out.write(c);
            } else {
                out.write((Integer) p);
            }
        }
        return out.toByteArray();
    }

    private ControlLineReader reader(byte[] input, int maxLineLength) {
        return new ControlLineReader(new ByteArrayInputStream(input), telnetReplies, maxLineLength);
    }

    private ControlLineReader reader(byte[] input) {
        return reader(input, 1024);
    }

    /** Hands out one byte per read, so every Telnet sequence straddles a buffer refill. */
    private ControlLineReader trickling(byte[] input) {
        InputStream oneByteAtATime = new FilterInputStream(new ByteArrayInputStream(input)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1));
            }
        };
        return new ControlLineReader(oneByteAtATime, telnetReplies, 1024);
    }

    @Test
    void readsCrLfAndBareLfLines() throws IOException {
        var r = reader(bytes("USER bob\r\nPASS x y\nQUIT\r\n"));
        assertThat(r.readLine()).isEqualTo("USER bob");
        assertThat(r.readLine()).isEqualTo("PASS x y");
        assertThat(r.readLine()).isEqualTo("QUIT");
        assertThat(r.readLine()).isNull();
    }

    @Test
    void crNulIsALiteralCarriageReturn() throws IOException {
        assertThat(reader(bytes("STOR a", '\r', 0, "b\r\n")).readLine()).isEqualTo("STOR a\rb");
    }

    @Test
    void bareCrNotFollowedByLfStaysInTheLine() throws IOException {
        assertThat(reader(bytes("a\rb\r\r\n")).readLine()).isEqualTo("a\rb\r");
    }

    @Test
    void doubledIacIsOne0xFFByte() throws IOException {
        // 0xFF is not valid UTF-8 on its own, so the line reads as ISO-8859-1: 'ÿ'.
        assertThat(reader(bytes("MKD a", IAC, IAC, "b\r\n")).readLine()).isEqualTo("MKD a\u00FFb");
    }

    @Test
    void optionOffersAreRefused() throws IOException {
        var r = reader(bytes(IAC, WILL, 1, IAC, DO, 3, IAC, WONT, 5, IAC, DONT, 6, "NOOP\r\n"));
        assertThat(r.readLine()).isEqualTo("NOOP");
        // WILL 1 -> DONT 1, DO 3 -> WONT 3; WONT and DONT need no answer.
        assertThat(telnetReplies.toByteArray()).containsExactly(bytes(IAC, DONT, 1, IAC, WONT, 3));
    }

    @Test
    void optionRequestsWithoutAReplyStreamAreDropped() throws IOException {
        var r = new ControlLineReader(new ByteArrayInputStream(bytes(IAC, WILL, 1, "NOOP\r\n")), 1024);
        assertThat(r.readLine()).isEqualTo("NOOP");
    }

    @Test
    void interruptProcessAndDataMarkAreStripped() throws IOException {
        assertThat(reader(bytes(IAC, IP, IAC, DM, "ABOR\r\n")).readLine()).isEqualTo("ABOR");
    }

    @Test
    void strayIacBeforeALetterKeepsTheLetter() throws IOException {
        // The DM of a Synch went as urgent data and was lost: only IAC arrives before the command.
        assertThat(reader(bytes(IAC, IP, IAC, "ABOR\r\n")).readLine()).isEqualTo("ABOR");
        assertThat(trickling(bytes(IAC, IP, IAC, "ABOR\r\n")).readLine()).isEqualTo("ABOR");
    }

    @Test
    void subnegotiationIsSkipped() throws IOException {
        assertThat(reader(bytes(IAC, SB, 24, 0, "xterm", IAC, SE, "NOOP\r\n")).readLine()).isEqualTo("NOOP");
    }

    @Test
    void escapedIacInsideASubnegotiationDoesNotEndIt() throws IOException {
        // RFC 855: a 255 among the parameters is doubled; IAC IAC SE is the byte 255, then the byte 240.
        var input = bytes(IAC, SB, 24, IAC, IAC, SE, "junk", IAC, SE, "NOOP\r\n");
        assertThat(reader(input).readLine()).isEqualTo("NOOP");
        assertThat(trickling(input).readLine()).isEqualTo("NOOP");
    }

    @Test
    void telnetSequencesSplitAcrossReadsAreHandled() throws IOException {
        var r = trickling(bytes(IAC, WILL, 1, "MKD a", IAC, IAC, "b\r", 0, "c\r\nNOOP\r\n"));
        assertThat(r.readLine()).isEqualTo("MKD a\u00FFb\rc");
        assertThat(r.readLine()).isEqualTo("NOOP");
        assertThat(telnetReplies.toByteArray()).containsExactly(bytes(IAC, DONT, 1));
    }

    @Test
    void lineOfExactlyTheLimitIsRead() throws IOException {
        assertThat(reader(bytes("12345678\r\n"), 8).readLine()).isEqualTo("12345678");
    }

    @Test
    void tooLongLineThrowsAndTheNextLineReadsNormally() throws IOException {
        var r = reader(bytes("123456789\r\nNOOP\r\n"), 8);
        assertThatThrownBy(r::readLine)
                .isInstanceOfSatisfying(LineTooLongException.class, e -> assertThat(e.limit()).isEqualTo(8))
                .hasMessageContaining("8");
        assertThat(r.readLine()).isEqualTo("NOOP");
    }

    @Test
    void tooLongLineFarBeyondTheBufferIsSkippedWhole() throws IOException {
        var r = reader(bytes("x".repeat(20_000) + "\r\nNOOP\r\n"), 512);
        assertThatThrownBy(r::readLine).isInstanceOf(LineTooLongException.class);
        assertThat(r.readLine()).isEqualTo("NOOP");
    }

    @Test
    void partialLineAtEndOfStreamIsDiscarded() throws IOException {
        var r = reader(bytes("NOOP\r\nDELE important"));
        assertThat(r.readLine()).isEqualTo("NOOP");
        assertThat(r.readLine()).isNull();
    }

    @Test
    void lineEndingInsideATelnetCommandAtEndOfStreamIsNull() throws IOException {
        assertThat(reader(bytes("NOOP", IAC)).readLine()).isNull();
    }

    @Test
    void utf8IsDecoded() throws IOException {
        assertThat(reader("CWD Grüße/日本\r\n".getBytes(StandardCharsets.UTF_8)).readLine()).isEqualTo("CWD Grüße/日本");
    }

    @Test
    void invalidUtf8FallsBackToIso88591() throws IOException {
        // A Latin-1 client sends 'é' as the single byte 0xE9.
        assertThat(reader(bytes("CWD caf", 0xE9, "\r\n")).readLine()).isEqualTo("CWD café");
    }

    @Test
    void drainBufferedReturnsWhatFollowsTheLastLine() throws IOException {
        // A client that pipelines its ClientHello right after AUTH TLS.
        var r = reader(bytes("AUTH TLS\r\n", 0x16, 0x03, 0x01, 0x02, 0x00));
        assertThat(r.readLine()).isEqualTo("AUTH TLS");
        assertThat(r.hasBuffered()).isTrue();
        assertThat(r.drainBuffered()).containsExactly(0x16, 0x03, 0x01, 0x02, 0x00);
        assertThat(r.hasBuffered()).isFalse();
        assertThat(r.drainBuffered()).isEmpty();
    }

    @Test
    void drainBufferedIsEmptyWhenNothingFollows() throws IOException {
        var r = reader(bytes("AUTH TLS\r\n"));
        r.readLine();
        assertThat(r.hasBuffered()).isFalse();
        assertThat(r.drainBuffered()).isEmpty();
    }
}
