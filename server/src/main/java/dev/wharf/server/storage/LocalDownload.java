package dev.wharf.server.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.util.function.LongConsumer;

/** A file of a {@code java.nio.file} root being read; on the default file system, sent with sendfile. */
final class LocalDownload implements Download {
    /** Steps of at most this much, so STAT sees progress and a shrinking file is noticed. */
    private static final long SEND_STEP = 8L << 20;

    private final FileChannel file;
    private final long size;
    private final boolean zeroCopy;

    LocalDownload(FileChannel file, long size, boolean zeroCopy) {
        this.file = file;
        this.size = size;
        this.zeroCopy = zeroCopy;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return file.read(dst);
    }

    /** PROT C, TYPE I: the file goes to the socket without passing through the heap (sendfile). */
    @Override
    public long transferTo(WritableByteChannel target, LongConsumer sent) throws IOException {
        if (!zeroCopy) {
            return Download.super.transferTo(target, sent);
        }
        long pos = file.position();
        long end = file.size();
        long total = 0;
        while (pos < end) {
            long n = file.transferTo(pos, Math.min(end - pos, SEND_STEP), target);
            if (n <= 0 && file.size() < end) {
                break; // the file shrank while being sent
            }
            pos += n;
            total += n;
            sent.accept(n);
        }
        file.position(pos);
        return total;
    }

    @Override
    public boolean isOpen() {
        return file.isOpen();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
