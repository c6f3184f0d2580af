package dev.wharf.server.session;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The file side of an upload. 226 promises the data is on disk, so the upload ends with an fsync;
 * but one fsync of a whole 1 GiB file took 0.7 to 2 s on the benchmark machine's disk, as long as
 * receiving the file itself. So while the upload is still arriving, every {@link #FLUSH_EVERY}
 * bytes a background thread flushes what has been written so far, and the fsync before 226 has
 * only the tail left to write. The channel stays open after {@link #close()}: the caller owns it.
 */
final class UploadFile extends OutputStream {
    static final long FLUSH_EVERY = 64L << 20;

    private final FileChannel channel;
    private long sinceFlush;
    private Thread flushing;
    private volatile IOException flushFailure;

    UploadFile(FileChannel channel) {
        this.channel = channel;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        ByteBuffer src = ByteBuffer.wrap(b, off, len);
        while (src.hasRemaining()) {
            channel.write(src);
        }
        sinceFlush += len;
        if (sinceFlush >= FLUSH_EVERY && (flushing == null || !flushing.isAlive())) {
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

    /** Waits for a background flush, then makes everything written durable: call before 226. */
    void sync() throws IOException {
        awaitBackgroundFlush();
        if (flushFailure != null) {
            throw flushFailure;
        }
        channel.force(false);
    }

    /** Never leaves a flush running on a channel the caller is about to close. */
    @Override
    public void close() throws IOException {
        awaitBackgroundFlush();
    }

    private void awaitBackgroundFlush() throws IOException {
        if (flushing != null) {
            try {
                flushing.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while flushing the upload to disk");
            }
        }
    }
}
