package dev.wharf.server.session;

import dev.wharf.protocol.ControlLineReader;
import dev.wharf.protocol.Reply;
import dev.wharf.protocol.tls.Tls;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * The control connection: one TCP socket whose streams are swapped when TLS starts (AUTH, implicit
 * FTPS) and ends (CCC, REIN). Commands are read by one thread; replies may be sent by two (the
 * session and, later, a transfer), so sending is synchronized.
 */
final class ControlChannel implements Control {
    private final Socket raw;
    private final int maxLineLength;
    private volatile SSLSocket tls; // also read by close(), which a server stop calls from another thread
    private java.util.List<byte[]> offeredTickets = java.util.List.of();
    private ControlLineReader reader;
    private OutputStream out;

    ControlChannel(Socket raw, int maxLineLength) throws IOException {
        this.raw = raw;
        this.maxLineLength = maxLineLength;
        raw.setTcpNoDelay(true); // replies are small and latency-bound (jsse-notes Q1: Nagle costs ~90 ms per handshake)
        useClearStreams();
    }

    private void useClearStreams() throws IOException {
        out = new BufferedOutputStream(raw.getOutputStream(), 1024);
        reader = new ControlLineReader(raw.getInputStream(), out, maxLineLength);
    }

    /** The next command line, or null when the client closed the connection. */
    @Override
    public String readLine(int timeoutMillis) throws IOException {
        raw.setSoTimeout(timeoutMillis);
        if (tls == null && reader.peek() == TLS_HANDSHAKE_RECORD) {
            throw new TlsOnClearConnectionException();
        }
        return reader.readLine();
    }

    /** The first byte of a TLS handshake record: no FTP command starts with it. */
    private static final int TLS_HANDSHAKE_RECORD = 0x16;

    /** A client started TLS where plain FTP was expected: an implicit-FTPS client on the explicit port. */
    static final class TlsOnClearConnectionException extends IOException {
        TlsOnClearConnectionException() {
            super("the client started a TLS handshake on a clear control connection");
        }
    }

    @Override
    public synchronized void send(Reply reply) throws IOException {
        out.write(reply.encodeBytes());
        out.flush();
    }

    /** Starts TLS as the server, handing over any bytes of the ClientHello already read. */
    @Override
    public synchronized void sendInTwoRecords(Reply reply) throws IOException {
        byte[] bytes = reply.encodeBytes();
        out.write(bytes, 0, 1);
        out.flush(); // one record; JSSE writes what a session change queued (a ticket) right after it
        out.write(bytes, 1, bytes.length - 1);
        out.flush();
    }

    @Override
    public void startTls(Tls tlsLayer) throws IOException {
        byte[] alreadyRead = reader.drainBuffered();
        SSLSocket socket = tlsLayer.serverHandshake(raw, alreadyRead, offered -> offeredTickets = offered);
        synchronized (this) {
            tls = socket;
            out = new BufferedOutputStream(socket.getOutputStream(), 1024);
            reader = new ControlLineReader(socket.getInputStream(), out, maxLineLength);
        }
    }

    /**
     * Ends TLS and goes on in the clear on the same TCP connection. Call only after the reply that
     * announces it has been sent.
     */
    @Override
    public Tls.Shutdown stopTls(int timeoutMillis) throws IOException {
        Tls.Shutdown result;
        synchronized (this) {
            result = Tls.shutdown(tls, raw, timeoutMillis);
            if (result == Tls.Shutdown.CLEAN) {
                tls = null;
                useClearStreams();
            }
        }
        return result;
    }

    @Override
    public java.util.List<byte[]> offeredTickets() {
        return offeredTickets;
    }

    @Override
    public SSLSession tlsSession() {
        return tls == null ? null : tls.getSession();
    }

    @Override
    public InetSocketAddress peer() {
        return (InetSocketAddress) raw.getRemoteSocketAddress();
    }

    @Override
    public InetSocketAddress local() {
        return (InetSocketAddress) raw.getLocalSocketAddress();
    }


    @Override
    public void close() {
        SSLSocket protectedConnection = tls;
        if (protectedConnection != null) {
            // RFC 8446 6.1, RFC 5246 7.2.1: close_notify before closing. shutdownOutput() only sends it;
            // SSLSocket.close() could block reading the peer's (jsse-notes Q3).
            try {
                protectedConnection.shutdownOutput();
            } catch (IOException ignored) {
                // The connection is already broken: there is no one to notify.
            }
        }
        try {
            raw.close();
        } catch (IOException ignored) {
            // Closing a socket that failed: nothing more to do.
        }
    }
}
