package dev.wharf.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadLeftoversTest {
    @TempDir
    Path home;

    private Path file(String name, Instant lastWritten) throws IOException {
        Path p = Files.createDirectories(home.resolve("sub")).resolve(name);
        Files.writeString(p, "partial");
        Files.setLastModifiedTime(p, FileTime.from(lastWritten));
        return p;
    }

    /** The clean-up runs while uploads are already arriving: it must not delete theirs. */
    @Test
    void removesOnlyTemporariesLastWrittenBeforeTheServerStarted() throws IOException {
        Instant start = Instant.parse("2026-01-01T12:00:00Z");
        Path crashed = file(".wharf-upload-1.tmp", start.minus(Duration.ofHours(1)));
        Path live = file(".wharf-upload-2.tmp", start.plusSeconds(1));
        Path user = file("report.tmp", start.minus(Duration.ofHours(1)));
        UploadLeftovers.clean(home, start);
        assertThat(crashed).doesNotExist();
        assertThat(live).exists();
        assertThat(user).exists();
    }
}
