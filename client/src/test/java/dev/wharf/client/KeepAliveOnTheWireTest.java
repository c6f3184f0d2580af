package dev.wharf.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.server.spi.ServerEvents;
import dev.wharf.server.spi.SessionInfo;
import dev.wharf.server.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Keep-alive NOOPs during a transfer, counted where they arrive: at the server. */
@Timeout(60)
class KeepAliveOnTheWireTest {
    @TempDir
    Path home;
    @TempDir
    Path local;

    @Test
    void aTransferWithAKeepAliveIntervalSendsNoopsAndReadsTheirReplies() throws Exception {
        var noops = new AtomicInteger();
        ServerEvents counter = new ServerEvents() {
            @Override
            public void commandHandled(SessionInfo s, String verb, int replyCode, Duration took) {
                if (verb.equals("NOOP") && replyCode == 200) {
                    noops.incrementAndGet();
                }
            }
        };
        byte[] content = new byte[4 << 20];
        new Random(3).nextBytes(content);
        Files.write(home.resolve("big.bin"), content);
        try (var wharf = TestServer.builder().home(home).config(b -> b.eventListener(counter)).start()) {
            FtpsClient client = TestClients.to(wharf, TlsMode.EXPLICIT).keepAliveInterval(Duration.ofNanos(1)).build();
            try (FtpsSession s = client.connect()) {
                s.download("/big.bin", local.resolve("big.bin"));
                // Every keep-alive reply was read during the download: the next reply is this NOOP's own.
                s.noop();
            }
        }
        // The session handles commands in order, so by its QUIT every NOOP event has fired: at least
        // one keep-alive besides the explicit NOOP.
        assertThat(noops.get()).as("NOOPs the server answered").isGreaterThanOrEqualTo(2);
        assertThat(Files.readAllBytes(local.resolve("big.bin"))).isEqualTo(content);
    }
}
