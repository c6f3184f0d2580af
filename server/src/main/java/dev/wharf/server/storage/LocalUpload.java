package dev.wharf.server.storage;

import dev.wharf.server.fs.Durable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * An upload to a {@code java.nio.file} root. A replacing upload writes to a hidden temporary beside
 * its target ({@link LocalStorage#UPLOAD_TEMP_PREFIX}) and renames it into place at commit, so a
 * failed upload never replaces, truncates or shows under the real name; an in-place one writes
 * the file itself, as APPE and REST+STOR clients expect.
 *
 * <p>Commit promises the data is on disk, so it ends with an fsync; but one fsync of a whole 1 GiB
 * file took 0.7 to 2 s on the benchmark machine's disk, as long as receiving the file itself. So
 * while the upload is still arriving, every {@code flushEvery} bytes a background thread flushes
 * what has been written so far, and the fsync at commit has only the tail left to write.
 */
final class LocalUpload extends AbstractUpload {
    static final long FLUSH_EVERY = 64L << 20;

    private final FileChannel channel;
    private final Path temporary;       // null when writing in place
    private final Path target;          // null when writing in place
    private final boolean holdsName;    // CREATE_NEW: the target is the empty file that took the name
    private final long flushEvery;
    private final UploadSync sync;
    private long sinceFlush;
    private Thread flushing;
    private volatile IOException flushFailure;

    private LocalUpload(FileChannel channel, Path temporary, Path target, boolean holdsName, long flushEvery,
                        UploadSync sync) {
        this.sync = sync;
        this.channel = channel;
        this.temporary = temporary;
        this.target = target;
        this.holdsName = holdsName;
        this.flushEvery = flushEvery;
    }

    /** Writes beside {@code target} until commit; {@code holdsName}: the target is a CREATE_NEW placeholder. */
    static LocalUpload viaTemporary(Path target, boolean holdsName, long flushEvery, UploadSync sync) throws IOException {
        Path temporary = target.resolveSibling(
                LocalStorage.UPLOAD_TEMP_PREFIX + UUID.randomUUID() + LocalStorage.UPLOAD_TEMP_SUFFIX);
        FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new LocalUpload(channel, temporary, target, holdsName, flushEvery, sync);
    }

    static LocalUpload inPlace(FileChannel channel, long flushEvery, UploadSync sync) {
        return new LocalUpload(channel, null, null, false, flushEvery, sync);
    }

    @Override
    protected void writeBytes(byte[] bytes, int offset, int length) throws IOException {
        ByteBuffer src = ByteBuffer.wrap(bytes, offset, length);
        while (src.hasRemaining()) {
            channel.write(src);
        }
        sinceFlush += length;
        if (sinceFlush >= flushEvery && (flushing == null || !flushing.isAlive())) {
            sinceFlush = 0;
            flushing = Thread.ofVirtual().name("upload-flush").start(this::flushInBackground);
        }
    }

    private void flushInBackground() {
        try {
            channel.force(false);
        } catch (IOException e) {
            flushFailure = e;
        }
    }

    @Override
    protected void publish() throws IOException {
        awaitBackgroundFlush();
        if (flushFailure != null) {
            throw flushFailure;
        }
        if (sync == UploadSync.ON_CLOSE) {
            channel.force(false);
        }
        channel.close();
        if (temporary != null) {
            moveReplacing(temporary, target);
            if (sync == UploadSync.ON_CLOSE) {
                Durable.syncFolder(target.getParent());
            }
        }
    }

    /** Never leaves a flush running on the channel it closes; the temporary goes before any reply. */
    @Override
    protected void discard() {
        try {
            awaitBackgroundFlush();
        } catch (InterruptedIOException e) {
            Thread.currentThread().interrupt(); // closing the channel ends the flush anyway
        }
        closeQuietly();
        deleteQuietly(temporary);
        if (holdsName) {
            deleteQuietly(target); // the empty file that held the name
        }
    }

    private void awaitBackgroundFlush() throws InterruptedIOException {
        if (flushing != null) {
            try {
                flushing.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while flushing the upload to disk");
            }
        }
    }

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing written through it will be published.
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // Removed at the next start (UploadLeftovers).
            }
        }
    }

    /** One step where the file system can: readers see the old file or the new, never neither. */
    static void moveReplacing(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
