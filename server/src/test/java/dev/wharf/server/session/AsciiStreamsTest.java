package dev.wharf.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** TYPE A uploads (RFC 959 3.1.1.1): CRLF becomes LF wherever the network happens to split the stream. */
class AsciiStreamsTest {
    private static final String WIRE = "one\r\ntwo\rthree\r\r\nfour\r\n\r\nfive\r";
    private static final String FILE = "one\ntwo\rthree\r\nfour\n\nfive\r";

    @Test
    void crlfBecomesLfAcrossEverySplitOfTheStream() throws IOException {
        byte[] wire = WIRE.getBytes(StandardCharsets.US_ASCII);
        for (int first = 0; first <= wire.length; first++) {
            for (int second = first; second <= wire.length; second++) {
                var file = new ByteArrayOutputStream();
                try (OutputStream out = AsciiStreams.fromWire(file)) {
                    out.write(wire, 0, first);
                    out.write(wire, first, second - first);
                    out.write(wire, second, wire.length - second);
                }
                assertThat(file.toString(StandardCharsets.US_ASCII)).as("split at %d and %d", first, second).isEqualTo(FILE);
            }
        }
    }

    @Test
    void singleByteWritesGiveTheSameFile() throws IOException {
        var file = new ByteArrayOutputStream();
        try (OutputStream out = AsciiStreams.fromWire(file)) {
            for (byte b : WIRE.getBytes(StandardCharsets.US_ASCII)) {
                out.write(b);
            }
        }
        assertThat(file.toString(StandardCharsets.US_ASCII)).isEqualTo(FILE);
    }
}
