package dev.wharf.server.session;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import dev.wharf.protocol.tls.TlsConnection;

/**
 * One open data connection, clear or TLS-protected, for one transfer. It knows how to end the
 * transfer properly in each direction, which is where FTPS loses data if done carelessly.
 */
final class DataConnection implements Closeable {
    static final int BUFFER = 64 * 1024; // 64 KiB writes: ~20% faster TLS than 16 KiB (jsse-notes Q4)

    private final Socket raw;
    private final TlsConnection tls;
    private final boolean tlsResumed;
    private OutputStream out;

    DataConnection(Socket raw, TlsConnection tls, boolean tlsResumed) {
        this.raw = raw;
        this.tls = tls;
        this.tlsResumed = tlsResumed;
    }

    /** Whether its TLS handshake resumed a session; null for a clear connection. */
    Boolean tlsResumed() {
        return tls == null ? null : tlsResumed;
    }

    javax.net.ssl.SSLSession tlsSession() {
        return tls == null ? null : tls.session();
    }

    /** The socket's channel for zero-copy sends, when the connection is clear. */
    java.nio.channels.SocketChannel rawChannel() {
        return tls == null ? raw.getChannel() : null;
    }

    boolean isTls() {
        return tls != null;
    }

    InputStream in() throws IOException {
        return tls != null ? tls.in() : raw.getInputStream();
    }

    OutputStream out() throws IOException {
        if (out == null) {
            out = new BufferedOutputStream(tls != null ? tls.out() : raw.getOutputStream(), BUFFER);
        }
        return out;
    }

    /**
     * The last byte has been written: flush, send close_notify under TLS (RFC 4217 10: the end of the
     * data is marked by closure, and a TLS closure proves it was not truncated), then FIN. Returns at
     * once; the rest of the closing handshake happens in the background, so the 226 reply never
     * waits for a client that waits for it.
     */
    void finishSending() throws IOException {
        if (out != null) {
            out.flush();
        }
        if (tls != null) {
            tls.closeOutbound(); // close_notify
        }
        raw.shutdownOutput(); // FIN
        drainAndCloseLater();
    }

    /**
     * An upload ended: the client sent close_notify (the read returned -1 under TLS). Answer with
     * the session tickets held back during the upload and our close_notify, then close.
     */
    void finishReceiving() {
        try {
            if (tls != null) {
                tls.closeOutbound();
            }
        } catch (IOException ignored) {
            // The client closed already; the upload itself is complete.
        }
        close();
    }

    /**
     * Reads what the client still sends (its close_notify, then EOF) before closing, so the
     * client's last records are not answered with a TCP reset.
     */
    private void drainAndCloseLater() {
        Thread.ofVirtual().name("wharf-data-close").start(() -> {
            try {
                raw.setSoTimeout(10_000);
                InputStream in = tls != null ? tls.in() : raw.getInputStream();
                byte[] buf = new byte[512];
                while (in.read(buf) >= 0) {
                    // discard
                }
            } catch (IOException ignored) {
                // Closed or timed out: either way, done.
            } finally {
                close();
            }
        });
    }

    /** Abort: drop the connection at once (ABOR, failures). */
    void abort() {
        try {
            raw.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // Closing anyway.
        }
        close();
    }

    @Override
    public void close() {
        try {
            raw.close();
        } catch (IOException ignored) {
            // Nothing left to do.
        }
    }
}
