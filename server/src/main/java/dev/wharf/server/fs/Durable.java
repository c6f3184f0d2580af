package dev.wharf.server.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** What makes a rename survive a crash, for every file the server replaces by renaming a temporary. */
public final class Durable {
    private Durable() {}

    /**
     * Forces a folder's entries to disk after a rename in it: without it a crash can bring back the
     * old name (for an upload: its hidden temporary, which the next start deletes).
     */
    public static void syncFolder(Path folder) {
        try (var ch = FileChannel.open(folder, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Not every platform can open a folder (Windows), nor every provider: its rename stands.
        }
    }
}
