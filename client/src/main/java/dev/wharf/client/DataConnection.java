package dev.wharf.client;

import dev.wharf.protocol.tls.Tls;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Optional;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * One open data connection, plain (PROT C) or TLS (PROT P, after {@link #startTls}). With TLS the
 * client is always the TLS client (RFC 4217 7) and the handshake resumes the control connection's
 * session: the TCP socket reports the control port, so JSSE's session cache offers the control
 * session (jsse-notes Q1). Made by {@link ControlConnection#connectData} or by a session's transfers.
 */
public final class DataConnection implements Closeable {
    static final int BUFFER_SIZE = 64 * 1024; // jsse-notes Q4: 64 KiB writes are 15-30% faster than 16 KiB

    private final Socket raw;
    private final String host;
    private SSLSocket tls;
    private DataTls report;
    private boolean inputEnded; // the peer's close_notify (or FIN) was read

    /**
     * @param raw  a connected socket from {@link Tls#sessionSharingSocket}
     * @param host the host string of the control connection: both pick the control session in the cache
     */
    DataConnection(Socket raw, String host) {
        this.raw = raw;
        this.host = host;
    }

    /**
     * The TLS handshake as the client, after the server's 1xx reply to the transfer command. With the
     * control connection's layer it resumes the control session; with a new layer it cannot.
     *
     * @param controlSession the control connection's TLS session (also after CCC), which the report
     *                       says whether this one resumed; null when there is none
     */
    public DataTls startTls(Tls layer, SSLSession controlSession) throws IOException {
        tls = layer.clientHandshake(raw, host);
        SSLSession data = tls.getSession();
        // SessionOrigin: a resumed session keeps the original's creation time and peer host and port.
        report = new DataTls(data.getProtocol(), data.getCipherSuite(), Tls.resumedFrom(data, controlSession));
        return report;
    }

    /** How the connection is protected, or empty before {@link #startTls} (PROT C). */
    public Optional<DataTls> tls() {
        return Optional.ofNullable(report);
    }

    public InputStream input() throws IOException {
        return tls != null ? tls.getInputStream() : raw.getInputStream();
    }

    public OutputStream output() throws IOException {
        return tls != null ? tls.getOutputStream() : raw.getOutputStream();
    }

    /**
     * Ends an upload. With TLS: send close_notify, then read to the end, so that TLS 1.3 session
     * tickets the server sent are processed and the next data connection can resume too (jsse-notes
     * Q1: without this, uploads run out of tickets). The read is bounded: a server that never closes
     * its side costs at most {@code drainMillis}.
     */
    void finishUpload(int drainMillis) throws IOException {
        if (tls == null) {
            raw.shutdownOutput();
            return;
        }
        tls.getOutputStream().flush();
        tls.shutdownOutput();
        raw.setSoTimeout(drainMillis);
        try {
            byte[] sink = new byte[4096];
            InputStream in = tls.getInputStream();
            while (in.read(sink) >= 0) {
                // The server sends nothing after an upload but tickets and close_notify.
            }
            inputEnded = true;
        } catch (IOException ignored) {
            // The server closed without close_notify or took too long: the data was sent; its
            // final reply says whether it arrived.
        }
    }

    /** A download read the end of the stream: the server's close_notify, so TLS can close cleanly. */
    void inputEnded() {
        inputEnded = true;
    }

    /**
     * Closes TLS and TCP. close_notify is sent only when the server's was read: otherwise JSSE's TLS 1.3
     * close would block waiting for the peer (jsse-notes Q3), and the transfer failed anyway.
     */
    @Override
    public void close() {
        if (tls != null && inputEnded) {
            try {
                tls.close();
            } catch (IOException ignored) {
                // Closing anyway.
            }
        }
        ControlConnection.closeQuietly(raw);
    }

    /**
     * After ABOR: reads and discards what the server still sends, until it closes the connection or
     * {@code maxMillis} pass, so a server that reacts to ABOR ends the transfer on its own terms.
     */
    void drainAfterAbort(int maxMillis) {
        long deadline = System.nanoTime() + maxMillis * 1_000_000L;
        try {
            raw.setSoTimeout(Math.max(1, Math.min(250, maxMillis)));
            InputStream in = input();
            byte[] sink = new byte[BUFFER_SIZE];
            while (System.nanoTime() < deadline) {
                try {
                    if (in.read(sink) < 0) {
                        return;
                    }
                } catch (SocketTimeoutException quiet) {
                    // Nothing arrived in this slice; keep waiting until the deadline.
                }
            }
        } catch (IOException ignored) {
            // The connection is gone: nothing left to drain.
        }
    }

    /** Closes the TCP socket at once: a blocked read or write fails. */
    void abort() {
        ControlConnection.closeQuietly(raw);
    }
}
