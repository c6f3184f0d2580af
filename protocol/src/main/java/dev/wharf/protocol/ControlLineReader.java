package dev.wharf.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads control-connection lines, for the server (commands) and the client (replies).
 *
 * <ul>
 *   <li>Lines end in CRLF; a bare LF is accepted too (RFC 1123 4.1.2.10 asks servers to be tolerant).</li>
 *   <li>Telnet (RFC 854, RFC 1123 4.1.2.12): IAC IAC is a data byte 0xFF; option requests (WILL/DO)
 *       are refused with DONT/WONT; IP, DM, AYT and other two-byte commands are dropped, so
 *       {@code IAC IP IAC DM ABOR} reads as {@code ABOR}.</li>
 *   <li>Text is UTF-8 (RFC 2640); a line that is not valid UTF-8 is read as ISO-8859-1.</li>
 *   <li>A line longer than the limit is skipped to its end and reported with
 *       {@link LineTooLongException}; the next line reads normally.</li>
 * </ul>
 *
 * <p>The reader buffers; {@link #drainBuffered()} hands over bytes it read past the last line, which
 * after AUTH TLS are the start of the client's TLS handshake.
 */
public final class ControlLineReader {
    private static final int IAC = 255, DONT = 254, DO = 253, WONT = 252, WILL = 251, SB = 250, SE = 240;

    private final InputStream in;
    private final OutputStream telnetReplies; // may be null: then option requests are just dropped
    private final int maxLineLength;
    private final byte[] buf = new byte[4096];
    private int pos;
    private int limit;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(128);

    public ControlLineReader(InputStream in, OutputStream telnetReplies, int maxLineLength) {
        this.in = in;
        this.telnetReplies = telnetReplies;
        this.maxLineLength = maxLineLength;
    }

    public ControlLineReader(InputStream in, int maxLineLength) {
        this(in, null, maxLineLength);
    }

    /**
     * Returns the next line without its terminator, or {@code null} at end of stream. A partial
     * line at end of stream is discarded: a command is only acted on once it is complete.
     */
    public String readLine() throws IOException {
        line.reset();
        boolean tooLong = false;
        boolean pendingCr = false;
        while (true) {
            int b = next();
            if (b < 0) {
                return null;
            }
            if (b == IAC) {
                int cmd = next();
                if (cmd < 0) {
                    return null;
                }
                if (cmd == IAC) {
                    b = IAC; // escaped data byte
                } else {
                    handleTelnetCommand(cmd);
                    continue;
                }
            }
            if (b == '\n') {
                if (tooLong) {
                    throw new LineTooLongException(maxLineLength);
                }
                return decode(line.toByteArray());
            }
            if (pendingCr) {
                pendingCr = false;
                // A CR not ended by LF is data; Telnet's CR NUL is how a bare CR is sent (RFC 854).
                tooLong = append('\r', tooLong);
                if (b == 0) {
                    continue;
                }
            }
            if (b == '\r') {
                pendingCr = true;
                continue;
            }
            tooLong = append(b, tooLong);
        }
    }

    /**
     * Adds a data byte to the line unless it is already too long; returns whether it is. Every byte
     * goes through here, the CRs that turn out to be data too, so no line passes the limit (a fuzzing
     * finding: a CR written beside the check let a line end one byte over it).
     */
    private boolean append(int b, boolean tooLong) {
        if (tooLong) {
            return true;
        }
        if (line.size() >= maxLineLength) {
            line.reset();
            return true;
        }
        line.write(b);
        return false;
    }

    /** The next byte without consuming it, waiting for it if needed; -1 at end of stream. */
    public int peek() throws IOException {
        int b = next();
        if (b >= 0) {
            pos--;
        }
        return b;
    }

    /** Bytes read from the stream but not yet returned as part of a line. */
    public byte[] drainBuffered() {
        byte[] rest = Arrays.copyOfRange(buf, pos, limit);
        pos = limit = 0;
        return rest;
    }

    /** True when bytes are already buffered (for example a pipelined command). */
    public boolean hasBuffered() {
        return pos < limit;
    }

    private void handleTelnetCommand(int cmd) throws IOException {
        switch (cmd) {
            case WILL, WONT, DO, DONT -> {
                int option = next();
                if (option < 0) {
                    return;
                }
                // RFC 1123 4.1.2.12: FTP needs no Telnet options; refuse every one offered or asked.
                if (telnetReplies != null && (cmd == WILL || cmd == DO)) {
                    telnetReplies.write(new byte[] {(byte) IAC, (byte) (cmd == WILL ? DONT : WONT), (byte) option});
                    telnetReplies.flush();
                }
            }
            case SB -> {
                // Skip a subnegotiation up to IAC SE. Inside it IAC IAC is the data byte 255 (RFC 855):
                // in IAC IAC SE the SE is data, not the end.
                for (int b = next(); b >= 0; b = next()) {
                    if (b == IAC) {
                        int after = next();
                        if (after < 0 || after == SE) {
                            break;
                        }
                    }
                }
            }
            default -> {
                if (cmd < SE) {
                    // Not a Telnet command: a stray IAC, for example from a Synch whose DM went as
                    // urgent data and was dropped by TCP. Keep the byte as data.
                    pos--;
                }
                // IP, DM, AYT, NOP, GA...: nothing to do for FTP.
            }
        }
    }

    private int next() throws IOException {
        if (pos == limit) {
            int n = in.read(buf, 0, buf.length);
            if (n <= 0) {
                return -1;
            }
            pos = 0;
            limit = n;
        }
        return buf[pos++] & 0xFF;
    }

    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }
}
