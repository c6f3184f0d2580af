package dev.wharf.protocol;

import dev.wharf.protocol.tls.Tls;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * The control connection's transport, for both roles: one TCP socket whose streams are swapped
 * when TLS starts (AUTH, implicit FTPS) and ends (CCC, REIN: RFC 4217 6 and 13), with line reading
 * and writing over whichever layer is current. The server's session, the client library, the
 * probe and the test clients all run on it, so the subtle parts live once: the bytes of a
 * ClientHello read ahead with the AUTH line are handed to the handshake, a shutdown reads exactly
 * up to the peer's close_notify (jsse-notes Q3), and closing sends close_notify without blocking.
 *
 * <p>One thread reads; writes may come from two (a server's session and its running transfer), so
 * writing and swapping the layers synchronize on the transport; a caller that needs several writes
 * to go out together holds its monitor around them.
 */
public final class ControlTransport implements Closeable {
    private final Socket raw;
    private final int maxLineLength;
    private final boolean refusesTelnetOptions;
    private volatile SSLSocket tls; // volatile: close() may come from another thread (a server stop)
    private ControlLineReader lines;
    private OutputStream out;

    private ControlTransport(Socket raw, int maxLineLength, boolean refusesTelnetOptions) throws IOException {
        this.raw = raw;
        this.maxLineLength = maxLineLength;
        this.refusesTelnetOptions = refusesTelnetOptions;
        raw.setTcpNoDelay(true); // commands and replies are small and latency-bound (jsse-notes Q1: Nagle costs ~90 ms per handshake)
        use(raw.getInputStream(), raw.getOutputStream());
    }

    /** The server's side: Telnet option requests in commands are refused (RFC 1123 4.1.2.12). */
    public static ControlTransport server(Socket raw, int maxLineLength) throws IOException {
        return new ControlTransport(raw, maxLineLength, true);
    }

    /** The client's side: replies are read, Telnet options in them are dropped. */
    public static ControlTransport client(Socket raw, int maxLineLength) throws IOException {
        return new ControlTransport(raw, maxLineLength, false);
    }

    private synchronized void use(InputStream in, OutputStream rawOut) {
        out = new BufferedOutputStream(rawOut, 1024);
        lines = new ControlLineReader(in, refusesTelnetOptions ? out : null, maxLineLength);
    }

    /** The reader of the current layer. It changes when TLS starts or ends: ask again after that. */
    public ControlLineReader lines() {
        return lines;
    }

    /** The next line, waiting at most {@code timeoutMillis} (0: forever); null at end of stream. */
    public String readLine(int timeoutMillis) throws IOException {
        raw.setSoTimeout(timeoutMillis);
        return lines.readLine();
    }

    public void setReadTimeout(int millis) throws IOException {
        raw.setSoTimeout(millis);
    }

    public synchronized void write(byte[] bytes) throws IOException {
        write(bytes, 0, bytes.length);
    }

    /** Writes and flushes: each call is one TLS record at most when protected. */
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
        out.flush();
    }

    /**
     * Starts TLS as the server, handing the handshake the bytes of the ClientHello already read
     * with the AUTH line (a client may send it right behind the command).
     *
     * @param offeredTickets told the PSK identities the client offered, for the ticket policy
     */
    public SSLSession acceptTls(Tls layer, Consumer<List<byte[]>> offeredTickets) throws IOException {
        byte[] alreadyRead = lines.drainBuffered();
        SSLSocket socket = layer.serverHandshake(raw, alreadyRead, offeredTickets);
        switchTo(socket);
        return socket.getSession();
    }

    /**
     * Starts TLS as the client, after a 234 reply to AUTH or at once for implicit FTPS; the
     * certificate is checked by the layer's trust manager against {@code host}.
     *
     * @throws ProtocolException when the server sent more after its 234: those bytes would be
     *     taken for the start of its handshake
     */
    public SSLSession startTls(Tls layer, String host) throws IOException {
        if (lines.hasBuffered()) {
            throw new ProtocolException("the server sent data after its reply to AUTH, before the TLS handshake");
        }
        SSLSocket socket = layer.clientHandshake(raw, host);
        switchTo(socket);
        return socket.getSession();
    }

    private synchronized void switchTo(SSLSocket socket) throws IOException {
        tls = socket;
        use(socket.getInputStream(), socket.getOutputStream());
    }

    /**
     * Ends TLS and goes on in the clear on the same TCP connection: close_notify both ways, reading
     * exactly up to the peer's. Call after the reply that announces it (CCC's 200, REIN's reply).
     * Anything but {@link Tls.Shutdown#CLEAN} leaves the connection unusable.
     */
    public synchronized Tls.Shutdown stopTls(int timeoutMillis) throws IOException {
        Tls.Shutdown result = Tls.shutdown(tls, raw, timeoutMillis);
        if (result == Tls.Shutdown.CLEAN) {
            tls = null;
            use(raw.getInputStream(), raw.getOutputStream());
        }
        return result;
    }

    public boolean isTls() {
        return tls != null;
    }

    public Optional<SSLSession> tlsSession() {
        SSLSocket current = tls;
        return current == null ? Optional.empty() : Optional.of(current.getSession());
    }

    /** The TLS socket while protected, for callers that drive TLS itself (renegotiation tests). */
    public Optional<SSLSocket> tlsSocket() {
        return Optional.ofNullable(tls);
    }

    /** The TCP socket under every layer. */
    public Socket socket() {
        return raw;
    }

    public InetSocketAddress peer() {
        return (InetSocketAddress) raw.getRemoteSocketAddress();
    }

    public InetSocketAddress local() {
        return (InetSocketAddress) raw.getLocalSocketAddress();
    }

    public boolean isClosed() {
        return raw.isClosed();
    }

    /** Sends close_notify when protected, then closes the TCP connection. Never throws, never blocks on the peer. */
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
