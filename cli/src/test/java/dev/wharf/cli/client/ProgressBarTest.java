package dev.wharf.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.client.TransferProgress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The bar draws what the library measured; the figures here are given, so nothing depends on time. */
class ProgressBarTest {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    private ProgressBar bar(String label) {
        return new ProgressBar(new PrintStream(buffer, true, StandardCharsets.UTF_8), label);
    }

    private static TransferProgress at(long bytes, long total, int seconds) {
        return new TransferProgress("/remote", bytes, total, 0, Duration.ofSeconds(seconds));
    }

    private String lastLine() {
        String out = buffer.toString(StandardCharsets.UTF_8);
        return out.substring(out.lastIndexOf('\r') + 1);
    }

    @Test
    void theFinalLineShowsNamePercentageBytesAndRate() {
        var bar = bar("data.bin");
        bar.progress(at(1024, 2048, 1));
        bar.progress(at(2048, 2048, 2));
        bar.finish();
        assertThat(lastLine()).startsWith("data.bin").contains("100% [====================]").contains("2.0 KiB/2.0 KiB")
                .contains("1.0 KiB/s").doesNotContain("ETA").endsWith(System.lineSeparator());
    }

    @Test
    void theTimeLeftIsShownWhileTheTransferRuns() {
        bar("data.bin").progress(at(1024, 4096, 1));
        assertThat(lastLine()).contains(" 25% [=====               ]").contains("1.0 KiB/4.0 KiB")
                .contains("1.0 KiB/s").contains("ETA 0:00:03");
    }

    @Test
    void anUnknownSizeShowsBytesOnly() {
        var bar = bar("x");
        bar.progress(at(5_000_000, -1, 1));
        bar.finish();
        assertThat(buffer.toString(StandardCharsets.UTF_8)).contains("4.8 MiB").doesNotContain("%");
    }

    @Test
    void longNamesAreShortenedFromTheLeft() {
        String name = "a-very-long-file-name-indeed.tar.gz";
        var bar = bar(name);
        bar.progress(at(0, 10, 0));
        bar.finish();
        assertThat(buffer.toString(StandardCharsets.UTF_8)).contains("…" + name.substring(name.length() - 23))
                .doesNotContain("a-very");
    }

    @Test
    void nothingIsDrawnWhenNoDataMoved() {
        bar("complete.bin").finish();
        assertThat(buffer.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
