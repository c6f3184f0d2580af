package dev.wharf.server.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** FileView on an in-memory Unix-like file system. */
class FileViewOnJimfsTest extends FileViewContract {
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
    void relativeRootIsMadeAbsolute() throws IOException {
        Files.createDirectories(fs.getPath("/work"));
        var view = new FileView(fs.getPath("/work/../home/./alice"));
        assertThat(view.root()).isEqualTo(fs.getPath("/home/alice"));
    }

    @Test
    void backslashIsAPlainCharacterOnUnix() throws IOException {
        assertThat(view.virtualPath("a\\..\\..\\b")).isEqualTo("/a\\..\\..\\b");
        assertThat(view.resolve("a\\b").getFileName().toString()).isEqualTo("a\\b");
    }

    @Test
    void backslashIsABadNameOnWindows() throws IOException {
        try (FileSystem windows = Jimfs.newFileSystem(Configuration.windows())) {
            var view = new FileView(windows.getPath("C:\\Users\\alice"));
            assertThatThrownBy(() -> view.virtualPath("docs\\..\\..\\Windows"))
                    .isInstanceOfSatisfying(PathRefusedException.class, e -> assertThat(e.badName()).isTrue());
            Files.createDirectories(view.root().resolve("docs").resolve("sub"));
            assertThat(view.toVirtual(view.resolve("/docs/sub"))).isEqualTo("/docs/sub");
        }
    }
}
