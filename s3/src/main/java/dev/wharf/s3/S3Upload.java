package dev.wharf.s3;

import dev.wharf.server.storage.StoragePath;
import dev.wharf.server.storage.AbstractUpload;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * An upload to S3 that no reader sees before {@link #commit()}. The bytes go out in parts of
 * {@link S3Storage#PART_SIZE} as they arrive, so the file is never held whole: the first full part
 * starts a multipart upload, and background threads send up to {@link #PARTS_IN_FLIGHT} parts at
 * once while the next one fills (one HTTP stream to S3 is slower than an FTPS client: awscli sends
 * ten at once), so at most {@code PARTS_IN_FLIGHT + 1} parts are in memory. Commit sends the last
 * part and completes the upload, which is when the object appears; a file smaller than a part is
 * one PutObject at commit. Abort, close without commit and a failed commit abort the multipart
 * upload, which drops every part already stored (and for STOU delete the name's placeholder).
 */
final class S3Upload extends AbstractUpload {
    static final Logger LOG = LoggerFactory.getLogger(S3Upload.class);
    static final int PARTS_IN_FLIGHT = 4;
    private static final Executor PART_SENDER = part -> Thread.ofVirtual().name("s3-part").start(part);
    private static final int FIRST_BUFFER = 64 * 1024;

    /** A part S3 has stored, and the buffer it was sent from, free again. */
    @SuppressWarnings("ArrayRecordComponent") // a holder, never compared
    private record Sent(CompletedPart part, byte[] buffer) {}

    private final S3Storage storage;
    private final StoragePath path;
    private final String key;
    private final boolean holdsName;
    private final List<CompletedPart> parts = new ArrayList<>();
    private final ArrayDeque<CompletableFuture<Sent>> sending = new ArrayDeque<>();
    private final ArrayDeque<byte[]> free = new ArrayDeque<>();
    private byte[] buffer = new byte[FIRST_BUFFER];
    private int filled;
    private int partsStarted;
    private String uploadId;
    private IOException failure;

    /** {@code holdsName}: STOU made a zero-byte object at {@code key} that an abort removes. */
    S3Upload(S3Storage storage, StoragePath path, String key, boolean holdsName) {
        this.storage = storage;
        this.path = path;
        this.key = key;
        this.holdsName = holdsName;
    }

    @Override
    protected void writeBytes(byte[] bytes, int offset, int length) throws IOException {
        if (failure != null) {
            throw failure; // a part sent in the background failed
        }
        try {
            while (length > 0) {
                if (filled == buffer.length && buffer.length < S3Storage.PART_SIZE) {
                    buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, S3Storage.PART_SIZE));
                }
                if (filled == buffer.length) {
                    sendFullPart();
                }
                int n = Math.min(length, buffer.length - filled);
                System.arraycopy(bytes, offset, buffer, filled, n);
                filled += n;
                offset += n;
                length -= n;
            }
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    /** Hands the full buffer to a sender, after the oldest part in flight if there are too many. */
    private void sendFullPart() throws IOException {
        if (uploadId == null) {
            uploadId = S3Storage.call(path, () -> storage.client().createMultipartUpload(
                    b -> b.bucket(storage.bucket()).key(key))).uploadId();
        }
        if (sending.size() == PARTS_IN_FLIGHT) {
            awaitOldest();
        }
        byte[] full = buffer;
        int length = filled;
        int number = ++partsStarted;
        sending.add(CompletableFuture.supplyAsync(() -> new Sent(sendPart(number, full, length), full), PART_SENDER));
        buffer = free.isEmpty() ? new byte[S3Storage.PART_SIZE] : free.pop();
        filled = 0;
    }

    private CompletedPart sendPart(int number, byte[] bytes, int length) {
        String etag = storage.client().uploadPart(b -> b.bucket(storage.bucket()).key(key).uploadId(uploadId)
                        .partNumber(number).contentLength((long) length),
                RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, 0, length), length,
                        "application/octet-stream")).eTag();
        return CompletedPart.builder().partNumber(number).eTag(etag).build();
    }

    /** Waits for the oldest part in flight: its failure is this upload's; its buffer is free again. */
    private void awaitOldest() throws IOException {
        CompletableFuture<Sent> oldest = sending.pop();
        try {
            Sent sent = oldest.get();
            parts.add(sent.part());
            free.push(sent.buffer());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while sending a part to S3");
        } catch (ExecutionException | CancellationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof SdkException s) {
                throw S3Storage.failure(s, path);
            }
            throw new IOException("sending a part to S3 failed", cause);
        }
    }

    /** Every part in flight stored, or the first failure among them once all have ended. */
    private void awaitAll() throws IOException {
        IOException first = null;
        while (!sending.isEmpty()) {
            try {
                awaitOldest();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    protected void publish() throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (uploadId == null) {
            byte[] whole = buffer;
            int length = filled;
            S3Storage.call(path, () -> storage.client().putObject(b -> b.bucket(storage.bucket()).key(key),
                    RequestBody.fromContentProvider(() -> new ByteArrayInputStream(whole, 0, length), length,
                            "application/octet-stream")));
        } else {
            if (filled > 0) {
                int number = ++partsStarted;
                parts.add(S3Storage.call(path, () -> sendPart(number, buffer, filled)));
            }
            awaitAll();
            parts.sort(Comparator.comparingInt(CompletedPart::partNumber));
            S3Storage.call(path, () -> storage.client().completeMultipartUpload(b -> b.bucket(storage.bucket())
                    .key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts))));
        }
        release();
    }

    /**
     * The parts in flight are awaited first: aborting while one is being stored could leave it
     * behind, since S3 may keep a part that finishes after the abort.
     */
    @Override
    protected void discard() {
        try {
            awaitAll();
        } catch (IOException e) {
            // Their failure is why we are here, or no matter now: the whole upload goes.
        }
        if (uploadId != null) {
            storage.abortQuietly(key, uploadId);
        }
        if (holdsName) {
            try {
                S3Storage.call(path, () -> storage.client().deleteObject(b -> b.bucket(storage.bucket()).key(key)));
            } catch (IOException e) {
                LOG.warn("Could not remove the placeholder of an aborted STOU at {}: {}", key, e.toString());
            }
        }
        release();
    }

    private void release() {
        buffer = null;
        free.clear();
    }
}
