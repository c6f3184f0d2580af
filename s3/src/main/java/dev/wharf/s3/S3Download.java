package dev.wharf.s3;

import dev.wharf.server.storage.Download;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The body of a ranged GET. Closed before its end (ABOR, a client gone), the HTTP connection is
 * dropped rather than read to the end of the object; read to the end, it goes back to the pool.
 */
final class S3Download implements Download {
    private final ResponseInputStream<GetObjectResponse> body;   // null: nothing to read (REST at the end)
    private final ReadableByteChannel channel;
    private final long size;
    private boolean open = true;
    private boolean ended;

    S3Download(ResponseInputStream<GetObjectResponse> body, long size) {
        this.body = body;
        this.channel = body == null ? Channels.newChannel(InputStream.nullInputStream()) : Channels.newChannel(body);
        this.size = size;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int n = channel.read(dst);
        if (n < 0) {
            ended = true;
        }
        return n;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() throws IOException {
        if (open) {
            open = false;
            if (body != null && !ended) {
                body.abort();
            }
            channel.close();
        }
    }
}
