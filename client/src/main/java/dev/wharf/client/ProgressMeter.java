package dev.wharf.client;

import java.time.Duration;

/** Turns the bytes a transfer has moved into {@link TransferProgress} for its listener. */
final class ProgressMeter {
    private final String path;
    private final long offset;
    private final long total;
    private final TransferListener listener;
    private long startNanos;

    ProgressMeter(String path, long offset, long total, TransferListener listener) {
        this.path = path;
        this.offset = offset;
        this.total = total;
        this.listener = listener;
    }

    /** For transfers nobody watches: listings, and the methods without a listener. */
    static ProgressMeter none() {
        return new ProgressMeter("", 0, -1, TransferListener.NONE);
    }

    /** The data connection is open: the clock starts (again, if the transfer is retried) at 0 bytes. */
    void start() {
        startNanos = System.nanoTime();
        moved(0);
    }

    /** {@code bytes} moved on the data connection so far. */
    @SuppressWarnings("ReferenceEquality") // NONE is a sentinel that wants no progress at all
    void moved(long bytes) {
        if (listener == TransferListener.NONE) {
            return;
        }
        listener.progress(new TransferProgress(path, offset + bytes, total, offset,
                Duration.ofNanos(System.nanoTime() - startNanos)));
    }
}
