package dev.wharf.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wharf.protocol.Reply;
import dev.wharf.server.fs.PathRefusedException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What every storage backend must do. A backend's test is one class: {@code class MyStorageTest
 * extends StorageContract}, giving a fresh storage and a raw look at what it holds. Tests of a
 * capability the backend lacks are skipped, and instead the operation must be refused.
 */
public abstract class StorageContract {
    /** For a backend's contract test to extend. */
    protected StorageContract() {
    }

    /** The capabilities an operation is refused without (the others only make it better). */
    static final Set<Capability> GATING = EnumSet.of(Capability.RANDOM_ACCESS_WRITE, Capability.APPEND,
            Capability.CHMOD, Capability.SET_MTIME);

    static final Instant SOME_TIME = Instant.parse("2020-01-02T03:04:05Z");

    /** A new, empty storage; called before each test. */
    protected abstract Storage newStorage() throws IOException;

    /**
     * Every path the backend holds under its root, hidden ones included (upload temporaries,
     * unfinished multipart uploads), in StoragePath form ({@code /docs/a.txt}).
     */
    protected abstract Set<String> everythingStored() throws IOException;

    /** Whether the backend has symbolic links; if so the three link methods below make them. */
    protected boolean hasLinks() {
        return false;
    }

    /** Makes {@code link} lead to a folder outside the root that holds {@code secret.txt}. */
    protected void linkToFolderOutside(StoragePath link) throws IOException {
        throw new UnsupportedOperationException();
    }

    /** Makes {@code link} lead to a file outside the root. */
    protected void linkToFileOutside(StoragePath link) throws IOException {
        throw new UnsupportedOperationException();
    }

    /** Makes {@code link} lead to {@code target}, inside the root. */
    protected void linkInside(StoragePath link, StoragePath target) throws IOException {
        throw new UnsupportedOperationException();
    }

    protected Storage storage;

    @BeforeEach
    void openStorage() throws IOException {
        storage = newStorage();
    }

    // ---- helpers: through the storage itself, so they hold for any backend ----

    static StoragePath p(String path) {
        try {
            return StoragePath.of(path);
        } catch (PathRefusedException e) {
            throw new AssertionError(e);
        }
    }

    void put(String path, String content) throws IOException {
        try (Upload upload = storage.openWrite(p(path), WriteMode.REPLACE)) {
            write(upload, content);
            upload.commit();
        }
    }

    static void write(Upload upload, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        upload.write(bytes, 0, bytes.length);
    }

    String read(String path) throws IOException {
        return read(path, 0);
    }

