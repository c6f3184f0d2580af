package dev.wharf.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.client.FtpsException;
import dev.wharf.client.FtpsSession;
import dev.wharf.client.TlsMode;
import dev.wharf.server.spi.FileChange;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Wharf's own client from {@code client(user)}: pinned, resuming, so the production defaults hold. */
@Timeout(60)
class WharfClientTest {
    @RegisterExtension
    final WharfExtension ftps = WharfExtension.builder()
            .user("alice", "secret")
            .readOnlyUser("bob", "pw")
            .file("bob/pub/notes.txt", "read me")
            .build();

    @ParameterizedTest
    @EnumSource(TlsMode.class)
    void uploadsAndDownloadsWithTheDefaultSecurity(TlsMode mode) throws Exception {
        WharfTestServer server = ftps.server();
        try (FtpsSession alice = server.client("alice", mode).build().connect()) {
            alice.upload(new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)), "/hello.txt");
            alice.rename("/hello.txt", "/greeting.txt");
        }
        var notes = new ByteArrayOutputStream();
        try (FtpsSession bob = server.client("bob", mode).build().connect()) {
            bob.download("/pub/notes.txt", notes);
        }

        assertThat(Files.readString(server.file("alice/greeting.txt"))).isEqualTo("hello");
        assertThat(notes.toString(StandardCharsets.UTF_8)).isEqualTo("read me");
        assertThat(server.events().all()).containsExactly(
                new WharfEvent.Login("alice", mode == TlsMode.IMPLICIT),
                new WharfEvent.TransferEnded("alice", dev.wharf.server.spi.Transfer.Direction.UPLOAD, "/hello.txt", 5, true),
                new WharfEvent.FileChanged("alice", new FileChange(FileChange.Kind.RENAME, "/hello.txt", "/greeting.txt")),
                new WharfEvent.Login("bob", mode == TlsMode.IMPLICIT),
                new WharfEvent.TransferEnded("bob", dev.wharf.server.spi.Transfer.Direction.DOWNLOAD, "/pub/notes.txt", 7, true));
    }

    @Test
    void aReadOnlyUserCannotUpload(WharfTestServer server) throws Exception {
        try (FtpsSession bob = server.client("bob").build().connect()) {
            assertThatThrownBy(() -> bob.upload(new ByteArrayInputStream(new byte[] {1}), "/x.bin"))
                    .isInstanceOf(FtpsException.class).hasMessageContaining("550");
        }
        assertThat(server.events().uploads()).isEmpty();
        assertThat(server.home("bob").resolve("x.bin")).doesNotExist();
    }

    @Test
    void theClientTrustsThisServerOnly(WharfTestServer server) throws Exception {
        try (WharfTestServer other = WharfTestServer.builder().user("alice", "secret").start()) {
            assertThatThrownBy(() -> other.client("alice").trust(dev.wharf.client.TrustPolicy.pinned(server.fingerprint()))
                    .build().connect()).isInstanceOf(FtpsException.class);
            assertThat(other.fingerprint()).isNotEqualTo(server.fingerprint());
        }
    }

    @Test
    void aUserTheTestDidNotGiveIsNamedInTheError(WharfTestServer server) {
        assertThatThrownBy(() -> server.client("carol")).hasMessageContaining("carol").hasMessageContaining("[alice, bob]");
    }
}
