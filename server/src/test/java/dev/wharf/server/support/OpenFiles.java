package dev.wharf.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** The open file descriptors of this JVM (Linux /proc), to catch sockets the server leaks. */
public final class OpenFiles {
    private OpenFiles() {}

    private static final Path FDS = Path.of("/proc/self/fd");

    /** Skips the test where /proc/self/fd does not exist (not Linux). */
    public static void assumeCountable() {
        Assumptions.assumeTrue(Files.isDirectory(FDS), "needs /proc/self/fd to count open files");
    }

    public static long count() {
        try (var fds = Files.list(FDS)) {
            return fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until no more than {@code slack} descriptors are open beyond {@code baseline}. */
    public static void awaitBackTo(long baseline, int slack) {
        Await.until("back to " + baseline + " (+" + slack + ") open file descriptors",
                () -> count() <= baseline + slack, OpenFiles::count);
    }
}
