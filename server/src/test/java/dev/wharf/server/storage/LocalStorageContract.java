package dev.wharf.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.protocol.Reply;
import dev.wharf.server.fs.PathRefusedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The storage contract, and what LocalStorage promises besides, on one java.nio.file provider.
 * Subclasses give a root and a folder outside it, on the local disk or on Jimfs.
 */
abstract class LocalStorageContract extends StorageContract {
    /** The user's home: created by LocalStorage if missing. */
    abstract Path root();

    /** A folder that is not inside the root. */
    abstract Path outside();

    @Override
    protected Storage newStorage() throws IOException {
        Files.createDirectories(outside());
        Files.writeString(outside().resolve("secret.txt"), "secret");
        return new LocalStorage(root());
    }

    @Override
    protected Set<String> everythingStored() throws IOException {
        Path root = root().toAbsolutePath();
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> !p.equals(root))
                    .map(p -> "/" + root.relativize(p).toString().replace(root.getFileSystem().getSeparator(), "/"))
                    .collect(Collectors.toSet());
        }
    }

    @Override
    protected boolean hasLinks() {
        return true;
    }

    Path real(StoragePath p) {
        Path r = root();
        for (String name : p.names()) {
            r = r.resolve(name);
        }
        return r;
    }

    @Override
    protected void linkToFolderOutside(StoragePath link) throws IOException {
        Files.createSymbolicLink(real(link), outside());
    }

    @Override
    protected void linkToFileOutside(StoragePath link) throws IOException {
        Files.createSymbolicLink(real(link), outside().resolve("secret.txt"));
    }

    @Override
    protected void linkInside(StoragePath link, StoragePath target) throws IOException {
        Files.createSymbolicLink(real(link), real(target));
    }

    // ---- what LocalStorage promises besides ----

    @Test
    void aReplacingUploadWritesAHiddenTemporaryBesideItsTarget() throws IOException {
        storage.mkdir(p("/docs"));
        try (Upload upload = storage.openWrite(p("/docs/a.txt"), WriteMode.REPLACE)) {
            write(upload, "data");
            // UploadLeftovers finds a crashed upload's remains by this name.
            assertThat(everythingStored()).hasSize(2).contains("/docs")
                    .anySatisfy(s -> assertThat(s).matches("/docs/\\.wharf-upload-[0-9a-f-]{36}\\.tmp"));
            upload.commit();
        }
        assertThat(everythingStored()).containsExactlyInAnyOrder("/docs", "/docs/a.txt");
    }

    @Test
    void theTemporaryNamesAreReserved() throws IOException {
        Files.writeString(root().resolve(".wharf-upload-1234.tmp"), "someone's upload");
        for (ThrowingCallable call : List.<ThrowingCallable>of(
                () -> storage.stat(p("/.wharf-upload-1234.tmp")),
                () -> storage.openRead(p("/.wharf-upload-1234.tmp"), 0),
                () -> storage.openWrite(p("/.wharf-upload-mine.tmp"), WriteMode.REPLACE),
                () -> storage.delete(p("/.wharf-upload-1234.tmp")),
                () -> storage.mkdir(p("/.wharf-upload-dir")))) {
            assertThatThrownBy(call).isInstanceOfSatisfying(PathRefusedException.class,
                    e -> assertThat(e.badName()).isTrue());
        }
        assertThat(names("/")).isEmpty();
    }

    @Test
    void uploadsFlushInTheBackgroundAndCommitWhole() throws IOException {
        var flushingOften = new LocalStorage(root(), 1024);
        byte[] chunk = new byte[1000];
        var expected = new StringBuilder();
        try (Upload upload = flushingOften.openWrite(p("/big.bin"), WriteMode.REPLACE)) {
            for (int i = 0; i < 50; i++) {
                java.util.Arrays.fill(chunk, (byte) ('a' + i % 26));
                upload.write(chunk, 0, chunk.length);
                expected.append(new String(chunk, StandardCharsets.US_ASCII));
            }
            upload.commit();
        }
        assertThat(read("/big.bin")).isEqualTo(expected.toString());
        assertThat(everythingStored()).containsExactly("/big.bin");
    }

    @Test
    void anAbsolutePathNeverReachesTheServersFiles() throws IOException {
        // The client names the outside folder by its real path: it is a path inside the root.
        StoragePath secret = StoragePath.of(outside().toAbsolutePath().resolve("secret.txt").toString()
                .replace(outside().getFileSystem().getSeparator(), "/").replace(":", ""));
        assertThat(storage.find(secret)).isEmpty();
        assertThat(Files.readString(outside().resolve("secret.txt"))).isEqualTo("secret");
    }

    @Test
    void noReplyNamesWhereTheServerKeepsTheFiles() throws IOException {
        storage.mkdir(p("/d"));
        put("/d/x.txt", "x");
        linkToFolderOutside(p("/escape"));
        var replies = new ArrayList<Reply>();
        for (ThrowingCallable call : List.<ThrowingCallable>of(
                () -> storage.stat(p("/missing")),
                () -> storage.openRead(p("/d"), 0),
                () -> storage.openRead(p("/d/x.txt"), 5),
                () -> storage.list(p("/d/x.txt")),
                () -> storage.rmdir(p("/d")),
                () -> storage.delete(p("/d")),
                () -> storage.mkdir(p("/d")),
                () -> storage.rename(p("/d"), p("/d/x.txt")),
                () -> storage.openWrite(p("/nowhere/x.txt"), WriteMode.REPLACE),
                () -> storage.openRead(p("/escape/secret.txt"), 0),
                () -> storage.openWrite(p("/d/x.txt"), WriteMode.atOffset(9)))) {
            replies.add(replyTo(call, "/d"));
        }
        assertThat(replies).allSatisfy(r -> assertThat(r.text())
                .startsWith("/d: ")
                .doesNotContain(root().toAbsolutePath().toString())
                .doesNotContain(outside().toAbsolutePath().toString()));
    }
}
