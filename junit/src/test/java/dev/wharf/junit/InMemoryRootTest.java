package dev.wharf.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.client.FtpsSession;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Where the homes live: Jimfs, or a folder the test gives. */
@Timeout(60)
class InMemoryRootTest {
    @RegisterExtension
    final WharfExtension ftps = WharfExtension.builder()
            .user("alice", "secret")
            .file("alice/in/a.txt", "in memory")
            .inMemoryFileSystem()
            .build();

    @Test
    void theHomesLiveInJimfs(WharfTestServer server) throws Exception {
        assertThat(server.root().getFileSystem()).isNotEqualTo(FileSystems.getDefault());
        var download = new ByteArrayOutputStream();
        try (FtpsSession alice = server.client("alice").build().connect()) {
            alice.download("/in/a.txt", download);
            alice.upload(new ByteArrayInputStream("up".getBytes(StandardCharsets.UTF_8)), "/in/b.txt");
        }

        assertThat(download.toString(StandardCharsets.UTF_8)).isEqualTo("in memory");
        assertThat(Files.readString(server.file("alice/in/b.txt"))).isEqualTo("up");
    }

    @Test
    void aRootTheTestGivesIsUsedAndKept(@TempDir Path root) throws Exception {
        try (WharfTestServer server = WharfTestServer.builder().user("alice", "secret").root(root).start();
                FtpsSession alice = server.client("alice").build().connect()) {
            alice.upload(new ByteArrayInputStream(new byte[] {7}), "/kept.bin");
        }
        assertThat(root.resolve("alice/kept.bin")).hasBinaryContent(new byte[] {7});
    }
}
