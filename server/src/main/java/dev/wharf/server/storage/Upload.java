package dev.wharf.server.storage;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A file being written, from {@link Storage#openWrite}. It ends in exactly one of two ways:
 * {@link #commit()} once every byte has arrived (under TLS: after the client's close_notify), or
 * {@link #abort()}. {@link #close()} without a commit aborts, so try-with-resources never
 * publishes a broken upload. One transfer uses it, one thread at a time (STOU may open it on
 * the command thread and write it on the transfer thread).
 */
public interface Upload extends Closeable {
    void write(byte[] bytes, int offset, int length) throws IOException;

    /**
     * Makes the upload durable and visible, then returns: a 226 may follow. A commit that fails
     * has aborted (a {@link WriteMode#REPLACE} upload left the old content). After a failed
     * {@link #write}, commit throws that failure again rather than publish a partial file.
     */
    void commit() throws IOException;

    /**
     * Ends without publishing: a {@link WriteMode#REPLACE} or {@link WriteMode#CREATE_NEW} upload
     * leaves no trace; an in-place one ({@link WriteMode#APPEND}, {@link WriteMode#atOffset}) keeps
     * what was written, so its client can resume with REST. Never throws: what cannot be removed
     * now is removed at the next start.
     */
    void abort();

    /** Aborts unless {@link #commit()} or {@link #abort()} came first. */
    @Override
    void close();

    /**
     * This upload as a stream, for the copy loop and TYPE A's line-ending filter. Closing the
     * stream does not end the upload: only commit and abort do.
     */
    default OutputStream asStream() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                Upload.this.write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                Upload.this.write(b, off, len);
            }
        };
    }
}
