package dev.wharf.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LocalStorage on the local file system (symbolic links need a POSIX system or Windows developer mode). */
class LocalStorageOnDiskTest extends LocalStorageContract {
    @TempDir
    Path temp;

    @Override
    Path root() {
        return temp.resolve("home");
    }

    @Override
    Path outside() {
        return temp.resolve("outside");
    }

    @Test
    void theLocalDiskCanDoEverything() {
        assertThat(storage.capabilities()).contains(Capability.ZERO_COPY_SEND, Capability.ATOMIC_RENAME,
                Capability.APPEND, Capability.RANDOM_ACCESS_WRITE, Capability.SET_MTIME);
        boolean posix = root().getFileSystem().supportedFileAttributeViews().contains("posix");
        assertThat(storage.can(Capability.CHMOD)).isEqualTo(posix);
    }

    @Test
    void zeroCopySendingStartsAtTheOffset() throws IOException {
        put("/a.bin", "0123456789".repeat(1000));
        Path copy = temp.resolve("copy.bin");
        try (Download d = storage.openRead(p("/a.bin"), 5);
             FileChannel target = FileChannel.open(copy, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            assertThat(d.transferTo(target, n -> {})).isEqualTo(9995);
            assertThat(d.read(java.nio.ByteBuffer.allocate(1))).isEqualTo(-1); // the position followed
        }
        assertThat(Files.readString(copy)).isEqualTo("0123456789".repeat(1000).substring(5));
    }
}
