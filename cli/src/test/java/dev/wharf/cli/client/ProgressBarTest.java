package dev.wharf.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    @Test
    void theFinalLineShowsNamePercentageBytesAndRate() {
        var buffer = new ByteArrayOutputStream();
        var bar = new ProgressBar(new PrintStream(buffer, true, StandardCharsets.UTF_8), "data.bin", 2048);
        bar.update(1024);
        bar.update(2048);
        bar.finish();
        String out = buffer.toString(StandardCharsets.UTF_8);
        String last = out.substring(out.lastIndexOf('\r') + 1);
        assertThat(last).startsWith("data.bin").contains("100% [====================]").contains("2.0 KiB/2.0 KiB")
                .contains("/s").doesNotContain("ETA").endsWith(System.lineSeparator());
    }

    @Test
    void anUnknownSizeShowsBytesOnly() {
        var buffer = new ByteArrayOutputStream();
        var bar = new ProgressBar(new PrintStream(buffer, true, StandardCharsets.UTF_8), "x", -1);
        bar.update(5_000_000);
        bar.finish();
        assertThat(buffer.toString(StandardCharsets.UTF_8)).contains("4.8 MiB").doesNotContain("%");
    }

    @Test
    void longNamesAreShortenedFromTheLeft() {
        var buffer = new ByteArrayOutputStream();
        String name = "a-very-long-file-name-indeed.tar.gz";
        var bar = new ProgressBar(new PrintStream(buffer, true, StandardCharsets.UTF_8), name, 10);
        bar.finish();
        assertThat(buffer.toString(StandardCharsets.UTF_8)).contains("…" + name.substring(name.length() - 23))
                .doesNotContain("a-very");
    }
}
