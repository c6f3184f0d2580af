package dev.wharf.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * LocalStorage on Jimfs as configured by default: basic attributes only, so no Unix permissions.
 * The whole contract on a backend that really lacks a capability.
 */
class LocalStorageOnBasicJimfsTest extends LocalStorageContract {
    private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());

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
    void withoutPosixAttributesThereIsNoChmod() throws IOException {
        assertThat(storage.capabilities()).doesNotContain(Capability.CHMOD, Capability.ZERO_COPY_SEND);
        put("/a.txt", "x");
        assertThat(storage.stat(p("/a.txt")).permissions()).isEmpty();
    }
}
