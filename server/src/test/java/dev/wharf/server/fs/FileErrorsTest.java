package dev.wharf.server.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.protocol.Reply;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.ReadOnlyFileSystemException;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FileErrorsTest {
    /** Where the file really is on the server: a reply must never show it. */
    private static final String REAL = "/srv/wharf-secret/homes/alice/docs/a.txt";

    static FileSystemException os(String reason) {
        return new FileSystemException(REAL, null, reason);
    }

    static Stream<Arguments> mappings() {
        return Stream.of(
                Arguments.of(new PathRefusedException("Path leads outside your home folder", false), 550, "Path leads outside your home folder"),
                Arguments.of(new PathRefusedException("File names cannot contain NUL characters", true), 553, "File names cannot contain NUL characters"),
                Arguments.of(new NoSuchFileException(REAL), 550, "No such file or directory"),
                Arguments.of(new AccessDeniedException(REAL), 550, "Permission denied"),
                Arguments.of(new ReadOnlyFileSystemException(), 550, "Permission denied"),
                Arguments.of(new SecurityException("denied " + REAL), 550, "Permission denied"),
                Arguments.of(new FileAlreadyExistsException(REAL), 550, "Already exists"),
                Arguments.of(new DirectoryNotEmptyException(REAL), 550, "Directory not empty"),
                Arguments.of(new NotDirectoryException(REAL), 550, "Not a directory"),
                Arguments.of(new UnsupportedOperationException("no POSIX attributes"), 502, "Not supported by this file system"),
                Arguments.of(os("No space left on device"), 552, "Storage full or quota exceeded"),
                Arguments.of(os("Disk quota exceeded"), 552, "Storage full or quota exceeded"),
                Arguments.of(new IOException("There is not enough space on the disk"), 552, "Storage full or quota exceeded"),
                Arguments.of(os("File name too long"), 553, "File name not allowed"),
                Arguments.of(os("Invalid argument"), 553, "File name not allowed"),
                Arguments.of(new IOException("Invalid argument"), 451, "Local error in processing"),
                Arguments.of(os("Is a directory"), 550, "Is a directory"),
                Arguments.of(new FileSystemLoopException(REAL), 451, "Local error in processing"),
                Arguments.of(new IOException("Input/output error at " + REAL), 451, "Local error in processing"),
                Arguments.of(new IOException(), 451, "Local error in processing"),
                Arguments.of(new RuntimeException("bug at " + REAL), 451, "Local error in processing"));
    }

    @ParameterizedTest
    @MethodSource("mappings")
    void mapsEachFailureToItsReply(Throwable e, int code, String text) {
        Reply reply = FileErrors.toReply(e, "/docs/a.txt");
        assertThat(reply.code()).isEqualTo(code);
        assertThat(reply.text()).isEqualTo("/docs/a.txt: " + text);
    }

    @ParameterizedTest
    @MethodSource("mappings")
    void neverShowsTheServerPath(Throwable e) {
        assertThat(FileErrors.toReply(e, "/docs/a.txt").encode()).doesNotContain("/srv").doesNotContain("wharf-secret");
        assertThat(FileErrors.toReply(e, null).encode()).doesNotContain("/srv");
    }

    @Test
    void withoutAPathTheReasonStandsAlone() {
        assertThat(FileErrors.toReply(new NoSuchFileException(REAL), null).text()).isEqualTo("No such file or directory");
        assertThat(FileErrors.toReply(new NoSuchFileException(REAL), "").text()).isEqualTo("No such file or directory");
    }

    @Test
    void operatingSystemMessagesAreMatchedWhateverTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR")); // where "I".toLowerCase() is a dotless 'ı'
        try {
            assertThat(FileErrors.toReply(os("Is a directory"), "/d").text()).isEqualTo("/d: Is a directory");
            assertThat(FileErrors.toReply(os("Invalid argument"), "/d").code()).isEqualTo(553);
        } finally {
            Locale.setDefault(saved);
        }
    }
}
