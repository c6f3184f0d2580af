package dev.wharf.s3;

import dev.wharf.server.storage.StoragePath;
import dev.wharf.server.storage.Upload;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * An upload to S3 that no reader sees before {@link #commit()}. The bytes go out in parts of
 * {@link S3Storage#PART_SIZE} as they arrive, so the file is never held whole: the first full part
 * starts a multipart upload, and each part is sent by a background thread while the next one fills,
 * so receiving and sending overlap with at most two parts in memory. Commit sends the last part and
 * completes the upload, which is when the object appears; a file smaller than a part is one
 * PutObject at commit. Abort, close without commit and a failed commit abort the multipart
 * upload, which drops every part already stored (and for STOU delete the name's placeholder).
 */
final class S3Upload implements Upload {
    static final Logger LOG = LoggerFactory.getLogger(S3Upload.class);
    private static final Executor PART_SENDER = part -> Thread.ofVirtual().name("s3-part").start(part);
    private static final int FIRST_BUFFER = 64 * 1024;

    private final S3Storage storage;
    private final StoragePath path;
    private final String key;
    private final boolean holdsName;
    private final List<CompletedPart> parts = new ArrayList<>();
    private byte[] buffer = new byte[FIRST_BUFFER];
    private byte[] spare;
    private int filled;
    private String uploadId;
    private CompletableFuture<byte[]> sending;   // the part in flight; gives its buffer back
    private IOException failure;
    private boolean ended;

    /** {@code holdsName}: STOU made a zero-byte object at {@code key} that an abort removes. */
    S3Upload(S3Storage storage, StoragePath path, String key, boolean holdsName) {
        this.storage = storage;
        this.path = path;
        this.key = key;
        this.holdsName = holdsName;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (ended) {
            throw new IllegalStateException("the upload has ended");
        }
        if (failure != null) {
            throw failure;
        }
        try {
            while (length > 0) {
                if (filled == buffer.length && buffer.length < S3Storage.PART_SIZE) {
                    buffer = java.util.Arrays.copyOf(buffer, Math.min(buffer.length * 2, S3Storage.PART_SIZE));
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

    /** Hands the full buffer to the sender and carries on in the spare one. */
    private void sendFullPart() throws IOException {
        if (uploadId == null) {
            uploadId = S3Storage.call(path, () -> storage.client().createMultipartUpload(
                    b -> b.bucket(storage.bucket()).key(key))).uploadId();
        }
        byte[] next = awaitSending();
        byte[] full = buffer;
        int length = filled;
        int number = parts.size() + 1;
        sending = CompletableFuture.supplyAsync(() -> {
            parts.add(sendPart(number, full, length));
            return full;
        }, PART_SENDER);
        buffer = next != null ? next : spare != null ? spare : new byte[S3Storage.PART_SIZE];
        spare = null;
        filled = 0;
    }

    private CompletedPart sendPart(int number, byte[] bytes, int length) {
        String etag = storage.client().uploadPart(b -> b.bucket(storage.bucket()).key(key).uploadId(uploadId)
                        .partNumber(number).contentLength((long) length),
                RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, 0, length), length,
                        "application/octet-stream")).eTag();
        return CompletedPart.builder().partNumber(number).eTag(etag).build();
    }

    /** Waits for the part in flight (its failure is this upload's) and returns its buffer. */
    private byte[] awaitSending() throws IOException {
        if (sending == null) {
            return null;
        }
        CompletableFuture<byte[]> inFlight = sending;
        sending = null;
        try {
            return inFlight.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while sending a part to S3");
        } catch (ExecutionException | CompletionException | CancellationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof software.amazon.awssdk.core.exception.SdkException s) {
                throw S3Storage.failure(s, path);
            }
            throw new IOException("sending a part to S3 failed", cause);
        }
    }

    @Override
    public void commit() throws IOException {
        if (ended) {
            throw new IllegalStateException("the upload has ended");
        }
        ended = true;
        try {
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
                spare = awaitSending();
                if (filled > 0 || parts.isEmpty()) {
                    parts.add(S3Storage.call(path, () -> sendPart(parts.size() + 1, buffer, filled)));
                }
                S3Storage.call(path, () -> storage.client().completeMultipartUpload(b -> b.bucket(storage.bucket())
                        .key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts))));
            }
            release();
        } catch (IOException | RuntimeException e) {
            discard();
            throw e;
        }
    }

    @Override
    public void abort() {
        if (!ended) {
            ended = true;
            discard();
        }
    }

    @Override
    public void close() {
        abort();
    }

    /**
     * The part in flight is awaited first: aborting while it is being stored could leave it behind,
     * since S3 may keep a part that finishes after the abort.
     */
    private void discard() {
        try {
            awaitSending();
        } catch (IOException e) {
            // Its failure is why we are here, or no matter now: the whole upload goes.
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
        spare = null;
    }
}
