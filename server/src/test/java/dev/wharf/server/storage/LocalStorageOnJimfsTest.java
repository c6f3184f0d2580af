package dev.wharf.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.wharf.server.fs.PathRefusedException;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** LocalStorage on an in-memory Unix-like file system with POSIX permissions, and on a Windows-like one. */
class LocalStorageOnJimfsTest extends LocalStorageContract {
    private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix().toBuilder()
            .setAttributeViews("basic", "owner", "posix", "unix").build());

    @Override
    Path root() {
        return fs.getPath("/home/alice");
    }

    @Override
    Path outside() {
        return fs.getPath("/etc");
    }

    @AfterEach
    void close() throws IOException {
        fs.close();
    }

    @Test
    void jimfsHasNoZeroCopy() {
        assertThat(storage.capabilities()).containsExactlyInAnyOrder(Capability.RANDOM_ACCESS_WRITE,
                Capability.APPEND, Capability.ATOMIC_RENAME, Capability.SET_MTIME, Capability.CHMOD);
    }

    @Test
    void aFailedWriteIsNeverCommitted() throws IOException {
        try (FileSystem small = Jimfs.newFileSystem(Configuration.unix().toBuilder()
                .setBlockSize(1024).setMaxSize(64 * 1024).build())) {
            var tight = new LocalStorage(small.getPath("/home"));
            try (Upload upload = tight.openWrite(p("/a.txt"), WriteMode.REPLACE)) {
                write(upload, "old");
                upload.commit();
            }
            Upload upload = tight.openWrite(p("/a.txt"), WriteMode.REPLACE);
            byte[] tooMuch = new byte[128 * 1024];
            assertThatThrownBy(() -> upload.write(tooMuch, 0, tooMuch.length)).isInstanceOf(IOException.class);
            assertThatThrownBy(upload::commit).isInstanceOf(IOException.class);
            try (var in = Files.newInputStream(small.getPath("/home/a.txt"))) {
                assertThat(in.readAllBytes()).asString().isEqualTo("old");
            }
            try (var names = Files.list(small.getPath("/home"))) {
                assertThat(names.map(n -> n.getFileName().toString())).containsExactly("a.txt");
            }
        }
    }

    @Test
    void onWindowsEachNameStaysOneName() throws IOException {
        try (FileSystem windows = Jimfs.newFileSystem(Configuration.windows())) {
            var onWindows = new LocalStorage(windows.getPath("C:\\Users\\alice"));
            for (String name : new String[] {"docs\\..\\..\\Windows", "a\\b", "C:x", "D:"}) {
                assertThatThrownBy(() -> onWindows.find(StoragePath.ROOT.resolve(name)))
                        .as(name).isInstanceOfSatisfying(PathRefusedException.class, e -> assertThat(e.badName()).isTrue());
            }
        }
    }
}
