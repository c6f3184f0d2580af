package dev.wharf.protocol.tls;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

/**
 * TLS over a blocking socket through an {@link SSLEngine}, for data connections. Unlike
 * {@code SSLSocket} it decides when each TLS record goes on the wire, which FTPS needs in one place:
 *
 * <p>A TLS 1.3 server sends a NewSessionTicket right after the handshake. On an upload the client
 * never reads, so when it closes the connection the unread ticket makes its kernel send a TCP reset
 * instead of a FIN, and the reset destroys upload data the server has not read yet (curl #6149; curl
 * uploads to vsftpd over TLS 1.3 fail this way). With {@code holdTickets} the tickets are kept back
 * and sent just before our close_notify, after the whole upload has been read.
 */
public final class TlsConnection {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private static final int NET_IN_BYTES = 128 * 1024;

    private final SSLEngine engine;
    private final InputStream rawIn;
    private final RenegotiationGuard guard;
    private final OutputStream rawOut;
    private final boolean holdTickets;
    private ByteBuffer netIn;   // read mode: bytes from the socket not yet unwrapped
    private ByteBuffer appIn;   // read mode: plaintext not yet returned
    private ByteBuffer netOut;  // write mode: records not yet sent
    private ByteBuffer held;    // tickets kept back (read mode), or null
    private boolean inboundDone;
    private boolean outboundDone;
    private final InputStream in = new In();
    private final OutputStream out = new Out();

