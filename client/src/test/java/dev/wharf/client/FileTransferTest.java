package dev.wharf.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.server.support.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Transfers of local files against Wharf's server: progress, resume, and whose fault a failure is. */
@Timeout(60)
class FileTransferTest {
    private static final int SIZE = 300_000; // several 64 KiB blocks
    private static TestServer wharf;

    @TempDir
    static Path home;
    @TempDir
    Path local;

    @BeforeAll
    static void start() throws IOException {
        wharf = TestServer.builder().home(home).start();
    }

    @AfterAll
    static void stop() {
        wharf.close();
    }

    private static byte[] content(int seed) {
        byte[] bytes = new byte[SIZE];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void theListenerFollowsAnUploadAndADownloadFromZeroToTheWholeSize() throws IOException {
        Path source = Files.write(local.resolve("up.bin"), content(1));
        var up = new ArrayList<TransferProgress>();
        var down = new ArrayList<TransferProgress>();
        try (FtpsSession s = TestClients.to(wharf, TlsMode.EXPLICIT).build().connect()) {
            s.upload(source, "progress.bin", false, up::add);
            s.download("progress.bin", local.resolve("down.bin"), false, down::add);
        }
        for (List<TransferProgress> seen : List.of(up, down)) {
            assertThat(seen).hasSizeGreaterThan(2).allSatisfy(p -> {
                assertThat(p.path()).isEqualTo("progress.bin");
                assertThat(p.total()).isEqualTo(SIZE);
                assertThat(p.offset()).isZero();
            });
            assertThat(seen.get(0).bytes()).isZero();
            assertThat(seen.get(seen.size() - 1).bytes()).isEqualTo(SIZE);
            assertThat(seen).extracting(TransferProgress::bytes).isSorted();
        }
        assertThat(local.resolve("down.bin")).hasSameBinaryContentAs(source);
    }

    @Test
    void aResumedDownloadStartsAtThePartAlreadyThereAndVerifiesTheWholeFile() throws IOException {
        byte[] all = content(2);
        Files.write(home.resolve("resume.bin"), all);
        Path partial = Files.write(local.resolve("resume.bin"), Arrays.copyOf(all, 100_000));
        var seen = new ArrayList<TransferProgress>();
        TransferResult r;
        try (FtpsSession s = TestClients.to(wharf, TlsMode.IMPLICIT).build().connect()) {
            r = s.download("resume.bin", partial, true, seen::add);
        }
        assertThat(r.offset()).isEqualTo(100_000);
        assertThat(r.bytes()).isEqualTo(SIZE - 100_000);
        assertThat(r.verifiedWith()).contains("SHA-256");
        assertThat(seen.get(0).bytes()).isEqualTo(100_000);
        assertThat(seen.get(0).offset()).isEqualTo(100_000);
        assertThat(Files.readAllBytes(partial)).isEqualTo(all);
    }

    @Test
    void aCompleteCopyIsVerifiedAndNotTransferredAgain() throws IOException {
        byte[] all = content(3);
        Files.write(home.resolve("complete.bin"), all);
        Path source = Files.write(local.resolve("complete.bin"), all);
        try (FtpsSession s = TestClients.to(wharf, TlsMode.EXPLICIT).build().connect()) {
            TransferResult r = s.upload(source, "complete.bin", true, TransferListener.NONE);
            assertThat(r.bytes()).isZero();
            assertThat(r.offset()).isEqualTo(SIZE);
            assertThat(r.verifiedWith()).contains("SHA-256");
        }
    }

    @Test
    void resumingTheUploadOfAnEmptyFileCreatesIt() throws IOException {
        Path empty = Files.createFile(local.resolve("empty.txt"));
        try (FtpsSession s = TestClients.to(wharf, TlsMode.EXPLICIT).build().connect()) {
            s.upload(empty, "empty.txt", true);
        }
        assertThat(home.resolve("empty.txt")).isEmptyFile();
    }

    @Test
    void aRefusedDownloadLeavesTheLocalFileAsItWas() throws IOException {
        Path existing = Files.writeString(local.resolve("keep.txt"), "keep me");
        Path absent = local.resolve("absent.txt");
        try (FtpsSession s = TestClients.to(wharf, TlsMode.EXPLICIT).build().connect()) {
            assertThatThrownBy(() -> s.download("no-such-file", existing)).isInstanceOf(FtpsReplyException.class);
            // With a listener the total comes first, from SIZE, which is where a missing file shows.
            assertThatThrownBy(() -> s.download("no-such-file", absent, false, progress -> {}))
                    .isInstanceOf(FtpsReplyException.class).hasMessageContaining("SIZE no-such-file failed");
            s.noop();
        }
        assertThat(existing).hasContent("keep me");
        assertThat(absent).doesNotExist();
    }

    @Test
    void aLocalFileThatCannotBeWrittenIsALocalFailureAndTheSessionGoesOn() throws IOException {
        Files.write(home.resolve("into-a-folder.bin"), content(4));
        Path folder = Files.createDirectory(local.resolve("a-folder"));
        try (FtpsSession s = TestClients.to(wharf, TlsMode.EXPLICIT).build().connect()) {
            assertThatThrownBy(() -> s.download("into-a-folder.bin", folder))
                    .isInstanceOf(LocalFileException.class).hasMessageContaining("cannot write " + folder);
            s.noop();
            assertThat(s.list("/")).extracting(RemoteFile::name).contains("into-a-folder.bin");
        }
    }
}
