package dev.wharf.server.session;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * TYPE A (RFC 959 3.1.1.1): on the wire, lines end in CRLF. Files here keep LF. These streams
 * convert in each direction without buffering whole lines.
 */
final class AsciiStreams {
    private AsciiStreams() {}

    /** File to wire: a bare LF becomes CRLF; an existing CRLF stays as it is. */
    static OutputStream toWire(OutputStream out) {
        return new FilterOutputStream(out) {
            private int last = -1;

            @Override
            public void write(int b) throws IOException {
                if (b == '\n' && last != '\r') {
                    out.write('\r');
                }
                out.write(b);
                last = b;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                int start = off;
                for (int i = off; i < off + len; i++) {
                    if (b[i] == '\n' && (i > off ? b[i - 1] : (byte) last) != '\r') {
                        out.write(b, start, i - start);
                        out.write('\r');
                        start = i;
                    }
                }
                out.write(b, start, off + len - start);
                if (len > 0) {
                    last = b[off + len - 1];
                }
            }
        };
    }

    /** Wire to file: CRLF becomes LF; a CR not followed by LF is kept. */
    static OutputStream fromWire(OutputStream out) {
        return new FilterOutputStream(out) {
            private boolean pendingCr;

            @Override
            public void write(int b) throws IOException {
                if (pendingCr) {
                    pendingCr = false;
                    if (b != '\n') {
                        out.write('\r');
                    }
                }
                if (b == '\r') {
                    pendingCr = true;
                } else {
                    out.write(b);
                }
            }

            /* Writes the runs between CRs whole: one write per line, not one per byte. */
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                int start = off;
                for (int i = off; i < off + len; i++) {
                    if (pendingCr) {
                        // Everything before the CR is written and the CR itself was held back.
                        pendingCr = false;
                        if (b[i] != '\n') {
                            out.write('\r');
                        }
                    }
                    if (b[i] == '\r') {
                        out.write(b, start, i - start);
                        pendingCr = true;
                        start = i + 1;
                    }
                }
                out.write(b, start, off + len - start);
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                if (pendingCr) {
                    out.write('\r');
                    pendingCr = false;
                }
                super.close();
            }
        };
    }
}