    String read(String path, long offset) throws IOException {
        try (Download d = storage.openRead(p(path), offset)) {
            return new String(Channels.newInputStream(d).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    List<String> names(String folder) throws IOException {
        return storage.list(p(folder)).stream().map(StorageEntry::name).toList();
    }

    static Reply replyTo(ThrowingCallable call, String virtualPath) {
        try {
            call.call();
        } catch (Throwable e) {
            return StorageErrors.toReply(e, virtualPath);
        }
        throw new AssertionError("expected a failure");
    }

    static void assertIsADirectory(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(FileSystemException.class,
                e -> assertThat(StorageErrors.toReply(e, "/x").text()).isEqualTo("/x: Is a directory"));
    }

    static void assertRefused(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(PathRefusedException.class);
    }

    // ---- reading ----

    @Test
    void readsFromAnOffset() throws IOException {
        put("/a.txt", "0123456789");
        assertThat(read("/a.txt", 4)).isEqualTo("456789");
        assertThat(read("/a.txt", 10)).isEmpty();
        try (Download d = storage.openRead(p("/a.txt"), 4)) {
            assertThat(d.size()).isEqualTo(10);
        }
    }

    @Test
    void anOffsetBeyondTheEndIsRefused() throws IOException {
        put("/a.txt", "0123456789");
        assertThatThrownBy(() -> storage.openRead(p("/a.txt"), 11))
                .isInstanceOfSatisfying(OffsetBeyondEndException.class, e -> assertThat(e.size()).isEqualTo(10));
        assertThat(replyTo(() -> storage.openRead(p("/a.txt"), 11), "/a.txt").toString())
                .isEqualTo("550 /a.txt: Offset 11 is beyond the end of the file (10 bytes)");
    }

    @Test
    void transferToSendsTheRestOfTheFile() throws IOException {
        put("/a.txt", "0123456789");
        var sink = new ByteArrayOutputStream();
        var counted = new AtomicLong();
        try (Download d = storage.openRead(p("/a.txt"), 3)) {
            assertThat(d.transferTo(Channels.newChannel(sink), counted::addAndGet)).isEqualTo(7);
        }
        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("3456789");
        assertThat(counted).hasValue(7);
    }

    @Test
    void readingAFolderOrNothingFails() throws IOException {
        storage.mkdir(p("/docs"));
        put("/a.txt", "x");
        assertIsADirectory(() -> storage.openRead(p("/docs"), 0));
        assertIsADirectory(() -> storage.openRead(StoragePath.ROOT, 0));
        assertThatThrownBy(() -> storage.openRead(p("/missing"), 0)).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> storage.openRead(p("/a.txt/under-a-file"), 0)).isInstanceOf(NoSuchFileException.class);
        assertThat(storage.find(p("/a.txt/under-a-file"))).isEmpty();
    }

    // ---- REPLACE ----

    @Test
    void aReplacingUploadIsInvisibleUntilCommitted() throws IOException {
        put("/a.txt", "old");
        try (Upload upload = storage.openWrite(p("/a.txt"), WriteMode.REPLACE)) {
            write(upload, "new content");
            assertThat(read("/a.txt")).isEqualTo("old");
            assertThat(storage.list(StoragePath.ROOT)).singleElement()
                    .satisfies(e -> assertThat(e.name()).isEqualTo("a.txt"))
                    .satisfies(e -> assertThat(e.size()).isEqualTo(3));
            upload.commit();
        }
        assertThat(read("/a.txt")).isEqualTo("new content");
        assertThat(everythingStored()).containsExactly("/a.txt");
    }

    @Test
    void aNewFileAppearsOnlyAtCommit() throws IOException {
        try (Upload upload = storage.openWrite(p("/new.txt"), WriteMode.REPLACE)) {
            write(upload, "data");
            assertThat(storage.find(p("/new.txt"))).isEmpty();
            assertThat(names("/")).isEmpty();
            upload.commit();
        }
        assertThat(read("/new.txt")).isEqualTo("data");
    }

    @Test
    void anAbortedUploadLeavesTheOldContentAndNoTrace() throws IOException {
        put("/a.txt", "old");
        Upload upload = storage.openWrite(p("/a.txt"), WriteMode.REPLACE);
        write(upload, "never seen");
        upload.abort();
        upload.close();
        assertThat(read("/a.txt")).isEqualTo("old");
        assertThat(everythingStored()).containsExactly("/a.txt");
    }

    @Test
    void closingWithoutCommitAborts() throws IOException {
        put("/a.txt", "old");
        try (Upload upload = storage.openWrite(p("/a.txt"), WriteMode.REPLACE)) {
            write(upload, "never seen");
        }
        assertThat(read("/a.txt")).isEqualTo("old");
        assertThat(everythingStored()).containsExactly("/a.txt");
    }

    /** A client's data connection that breaks after some bytes (a truncated TLS stream, a reset). */
    static InputStream breaksAfter(String sent) {
        return new FilterInputStream(new ByteArrayInputStream(sent.getBytes(StandardCharsets.UTF_8))) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n < 0) {
                    throw new IOException("Connection reset");
                }
                return n;
            }
        };
    }

    /** What a handler does: copy everything, then commit; any failure on the way aborts. */
    void receive(StoragePath path, WriteMode mode, InputStream source) throws IOException {
        try (Upload upload = storage.openWrite(path, mode)) {
            source.transferTo(upload.asStream());
            upload.commit();
        }
    }

    @Test
    void anUploadWhoseSourceFailsIsNeverCommittedAndARetryIs() throws IOException {
        put("/a.txt", "old");
        assertThatThrownBy(() -> receive(p("/a.txt"), WriteMode.REPLACE, breaksAfter("partial new")))
                .hasMessage("Connection reset");
        assertThat(read("/a.txt")).isEqualTo("old");
        assertThat(everythingStored()).containsExactly("/a.txt");

        receive(p("/a.txt"), WriteMode.REPLACE, new ByteArrayInputStream("complete".getBytes(StandardCharsets.UTF_8)));
        assertThat(read("/a.txt")).isEqualTo("complete");
        assertThat(everythingStored()).containsExactly("/a.txt");
    }

    @Test
    void anUploadEndsOnce() throws IOException {
        Upload upload = storage.openWrite(p("/a.txt"), WriteMode.REPLACE);
        write(upload, "data");
        upload.commit();
        upload.close(); // a committed upload stays committed
        upload.abort();
        assertThat(read("/a.txt")).isEqualTo("data");
        assertThatThrownBy(() -> write(upload, "more")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(upload::commit).isInstanceOf(IllegalStateException.class);

        Upload aborted = storage.openWrite(p("/b.txt"), WriteMode.REPLACE);
        aborted.abort();
        assertThatThrownBy(aborted::commit).isInstanceOf(IllegalStateException.class);
        assertThat(storage.find(p("/b.txt"))).isEmpty();
    }

    @Test
    void closingTheStreamDoesNotEndTheUpload() throws IOException {
        try (Upload upload = storage.openWrite(p("/a.txt"), WriteMode.REPLACE)) {
            var out = upload.asStream();
            out.write('x');
            out.close();
            write(upload, "yz");
            upload.commit();
        }
        assertThat(read("/a.txt")).isEqualTo("xyz");
    }

    @Test
    void writingNeedsAnExistingFolderAndNotAFolder() throws IOException {
        storage.mkdir(p("/docs"));
        put("/a.txt", "x");
        assertIsADirectory(() -> storage.openWrite(p("/docs"), WriteMode.REPLACE));
        assertIsADirectory(() -> storage.openWrite(StoragePath.ROOT, WriteMode.REPLACE));
        assertThatThrownBy(() -> storage.openWrite(p("/missing/a.txt"), WriteMode.REPLACE))
                .isInstanceOf(NoSuchFileException.class).hasMessage("/missing");
        assertThatThrownBy(() -> storage.openWrite(p("/a.txt/b.txt"), WriteMode.REPLACE))
                .isInstanceOf(NotDirectoryException.class).hasMessage("/a.txt");
        assertThat(everythingStored()).containsExactlyInAnyOrder("/docs", "/a.txt");
    }

    // ---- CREATE_NEW ----

    @Test
    void createNewRefusesATakenName() throws IOException {
        put("/a.txt", "old");
        assertThatThrownBy(() -> storage.openWrite(p("/a.txt"), WriteMode.CREATE_NEW))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(read("/a.txt")).isEqualTo("old");
    }

    @Test
    void createNewTakesTheNameAtOnceAndTheContentAtCommit() throws IOException {
        try (Upload first = storage.openWrite(p("/u.txt"), WriteMode.CREATE_NEW)) {
            write(first, "first");
            assertThat(read("/u.txt")).isEmpty();
            assertThatThrownBy(() -> storage.openWrite(p("/u.txt"), WriteMode.CREATE_NEW))
                    .isInstanceOf(FileAlreadyExistsException.class);
            first.commit();
        }
        assertThat(read("/u.txt")).isEqualTo("first");
        assertThat(everythingStored()).containsExactly("/u.txt");
    }

    @Test
    void anAbortedCreateNewFreesTheName() throws IOException {
        try (Upload upload = storage.openWrite(p("/u.txt"), WriteMode.CREATE_NEW)) {
            write(upload, "never seen");
        }
        assertThat(everythingStored()).isEmpty();
        receive(p("/u.txt"), WriteMode.CREATE_NEW, new ByteArrayInputStream(new byte[] {'x'}));
        assertThat(read("/u.txt")).isEqualTo("x");
    }

    // ---- APPEND and AT_OFFSET: in place ----

    @Test
    void appendWritesAtTheEnd() throws IOException {
        assumeTrue(storage.can(Capability.APPEND));
        put("/a.txt", "abc");
        receive(p("/a.txt"), WriteMode.APPEND, new ByteArrayInputStream("def".getBytes(StandardCharsets.UTF_8)));
        assertThat(read("/a.txt")).isEqualTo("abcdef");
        receive(p("/new.txt"), WriteMode.APPEND, new ByteArrayInputStream("created".getBytes(StandardCharsets.UTF_8)));
        assertThat(read("/new.txt")).isEqualTo("created");
    }

    @Test
    void anAbortedAppendKeepsWhatArrived() throws IOException {
        assumeTrue(storage.can(Capability.APPEND));
        put("/a.txt", "abc");
        assertThatThrownBy(() -> receive(p("/a.txt"), WriteMode.APPEND, breaksAfter("de")))
                .hasMessage("Connection reset");
        assertThat(read("/a.txt")).isEqualTo("abcde"); // the client resumes with REST 5
        assertThat(everythingStored()).containsExactly("/a.txt");
    }

    @Test
    void writingAtAnOffsetKeepsTheBytesBeforeIt() throws IOException {
        assumeTrue(storage.can(Capability.RANDOM_ACCESS_WRITE));
        put("/a.txt", "0123456789");
        receive(p("/a.txt"), WriteMode.atOffset(4), new ByteArrayInputStream("xy".getBytes(StandardCharsets.UTF_8)));
        assertThat(read("/a.txt")).isEqualTo("0123xy");
        receive(p("/a.txt"), WriteMode.atOffset(6), new ByteArrayInputStream("!".getBytes(StandardCharsets.UTF_8)));
        assertThat(read("/a.txt")).isEqualTo("0123xy!");
    }

    @Test
    void anOffsetBeyondTheEndChangesNothing() throws IOException {
        assumeTrue(storage.can(Capability.RANDOM_ACCESS_WRITE));
        put("/a.txt", "0123");
        assertThatThrownBy(() -> storage.openWrite(p("/a.txt"), WriteMode.atOffset(5)))
                .isInstanceOf(OffsetBeyondEndException.class);
        assertThat(read("/a.txt")).isEqualTo("0123");
        assertThatThrownBy(() -> storage.openWrite(p("/missing.txt"), WriteMode.atOffset(3)))
                .isInstanceOf(OffsetBeyondEndException.class);
        assertThat(storage.find(p("/missing.txt"))).isEmpty();
        receive(p("/fresh.txt"), WriteMode.atOffset(0), new ByteArrayInputStream("f".getBytes(StandardCharsets.UTF_8)));
        assertThat(read("/fresh.txt")).isEqualTo("f");
    }

    // ---- listings and facts ----

    @Test
    void aListingHasEveryEntrySortedWithItsFacts() throws IOException {
        storage.mkdir(p("/docs"));
        put("/docs/b.txt", "12345");
        put("/docs/a.txt", "");
        storage.mkdir(p("/docs/sub"));
        List<StorageEntry> entries = storage.list(p("/docs"));
        assertThat(entries).extracting(StorageEntry::name).containsExactly("a.txt", "b.txt", "sub");
        assertThat(entries).extracting(StorageEntry::type)
                .containsExactly(StorageEntry.Type.FILE, StorageEntry.Type.FILE, StorageEntry.Type.DIRECTORY);
        assertThat(entries.get(0).size()).isZero();
        assertThat(entries.get(1).size()).isEqualTo(5);
        assertThat(storage.stat(p("/docs/b.txt"))).isEqualTo(entries.get(1));
    }

    @Test
    void theRootIsANamelessFolder() throws IOException {
        StorageEntry root = storage.stat(StoragePath.ROOT);
        assertThat(root.name()).isEmpty();
        assertThat(root.isDirectory()).isTrue();
        assertThat(root.withName(".").name()).isEqualTo(".");
    }

    @Test
    void theModificationTimeIsListedAsSet() throws IOException {
        assumeTrue(storage.can(Capability.SET_MTIME));
        put("/a.txt", "x");
        storage.mkdir(p("/docs"));
        storage.setModified(p("/a.txt"), SOME_TIME);
        storage.setModified(p("/docs"), SOME_TIME.plusSeconds(60));
        assertThat(storage.stat(p("/a.txt")).modified()).isEqualTo(SOME_TIME);
        assertThat(storage.list(StoragePath.ROOT)).extracting(StorageEntry::modified)
                .containsExactly(SOME_TIME, SOME_TIME.plusSeconds(60));
        assertThatThrownBy(() -> storage.setModified(p("/missing"), SOME_TIME)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void permissionsAreListedAsSet() throws IOException {
        assumeTrue(storage.can(Capability.CHMOD));
        put("/a.txt", "x");
        Set<PosixFilePermission> mode = PosixFilePermissions.fromString("rw-r-----");
        storage.chmod(p("/a.txt"), mode);
        assertThat(storage.stat(p("/a.txt")).permissions()).contains(mode);
        assertThat(storage.list(StoragePath.ROOT).getFirst().permissions()).contains(mode);
    }

    @Test
    void identityTellsFilesApart() throws IOException {
        put("/a.txt", "x");
        put("/b.txt", "y");
        var a = storage.stat(p("/a.txt")).identity();
        assumeTrue(a.isPresent());
        assertThat(storage.stat(p("/a.txt")).identity()).isEqualTo(a);
        assertThat(storage.stat(p("/b.txt")).identity()).isPresent().isNotEqualTo(a);
    }

    @Test
    void uploadsInProgressAreNotListed() throws IOException {
        storage.mkdir(p("/docs"));
        try (Upload upload = storage.openWrite(p("/docs/new.txt"), WriteMode.REPLACE)) {
            write(upload, "data");
            assertThat(names("/docs")).isEmpty();
            upload.commit();
        }
        assertThat(names("/docs")).containsExactly("new.txt");
    }

    @Test
    void listingAFileOrNothingFails() throws IOException {
        put("/a.txt", "x");
        assertThatThrownBy(() -> storage.list(p("/a.txt"))).isInstanceOf(NotDirectoryException.class);
        assertThatThrownBy(() -> storage.list(p("/missing"))).isInstanceOf(NoSuchFileException.class);
    }

    // ---- rename ----

    @Test
    void aFileIsRenamed() throws IOException {
        put("/a.txt", "content");
        storage.mkdir(p("/docs"));
        storage.rename(p("/a.txt"), p("/docs/b.txt"));
        assertThat(storage.find(p("/a.txt"))).isEmpty();
        assertThat(read("/docs/b.txt")).isEqualTo("content");
        storage.rename(p("/docs/b.txt"), p("/docs/b.txt"));
        assertThat(read("/docs/b.txt")).isEqualTo("content");
    }

    @Test
    void aRenamedFileReplacesAFile() throws IOException {
        put("/a.txt", "new");
        put("/b.txt", "old");
        storage.rename(p("/a.txt"), p("/b.txt"));
        assertThat(read("/b.txt")).isEqualTo("new");
        assertThat(everythingStored()).containsExactly("/b.txt");
    }

    @Test
    void aFolderIsRenamedWithItsContent() throws IOException {
        storage.mkdir(p("/d"));
        storage.mkdir(p("/d/sub"));
        put("/d/sub/x.txt", "x");
        storage.rename(p("/d"), p("/e"));
        assertThat(read("/e/sub/x.txt")).isEqualTo("x");
        assertThat(everythingStored()).containsExactlyInAnyOrder("/e", "/e/sub", "/e/sub/x.txt");
    }

    @Test
    void nothingReplacesAFolderAndAFolderReplacesNothing() throws IOException {
        put("/a.txt", "a");
        storage.mkdir(p("/d"));
        storage.mkdir(p("/e"));
        assertIsADirectory(() -> storage.rename(p("/a.txt"), p("/d")));
        assertThatThrownBy(() -> storage.rename(p("/d"), p("/e"))).isInstanceOf(FileAlreadyExistsException.class);
        assertThatThrownBy(() -> storage.rename(p("/d"), p("/a.txt"))).isInstanceOf(FileAlreadyExistsException.class);
        assertRefused(() -> storage.rename(p("/d"), p("/d/inside")));
        assertThat(everythingStored()).containsExactlyInAnyOrder("/a.txt", "/d", "/e");
    }

    @Test
    void renamingNeedsASourceAndATargetFolder() throws IOException {
        put("/a.txt", "a");
        assertThatThrownBy(() -> storage.rename(p("/missing"), p("/b"))).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> storage.rename(p("/a.txt"), p("/missing/b"))).isInstanceOf(NoSuchFileException.class);
        assertRefused(() -> storage.rename(StoragePath.ROOT, p("/b")));
        assertRefused(() -> storage.rename(p("/a.txt"), StoragePath.ROOT));
        assertThat(everythingStored()).containsExactly("/a.txt");
    }

    // ---- delete, mkdir, rmdir ----

    @Test
    void deleteRemovesFilesOnly() throws IOException {
        put("/a.txt", "a");
        storage.mkdir(p("/d"));
        storage.delete(p("/a.txt"));
        assertThat(storage.find(p("/a.txt"))).isEmpty();
        assertIsADirectory(() -> storage.delete(p("/d")));
        assertIsADirectory(() -> storage.delete(StoragePath.ROOT));
        assertThatThrownBy(() -> storage.delete(p("/a.txt"))).isInstanceOf(NoSuchFileException.class);
        assertThat(everythingStored()).containsExactly("/d");
    }

    @Test
    void foldersAreMadeAndRemoved() throws IOException {
        storage.mkdir(p("/d"));
        assertThat(storage.stat(p("/d")).isDirectory()).isTrue();
        assertThatThrownBy(() -> storage.mkdir(p("/d"))).isInstanceOf(FileAlreadyExistsException.class);
        assertThatThrownBy(() -> storage.mkdir(StoragePath.ROOT)).isInstanceOf(FileAlreadyExistsException.class);
        assertThatThrownBy(() -> storage.mkdir(p("/missing/d"))).isInstanceOf(NoSuchFileException.class);
        storage.rmdir(p("/d"));
        assertThat(everythingStored()).isEmpty();
    }

    @Test
    void rmdirRemovesEmptyFoldersOnly() throws IOException {
        storage.mkdir(p("/d"));
        put("/d/x.txt", "x");
        assertThatThrownBy(() -> storage.rmdir(p("/d"))).isInstanceOf(DirectoryNotEmptyException.class);
        assertThatThrownBy(() -> storage.rmdir(p("/d/x.txt"))).isInstanceOf(NotDirectoryException.class);
        assertThatThrownBy(() -> storage.rmdir(p("/missing"))).isInstanceOf(NoSuchFileException.class);
        assertRefused(() -> storage.rmdir(StoragePath.ROOT));
        assertThat(everythingStored()).containsExactlyInAnyOrder("/d", "/d/x.txt");
    }

    // ---- confinement ----

    @Test
    void anAbsolutePathStartsAtTheStorageRoot() throws IOException {
        assertThat(storage.find(p("/etc/passwd"))).isEmpty();
        storage.mkdir(p("/etc"));
        put("/etc/passwd", "mine");
        assertThat(read("etc/passwd")).isEqualTo("mine");
        assertThat(everythingStored()).containsExactlyInAnyOrder("/etc", "/etc/passwd");
    }

    @Test
    void aLinkOutOfTheRootLeadsNowhere() throws IOException {
        assumeTrue(hasLinks());
        linkToFolderOutside(p("/escape"));
        linkToFileOutside(p("/passwd"));
        assertRefused(() -> storage.stat(p("/escape")));
        assertRefused(() -> storage.list(p("/escape")));
        assertRefused(() -> storage.openRead(p("/escape/secret.txt"), 0));
        assertRefused(() -> storage.openRead(p("/passwd"), 0));
        assertRefused(() -> storage.openWrite(p("/escape/new.txt"), WriteMode.REPLACE));
        assertRefused(() -> storage.openWrite(p("/passwd"), WriteMode.REPLACE));
        assertRefused(() -> storage.mkdir(p("/escape/d")));
        assertRefused(() -> storage.delete(p("/escape/secret.txt")));
        assertRefused(() -> storage.rename(p("/escape/secret.txt"), p("/stolen.txt")));
        assertThat(names("/")).isEmpty();
    }

    @Test
    void aLinkInsideTheRootIsFollowed() throws IOException {
        assumeTrue(hasLinks());
        storage.mkdir(p("/docs"));
        put("/docs/a.txt", "inside");
        linkInside(p("/shortcut"), p("/docs"));
        assertThat(read("/shortcut/a.txt")).isEqualTo("inside");
        assertThat(storage.stat(p("/shortcut")).isDirectory()).isTrue();
        assertThat(storage.list(StoragePath.ROOT)).extracting(StorageEntry::name, StorageEntry::type)
                .containsExactly(tuple("docs", StorageEntry.Type.DIRECTORY), tuple("shortcut", StorageEntry.Type.DIRECTORY));
    }

    // ---- capabilities ----

    /** The operation that needs {@code capability}, on a file {@code /a.txt} holding "hello". */
    static ThrowingCallable needing(Capability capability, Storage s) {
        return switch (capability) {
            case APPEND -> () -> s.openWrite(p("/a.txt"), WriteMode.APPEND).close();
            case RANDOM_ACCESS_WRITE -> () -> s.openWrite(p("/a.txt"), WriteMode.atOffset(2)).close();
            case CHMOD -> () -> s.chmod(p("/a.txt"), PosixFilePermissions.fromString("rwx------"));
            case SET_MTIME -> () -> s.setModified(p("/a.txt"), SOME_TIME);
            case ATOMIC_RENAME, ZERO_COPY_SEND -> throw new IllegalArgumentException(capability + " gates nothing");
        };
    }

    void assertRefusedWithout(Capability capability, Storage s) throws IOException {
        StorageEntry before = storage.stat(p("/a.txt"));
        assertThatThrownBy(needing(capability, s)).isInstanceOfSatisfying(UnsupportedCapabilityException.class,
                e -> assertThat(e.capability()).isEqualTo(capability));
        assertThat(replyTo(needing(capability, s), "/a.txt").text())
                .isEqualTo("/a.txt: Not supported by this storage: " + capability.description());
        assertThat(read("/a.txt")).isEqualTo("hello");
        assertThat(storage.stat(p("/a.txt"))).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(value = Capability.class, names = {"RANDOM_ACCESS_WRITE", "APPEND", "CHMOD", "SET_MTIME"})
    void anOperationIsRefusedWithoutItsCapabilityAndChangesNothing(Capability capability) throws IOException {
        put("/a.txt", "hello");
        assertRefusedWithout(capability, new WithoutCapabilities(storage, capability));
    }

    @Test
    void whatThisBackendLacksIsRefused() throws IOException {
        put("/a.txt", "hello");
        var present = EnumSet.noneOf(Capability.class);
        present.addAll(storage.capabilities()); // EnumSet.copyOf refuses an empty set that is no EnumSet
        for (Capability missing : EnumSet.complementOf(present)) {
            if (GATING.contains(missing)) {
                assertRefusedWithout(missing, storage);
            }
        }
    }

    /**
     * A backend with some capabilities taken away, and nothing else changed: it shows that the
     * checks are made in Storage itself, whatever the backend. It forwards the protected methods,
     * which this package may call.
     */
    static final class WithoutCapabilities extends Storage {
        private final Storage backend;
        private final Set<Capability> capabilities;

        WithoutCapabilities(Storage backend, Capability removed) {
            this.backend = backend;
            var remaining = EnumSet.noneOf(Capability.class);
            remaining.addAll(backend.capabilities());
            remaining.remove(removed);
            this.capabilities = Collections.unmodifiableSet(remaining);
        }

        @Override
        public Set<Capability> capabilities() {
            return capabilities;
        }

        @Override
        protected StorageEntry readEntry(StoragePath path) throws IOException {
            return backend.readEntry(path);
        }

        @Override
        protected List<StorageEntry> readFolder(StoragePath folder) throws IOException {
            return backend.readFolder(folder);
        }

        @Override
        protected Download openReader(StoragePath file, long offset) throws IOException {
            return backend.openReader(file, offset);
        }

        @Override
        protected Upload openUpload(StoragePath file, WriteMode mode) throws IOException {
            return backend.openUpload(file, mode);
        }

        @Override
        protected void createFolder(StoragePath folder) throws IOException {
            backend.createFolder(folder);
        }

        @Override
        protected void removeFolder(StoragePath folder) throws IOException {
            backend.removeFolder(folder);
        }

        @Override
        protected void removeFile(StoragePath file) throws IOException {
            backend.removeFile(file);
        }

        @Override
        protected void move(StoragePath from, StoragePath to) throws IOException {
            backend.move(from, to);
        }

        @Override
        protected void writeModified(StoragePath path, Instant time) throws IOException {
            backend.writeModified(path, time);
        }

        @Override
        protected void writePermissions(StoragePath path, Set<PosixFilePermission> permissions) throws IOException {
            backend.writePermissions(path, permissions);
        }
    }
}
