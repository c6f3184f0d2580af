package dev.wharf.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.protocol.Reply;
import dev.wharf.server.fs.FileErrors;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class StorageErrorsTest {
    @ParameterizedTest
    @CsvSource({
            "RANDOM_ACCESS_WRITE, 504, writing from an offset (REST before STOR)",
            "APPEND, 502, appending (APPE)",
            "CHMOD, 504, Unix permissions (SITE CHMOD)",
            "SET_MTIME, 502, setting modification times (MFMT)",
            "ATOMIC_RENAME, 502, atomic rename",
            "ZERO_COPY_SEND, 502, zero-copy sending"})
    void aMissingCapabilityIsNamed(Capability capability, int code, String words) {
        Reply reply = StorageErrors.toReply(new UnsupportedCapabilityException(capability), "/a.txt");
        assertThat(reply.code()).isEqualTo(code);
        assertThat(reply.text()).isEqualTo("/a.txt: Not supported by this storage: " + words);
    }

    @Test
    void anOffsetBeyondTheEndIs550() {
        assertThat(StorageErrors.toReply(new OffsetBeyondEndException(7, 5), "/a.txt").toString())
                .isEqualTo("550 /a.txt: Offset 7 is beyond the end of the file (5 bytes)");
    }

    /** The Dispatcher's catch of file-system failures must catch these too, or they would end the session. */
    @Test
    void theStoragesOwnFailuresAreFileSystemFailures() {
        assertThat(new UnsupportedCapabilityException(Capability.APPEND)).isInstanceOf(FileSystemException.class)
                .hasMessage("Not supported by this storage: appending (APPE)");
        assertThat(new OffsetBeyondEndException(7, 5)).isInstanceOf(FileSystemException.class)
                .hasMessage("Offset 7 is beyond the end of the file (5 bytes)");
    }

    @Test
    void everythingElseIsFileErrors() {
        var e = new AccessDeniedException("/srv/homes/alice/a.txt");
        assertThat(StorageErrors.toReply(e, "/a.txt")).isEqualTo(FileErrors.toReply(e, "/a.txt"));
        assertThat(StorageErrors.toReply(new UnsupportedCapabilityException(Capability.APPEND), "").text())
                .isEqualTo("Not supported by this storage: appending (APPE)");
    }
}