    TlsConnection(SSLEngine engine, Socket socket, boolean holdTickets) throws IOException {
        this.engine = engine;
        // Only servers are ever asked to renegotiate by a peer: a client connection reads unguarded.
        this.guard = engine.getUseClientMode() ? null : new RenegotiationGuard(socket.getInputStream());
        this.rawIn = guard == null ? socket.getInputStream() : guard;
        this.rawOut = socket.getOutputStream();
        this.holdTickets = holdTickets;
        int packet = engine.getSession().getPacketBufferSize();
        // Room for several records per socket read: fewer system calls on uploads.
        this.netIn = ByteBuffer.allocate(Math.max(packet * 2, NET_IN_BYTES)).flip();
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize() * 2).flip();
        this.netOut = ByteBuffer.allocate(packet * 4);
    }

    public SSLSession session() {
        return engine.getSession();
    }

    public InputStream in() {
        return in;
    }

    public OutputStream out() {
        return out;
    }

    void handshake() throws IOException {
        engine.beginHandshake();
        HandshakeStatus hs = engine.getHandshakeStatus();
        while (hs != HandshakeStatus.FINISHED && hs != HandshakeStatus.NOT_HANDSHAKING) {
            switch (hs) {
                case NEED_WRAP -> hs = wrapHandshake();
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    SSLEngineResult r = unwrap();
                    if (r == null) {
                        throw new EOFException("the peer closed the connection during the TLS handshake");
                    }
                    hs = r.getHandshakeStatus();
                }
                case NEED_TASK -> {
                    runTasks();
                    hs = engine.getHandshakeStatus();
                }
                default -> throw new SSLException("unexpected handshake status " + hs);
            }
        }
        // A TLS 1.3 server still has its tickets to wrap after the handshake proper.
        while (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
            wrapHandshake();
        }
        flushNetOut();
    }

    private HandshakeStatus wrapHandshake() throws IOException {
        // No handshake context any more means the handshake is over: what is wrapped now is a
        // post-handshake message, the TLS 1.3 NewSessionTicket. Not under TLS 1.2, whose server
        // sends its ticket, ChangeCipherSpec and Finished in one last flight after the context is
        // gone: holding that flight back left the client waiting for the handshake to end.
        boolean postHandshake = engine.getHandshakeSession() == null
                && "TLSv1.3".equals(engine.getSession().getProtocol());
        if (holdTickets && postHandshake) {
            ByteBuffer buf = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            SSLEngineResult r = engine.wrap(EMPTY, buf);
            buf.flip();
            held = append(held, buf);
            return r.getHandshakeStatus();
        }
        ensureNetOutRoom();
        SSLEngineResult r = engine.wrap(EMPTY, netOut);
        if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
            flushNetOut();
            throw new SSLException("TLS closed during the handshake");
        }
        flushNetOut();
        return r.getHandshakeStatus();
    }

    /** Unwraps one record's worth into {@code appIn}; returns null at end of stream. */
    private SSLEngineResult unwrap() throws IOException {
        while (true) {
            appIn.compact();
            SSLEngineResult r;
            try {
                r = unwrapInto(appIn);
            } finally {
                appIn.flip();
            }
            if (r == null || r.getStatus() != SSLEngineResult.Status.BUFFER_OVERFLOW) {
                return r;
            }
            appIn = grow(appIn, engine.getSession().getApplicationBufferSize());
        }
    }

    /**
     * Unwraps one record into {@code dst} (write mode), reading the socket only when no whole
     * record is buffered; returns null at end of stream, and BUFFER_OVERFLOW to the caller.
     */
    private SSLEngineResult unwrapInto(ByteBuffer dst) throws IOException {
        while (true) {
            SSLEngineResult r = engine.unwrap(netIn, dst);
            switch (r.getStatus()) {
                case OK, CLOSED -> {
                    if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                        runTasks();
                    }
                    return r;
                }
                case BUFFER_OVERFLOW -> {
                    return r;
                }
                case BUFFER_UNDERFLOW -> {
                    if (!readMore()) {
                        return null;
                    }
                }
            }
        }
    }

    /** True when {@code netIn} holds at least one whole TLS record (5-byte header, then its length). */
    private boolean wholeRecordBuffered() {
        int p = netIn.position();
        return netIn.remaining() >= 5
                && netIn.remaining() >= 5 + (((netIn.get(p + 3) & 0xFF) << 8) | (netIn.get(p + 4) & 0xFF));
    }

    private boolean readMore() throws IOException {
        if (netIn.limit() == netIn.capacity() && netIn.position() == 0) {
            netIn = grow(netIn, engine.getSession().getPacketBufferSize());
        }
        netIn.compact();
        try {
            int n = rawIn.read(netIn.array(), netIn.arrayOffset() + netIn.position(), netIn.remaining());
            if (n < 0) {
                return false;
            }
            netIn.position(netIn.position() + n);
            return true;
        } finally {
            netIn.flip();
        }
    }

    private int readApp(byte[] b, int off, int len) throws IOException {
        if (!appIn.hasRemaining() && len >= engine.getSession().getApplicationBufferSize()) {
            return readDirect(b, off, len);
        }
        while (!appIn.hasRemaining()) {
            if (inboundDone) {
                return -1;
            }
            SSLEngineResult r = unwrap();
            if (r == null) {
                // TCP ended without close_notify: the data may have been cut short (RFC 4217 10).
                inboundDone = true;
                throw new TruncatedException();
            }
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                inboundDone = true;
            }
            answerPostHandshake();
        }
        int n = Math.min(len, appIn.remaining());
        appIn.get(b, off, n);
        return n;
    }

    /**
     * Decrypts straight into the caller's buffer, and as many records as have already arrived: on
     * an upload this saves a copy of every byte and turns 16 KiB file writes into writes of the
     * caller's buffer size. It blocks only while nothing has been produced yet.
     */
    private int readDirect(byte[] b, int off, int len) throws IOException {
        ByteBuffer dst = ByteBuffer.wrap(b, off, len);
        int recordRoom = engine.getSession().getApplicationBufferSize();
        while (true) {
            if (inboundDone) {
                return dst.position() > off ? dst.position() - off : -1;
            }
            SSLEngineResult r = unwrapInto(dst);
            if (r == null) {
                // TCP ended without close_notify: the data may have been cut short (RFC 4217 10).
                inboundDone = true;
                throw new TruncatedException();
            }
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                // A record larger than the engine announced; the appIn path grows its buffer.
                return dst.position() > off ? dst.position() - off : readApp(b, off, recordRoom - 1);
            }
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                inboundDone = true;
            }
            answerPostHandshake();
            int produced = dst.position() - off;
            if (produced > 0 && !inboundDone && (dst.remaining() < recordRoom || !wholeRecordBuffered())) {
                return produced;
            }
        }
    }

    /** Sends what the engine must answer to a post-handshake message: a key update, or TLS 1.2's close_notify reply. */
    private void answerPostHandshake() throws IOException {
        while (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP && !outboundDone) {
            ensureNetOutRoom();
            SSLEngineResult w = engine.wrap(EMPTY, netOut);
            flushNetOut();
            if (w.getStatus() == SSLEngineResult.Status.CLOSED) {
                outboundDone = true;
            }
        }
    }

    private void writeApp(byte[] b, int off, int len) throws IOException {
        if (outboundDone) {
            throw new SSLException("TLS output already closed");
        }
        ByteBuffer src = ByteBuffer.wrap(b, off, len);
        while (src.hasRemaining()) {
            ensureNetOutRoom();
            SSLEngineResult r = engine.wrap(src, netOut);
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                throw new SSLException("TLS output already closed");
            }
            if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                runTasks();
            }
        }
    }

    /**
     * Sends the session tickets held back since the handshake. A server holds them until it has
     * accepted the connection, so a refused one gives the client no ticket to come back with.
     */
    public void sendHeldTickets() throws IOException {
        if (held != null && !outboundDone) {
            ensureNetOutRoom(held.remaining());
            netOut.put(held);
            held = null;
            flushNetOut();
        }
    }

    /**
     * The PSK identities (TLS 1.3 tickets) the client offered in its ClientHello: empty when it
     * offered none, or on a client connection.
     */
    public java.util.List<byte[]> offeredPskIdentities() {
        return guard == null ? java.util.List.of() : ClientHellos.pskIdentities(guard.firstClientHello());
    }

    /** Sends any held tickets, then close_notify. The connection can still be read to the peer's close_notify. */
    public void closeOutbound() throws IOException {
        if (outboundDone) {
            flushNetOut();
            return;
        }
        if (held != null) {
            ensureNetOutRoom(held.remaining());
            netOut.put(held);
            held = null;
        }
        engine.closeOutbound();
        while (!engine.isOutboundDone()) {
            ensureNetOutRoom();
            SSLEngineResult r = engine.wrap(EMPTY, netOut);
            if (r.getStatus() == SSLEngineResult.Status.CLOSED && r.bytesProduced() == 0) {
                break;
            }
        }
        outboundDone = true;
        flushNetOut();
    }


    private void ensureNetOutRoom() throws IOException {
        ensureNetOutRoom(engine.getSession().getPacketBufferSize());
    }

    private void ensureNetOutRoom(int needed) throws IOException {
        if (netOut.remaining() < needed) {
            flushNetOut();
            if (netOut.remaining() < needed) {
                netOut = ByteBuffer.allocate(needed + netOut.capacity());
            }
        }
    }

    private void flushNetOut() throws IOException {
        if (netOut.position() > 0) {
            rawOut.write(netOut.array(), netOut.arrayOffset(), netOut.position());
            netOut.clear();
        }
    }

    private void runTasks() {
        for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
            task.run();
        }
    }

    private static ByteBuffer grow(ByteBuffer readMode, int atLeast) {
        ByteBuffer bigger = ByteBuffer.allocate(readMode.capacity() + Math.max(atLeast, readMode.capacity()));
        bigger.put(readMode);
        return bigger.flip();
    }

    private static ByteBuffer append(ByteBuffer held, ByteBuffer more) {
        if (held == null) {
            ByteBuffer copy = ByteBuffer.allocate(more.remaining());
            copy.put(more);
            return copy.flip();
        }
        ByteBuffer both = ByteBuffer.allocate(held.remaining() + more.remaining());
        both.put(held).put(more);
        return both.flip();
    }


    /** The TCP connection ended without a TLS close_notify: the data may be truncated. */
    public static final class TruncatedException extends SSLException {
        public TruncatedException() {
            super("the connection ended without a TLS close_notify: the data may have been truncated");
        }
    }

    private final class In extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            try {
                return readApp(b, off, len);
            } catch (SocketTimeoutException e) {
                throw e;
            }
        }
    }

    private final class Out extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            writeApp(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            writeApp(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            flushNetOut();
        }
    }
}
