package dev.wharf.server.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What FileView must do on every file system. Subclasses give a root folder and an "outside"
 * folder next to it, on the local disk or on Jimfs.
 */
abstract class FileViewContract {
    /** The user's home: created by FileView if missing. */
    abstract Path root();

    /** A folder that is not inside the root (created here). */
    abstract Path outside();

    FileView view;

    @BeforeEach
    void createView() throws IOException {
        view = new FileView(root());
        Files.createDirectories(root().resolve("docs/sub"));
        Files.writeString(root().resolve("docs/readme.txt"), "hello");
        Files.createDirectories(outside());
        Files.writeString(outside().resolve("secret.txt"), "secret");
    }

    static void assertRefusedPlace(ThrowingCall call) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(PathRefusedException.class, e -> assertThat(e.badName()).isFalse());
    }

    interface ThrowingCall {
        void run() throws Exception;
    }

    // ---- virtual paths ----

    @Test
    void virtualPathsAreNormalised() throws IOException {
        assertThat(view.virtualPath("")).isEqualTo("/");
        assertThat(view.virtualPath("/")).isEqualTo("/");
        assertThat(view.virtualPath("docs/./sub//x.txt")).isEqualTo("/docs/sub/x.txt");
        assertThat(view.virtualPath("/docs/sub/../readme.txt")).isEqualTo("/docs/readme.txt");
        assertThat(view.virtualPath("docs/")).isEqualTo("/docs");
        assertThat(view.virtualPath("...")).isEqualTo("/...");
    }

    @Test
    void relativePathsStartAtTheWorkingDirectory() throws IOException {
        view.changeDirectory("docs/sub");
        assertThat(view.workingDirectory()).isEqualTo("/docs/sub");
        assertThat(view.virtualPath("")).isEqualTo("/docs/sub");
        assertThat(view.virtualPath("a.txt")).isEqualTo("/docs/sub/a.txt");
        assertThat(view.virtualPath("../readme.txt")).isEqualTo("/docs/readme.txt");
        assertThat(view.virtualPath("../..")).isEqualTo("/");
        assertThat(view.virtualPath("/x")).isEqualTo("/x");
    }

    @Test
    void dotDotAboveTheRootIsRefused() throws IOException {
        assertRefusedPlace(() -> view.virtualPath(".."));
        assertRefusedPlace(() -> view.virtualPath("/../etc/passwd"));
        assertRefusedPlace(() -> view.virtualPath("docs/../../x"));
        view.changeDirectory("/docs");
        assertRefusedPlace(() -> view.virtualPath("../.."));
        assertThatThrownBy(() -> view.virtualPath("../..")).hasMessage("Path leads outside your home folder");
    }

    @Test
    void nulIsABadName() {
        assertThatThrownBy(() -> view.virtualPath("a\0b"))
                .isInstanceOfSatisfying(PathRefusedException.class, e -> assertThat(e.badName()).isTrue());
    }

    // ---- real paths ----

    @Test
    void resolveMapsIntoTheRoot() throws IOException {
        assertThat(view.resolve("/docs/readme.txt")).isEqualTo(view.root().resolve("docs").resolve("readme.txt"));
        assertThat(view.resolve("/")).isEqualTo(view.root());
        assertThat(view.resolve("/new/deeper/file")).isEqualTo(view.root().resolve("new").resolve("deeper").resolve("file"));
    }

    @Test
    void toVirtualIsTheInverseOfResolve() throws IOException {
        assertThat(view.toVirtual(view.root())).isEqualTo("/");
        assertThat(view.toVirtual(view.resolve("/docs/sub"))).isEqualTo("/docs/sub");
        assertThat(view.toVirtual(view.root().resolve("docs").resolve(".").resolve("readme.txt"))).isEqualTo("/docs/readme.txt");
    }

    // ---- changing directory ----

    @Test
    void changeDirectoryToAFileIsNotADirectory() throws IOException {
        assertThatThrownBy(() -> view.changeDirectory("/docs/readme.txt"))
                .isInstanceOf(NotDirectoryException.class).hasMessage("/docs/readme.txt");
        assertThat(view.workingDirectory()).isEqualTo("/");
    }

    @Test
    void changeDirectoryToNothingIsNoSuchFile() {
        assertThatThrownBy(() -> view.changeDirectory("missing"))
                .isInstanceOf(NoSuchFileException.class).hasMessage("/missing");
    }

    @Test
    void resetGoesBackToTheRoot() throws IOException {
        view.changeDirectory("docs");
        view.reset();
        assertThat(view.workingDirectory()).isEqualTo("/");
    }

    // ---- symbolic links ----

    @Test
    void linkToAFolderOutsideIsRefused() throws IOException {
        Files.createSymbolicLink(root().resolve("escape"), outside());
        assertRefusedPlace(() -> view.resolve("/escape"));
        assertRefusedPlace(() -> view.resolve("/escape/secret.txt"));
        assertRefusedPlace(() -> view.resolve("/escape/new-file"));
        assertRefusedPlace(() -> view.changeDirectory("escape"));
        assertThat(view.workingDirectory()).isEqualTo("/");
    }

    @Test
    void linkToAFileOutsideIsRefused() throws IOException {
        Files.createSymbolicLink(root().resolve("passwd"), outside().resolve("secret.txt"));
        assertRefusedPlace(() -> view.resolve("passwd"));
    }

    @Test
    void relativeLinkUpAndOutIsRefused() throws IOException {
        Files.createSymbolicLink(root().resolve("docs/up"), root().getFileSystem().getPath("../.."));
        assertRefusedPlace(() -> view.resolve("/docs/up"));
    }

    @Test
    void linkInsideTheRootIsFollowed() throws IOException {
        Files.createSymbolicLink(root().resolve("shortcut"), root().resolve("docs/sub"));
        Files.createSymbolicLink(root().resolve("docs/readme-link"), root().getFileSystem().getPath("readme.txt"));
        assertThat(view.resolve("/shortcut")).isEqualTo(view.root().resolve("shortcut"));
        assertThat(view.resolve("/shortcut/new.txt")).isEqualTo(view.root().resolve("shortcut").resolve("new.txt"));
        assertThat(view.resolve("/docs/readme-link")).exists();
        view.changeDirectory("shortcut");
        assertThat(view.workingDirectory()).isEqualTo("/shortcut");
    }

    @Test
    void danglingLinkIsRefused() throws IOException {
        Files.createSymbolicLink(root().resolve("dangling"), root().resolve("not-there"));
        assertThatThrownBy(() -> view.resolve("/dangling"))
                .isInstanceOf(PathRefusedException.class).hasMessage("Path is a broken link");
        assertRefusedPlace(() -> view.resolve("/dangling/child"));
    }

    @Test
    void rootReachedThroughALinkStillWorks() throws IOException {
        // The home itself may be a link (/home -> /data/home): its real path is the boundary.
        Path link = outside().resolve("home-link");
        Files.createSymbolicLink(link, root());
        var viaLink = new FileView(link);
        assertThat(viaLink.resolve("/docs/readme.txt")).isEqualTo(link.toAbsolutePath().resolve("docs").resolve("readme.txt"));
        assertThat(viaLink.toVirtual(viaLink.resolve("/docs"))).isEqualTo("/docs");
    }

    @Test
    void missingRootIsCreated() throws IOException {
        Path fresh = outside().resolve("fresh/home");
        new FileView(fresh);
        assertThat(fresh).isDirectory();
    }
}
