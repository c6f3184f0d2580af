package dev.wharf.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code upload-sync = off}: no flush before the commit, and every other rule as with the default:
 * the old file stays until the commit, the new one appears whole at once, and an abort leaves nothing.
 */
class UploadSyncTest {
    @TempDir
    Path root;

    @Test
    void withoutSyncAnUploadStillReplacesTheFileOnlyAtItsCommit() throws Exception {
        var storage = new LocalStorage(root, UploadSync.OFF);
        Files.writeString(root.resolve("a.txt"), "old");
        try (Upload up = storage.openWrite(StoragePath.of("/a.txt"), WriteMode.REPLACE)) {
            up.write("new content".getBytes(StandardCharsets.UTF_8), 0, 11);
            assertThat(Files.readString(root.resolve("a.txt"))).as("before the commit").isEqualTo("old");
            up.commit();
        }
        assertThat(Files.readString(root.resolve("a.txt"))).isEqualTo("new content");
        try (Upload up = storage.openWrite(StoragePath.of("/b.txt"), WriteMode.REPLACE)) {
            up.write(new byte[] {1, 2, 3}, 0, 3);
        } // closed without a commit: aborted
        assertThat(root.resolve("b.txt")).doesNotExist();
        try (var left = Files.list(root)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("a.txt");
        }
    }

    @Test
    void theDefaultProviderSyncsAndOffIsItsOwn() {
        assertThat(StorageProvider.homeFolders(UploadSync.ON_CLOSE)).isSameAs(StorageProvider.homeFolders());
        assertThat(StorageProvider.homeFolders(UploadSync.OFF)).isNotSameAs(StorageProvider.homeFolders());
    }
}
