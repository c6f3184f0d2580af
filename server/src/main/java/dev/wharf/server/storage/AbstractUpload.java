package dev.wharf.server.storage;

import java.io.IOException;

/**
 * The life cycle every {@link Upload} keeps, written once for every backend: writes until it ends;
 * exactly one of {@link #commit} and {@link #abort}, once; a failed write remembered and thrown again
 * by the next write and by commit, so a partial file is never published; a failed commit aborts; and
 * close aborts unless the upload ended. A backend says how bytes are written, made visible and
 * thrown away.
 */
public abstract class AbstractUpload implements Upload {
    private boolean ended;
    private IOException writeFailure;

    /** For a backend's upload to extend. */
    protected AbstractUpload() {
    }

    /** Writes bytes on their way to the file (buffered, sent, written to a temporary...). */
    protected abstract void writeBytes(byte[] bytes, int offset, int length) throws IOException;

    /** Makes every byte written durable and visible (the rename, the multipart completion). */
    protected abstract void publish() throws IOException;

    /** Throws away what {@link #publish} would have shown, as {@link Upload#abort} says; never throws. */
    protected abstract void discard();

    @Override
    public final void write(byte[] bytes, int offset, int length) throws IOException {
        if (ended) {
            throw new IllegalStateException("the upload has ended");
        }
        if (writeFailure != null) {
            throw writeFailure;
        }
        try {
            writeBytes(bytes, offset, length);
        } catch (IOException e) {
            writeFailure = e;
            throw e;
        }
    }

    @Override
    public final void commit() throws IOException {
        if (ended) {
            throw new IllegalStateException("the upload has ended");
        }
        ended = true;
        try {
            if (writeFailure != null) {
                throw writeFailure;
            }
            publish();
        } catch (IOException | RuntimeException e) {
            discard();
            throw e;
        }
    }

    @Override
    public final void abort() {
        if (!ended) {
            ended = true;
            discard();
        }
    }

    @Override
    public final void close() {
        abort();
    }
}
