package dev.wharf.server.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.function.LongConsumer;

/**
 * A file being read, from {@link Storage#openRead}: a channel positioned at the requested offset
 * (REST, a HASH range). One transfer uses it, one thread at a time.
 */
public interface Download extends ReadableByteChannel {
    /** The whole file's size when it was opened, whatever the offset (the 150 reply names it). */
    long size();

    /**
     * Sends the rest of the file to {@code target}, telling {@code sent} each step so STAT can
     * show progress; returns the bytes sent. Where the storage has
     * {@link Capability#ZERO_COPY_SEND} the bytes skip the heap; otherwise this copies.
     */
    default long transferTo(WritableByteChannel target, LongConsumer sent) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        long total = 0;
        while (read(buffer) >= 0) {
            buffer.flip();
            while (buffer.hasRemaining()) {
                int n = target.write(buffer);
                total += n;
                sent.accept(n);
            }
            buffer.clear();
        }
        return total;
    }
}
