package dev.wharf.server.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.wharf.protocol.ControlLineReader;
import dev.wharf.protocol.Reply;
import dev.wharf.protocol.ReplyReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * A control connection driven by hand, byte by byte: a plain {@link Socket} that sends exactly the
 * lines and bytes a test gives it, reads replies exactly as the server wrote them, and starts and
 * ends TLS on the same TCP connection (AUTH TLS, CCC, REIN) the way RFC 4217 and jsse-notes Q3
 * describe.
 *
 * <p>It reads one byte at a time and never ahead, so that no byte of the next layer (a TLS record
 * after a plaintext reply, plaintext after close_notify) is taken by the wrong one.
 */
public final class RawClient implements Closeable {
    /** SO_TIMEOUT of every read: only there so that a broken server fails the test instead of hanging it. */
    public static final int TIMEOUT_MILLIS = 10_000;
    public static final String HOST = "127.0.0.1";

    private final Socket raw;
    private String[] tlsProtocols; // null: the JDK's defaults (TLS 1.3 and 1.2)
    private SSLSocket tls;
    private InputStream in;
    private OutputStream out;

    private RawClient(Socket raw) throws IOException {
        this.raw = raw;
        this.in = raw.getInputStream();
        this.out = raw.getOutputStream();
    }

    /** A TCP connection to {@code port} on loopback; nothing is sent or read yet. */
    public static RawClient connect(int port) throws IOException {
        return connectFrom(null, port);
    }

    /** A TCP connection to {@code port} on loopback from {@code local} (another loopback address, say; null: any). */
    public static RawClient connectFrom(InetAddress local, int port) throws IOException {
        Socket socket = new Socket();
        try {
            if (local != null) {
                socket.bind(new InetSocketAddress(local, 0));
            }
            socket.connect(new InetSocketAddress(InetAddress.getByName(HOST), port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            return new RawClient(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Restricts this client's handshakes to {@code protocols} ("TLSv1.2"...). */
    public RawClient tlsProtocols(String... protocols) {
        this.tlsProtocols = protocols.clone();
        return this;
    }

    // ---- sending ----

    /** Sends {@code line} followed by CRLF. */
    public void send(String line) throws IOException {
        sendBytes((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    public void sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    // ---- reading ----

    /** The next reply exactly as sent, CRLFs included; multi-line replies whole (RFC 959 4.2). */
    public String readRaw() throws IOException {
        String first = readLineRaw();
        var reply = new StringBuilder(first);
        if (first.length() > 3 && first.charAt(3) == '-') {
            String end = first.substring(0, 3) + " ";
            String line;
            do {
                line = readLineRaw();
                reply.append(line);
            } while (!line.startsWith(end));
        }
        return reply.toString();
    }

    /** The next reply, parsed by the protocol module's {@link ReplyReader}. */
    public Reply read() throws IOException {
        return parse(readRaw());
    }

    /** Reads the next reply and checks its code. */
    public Reply expectReply(int code) throws IOException {
        Reply reply = read();
        assertThat(reply.code()).as("reply %s", reply).isEqualTo(code);
        return reply;
    }

    public Reply command(String line) throws IOException {
        send(line);
        return read();
    }

    public String commandRaw(String line) throws IOException {
        send(line);
        return readRaw();
    }

    /** Sends {@code line} and checks the code of its reply. */
    public Reply expect(int code, String line) throws IOException {
        Reply reply = command(line);
        assertThat(reply.code()).as("reply to '%s': %s", line, reply).isEqualTo(code);
        return reply;
    }

    /** Exactly {@code n} bytes, for replies that are not lines (Telnet option refusals). */
    public byte[] readBytes(int n) throws IOException {
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed after " + i + " of " + n + " bytes");
            }
            bytes[i] = (byte) b;
        }
        return bytes;
    }

    public static Reply parse(String rawReply) throws IOException {
        var lines = new ControlLineReader(new ByteArrayInputStream(rawReply.getBytes(StandardCharsets.UTF_8)), 1 << 20);
        return new ReplyReader(lines).read();
    }

    private String readLineRaw() throws IOException {
        var line = new ByteArrayOutputStream(80);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the server closed the connection"
                        + (line.size() > 0 ? " inside the line '" + line.toString(StandardCharsets.UTF_8) + "'" : ""));
            }
            line.write(b);
            if (b == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
        }
    }

    // ---- login ----

    public void login(String user, String password) throws IOException {
        expect(331, "USER " + user);
        expect(230, "PASS " + password);
    }

    public void login() throws IOException {
        login(TestServer.USER, TestServer.PASSWORD);
    }

    // ---- TLS ----

    /** AUTH TLS (234), then the handshake. */
    public void authTls() throws IOException {
        expect(234, "AUTH TLS");
        startTls();
    }

    /** A client handshake on the TCP connection as it is now (implicit FTPS, after 234, after REIN). */
    public void startTls() throws IOException {
        if (tls != null) {
            throw new IllegalStateException("TLS is already active");
        }
        var socket = (SSLSocket) TrustAll.context().getSocketFactory().createSocket(raw, HOST, raw.getPort(), false);
        socket.setUseClientMode(true);
        if (tlsProtocols != null) {
            socket.setEnabledProtocols(tlsProtocols);
        }
        socket.startHandshake();
        tls = socket;
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /**
     * The orderly end of TLS that keeps the TCP connection (RFC 4217 6 and 13, jsse-notes Q3): send
     * close_notify, read exactly up to the server's close_notify, then go on in plaintext on the raw
     * socket. Fails if the server sends data instead of closing TLS.
     */
    public void stopTls() throws IOException {
        stopTls(null);
    }

    /**
     * As {@link #stopTls()}, but sends {@code pipelinedLine} in plaintext right behind the
     * close_notify, before the server's close_notify is read: the server must not lose it.
     */
    public void stopTlsAndSend(String pipelinedLine) throws IOException {
        stopTls(pipelinedLine);
    }

    private void stopTls(String pipelinedLine) throws IOException {
        if (tls == null) {
            throw new IllegalStateException("TLS is not active");
        }
        tls.shutdownOutput();
        if (pipelinedLine != null) {
            raw.getOutputStream().write((pipelinedLine + "\r\n").getBytes(StandardCharsets.UTF_8));
            raw.getOutputStream().flush();
        }
        var unexpected = new ByteArrayOutputStream();
        byte[] buf = new byte[512];
        for (int n; (n = tls.getInputStream().read(buf)) != -1; ) {
            unexpected.write(buf, 0, n);
        }
        tls.close(); // both close_notify alerts are through: a no-op that leaves the TCP socket open
        tls = null;
        in = raw.getInputStream();
        out = raw.getOutputStream();
        assertThat(unexpected.toString(StandardCharsets.UTF_8)).as("data sent by the server before its close_notify").isEmpty();
        assertThat(raw.isClosed()).as("TCP connection closed with TLS").isFalse();
    }

    /**
     * Starts a handshake and leaves it half done: sends a ClientHello and waits for the first byte of
     * the server's answer, so that the server is inside its handshake.
     */
    public void sendClientHelloOnly() throws IOException {
        sendBytes(clientHello());
        expectHandshakeRecord();
    }

    /** The first flight of a client handshake: a ClientHello record. */
    public byte[] clientHello() throws IOException {
        SSLEngine engine = TrustAll.context().createSSLEngine(HOST, raw.getPort());
        engine.setUseClientMode(true);
        engine.beginHandshake();
        ByteBuffer hello = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), hello);
        return Arrays.copyOf(hello.array(), hello.position());
    }

    /** Reads the first byte the server sends and checks that it starts a TLS handshake record. */
    public void expectHandshakeRecord() throws IOException {
        assertThat(in.read()).as("first byte of the server's handshake").isEqualTo(0x16);
    }

    public boolean isTls() {
        return tls != null;
    }

    /** The TLS socket of the control connection, for tests that drive TLS itself (renegotiation). */
    public SSLSocket tlsSocket() {
        return tls;
    }

    public SSLSession tlsSession() {
        return tls == null ? null : tls.getSession();
    }

    // ---- connection state ----

    /** Checks that no byte arrives for {@code d}: a bounded read that must time out, not a timing assertion. */
    public void assertSilentFor(Duration d) throws IOException {
        raw.setSoTimeout((int) d.toMillis());
        try {
            int b = in.read();
            fail("expected no data from the server, but got " + (b < 0 ? "end of stream" : "byte 0x" + Integer.toHexString(b)));
        } catch (SocketTimeoutException expected) {
            // Nothing arrived.
        } finally {
            raw.setSoTimeout(TIMEOUT_MILLIS);
        }
    }

    /**
     * Waits until the server closes the connection and returns the bytes it sent before (for example
     * a TLS alert). A reset or a TLS connection ended without close_notify counts as closed; no close
     * within {@link #TIMEOUT_MILLIS} fails.
     */
    public byte[] awaitClosedByServer() {
        return readUntilClosed(in);
    }

    /**
     * Waits until the server ends a TLS connection and checks, below TLS, that it sent exactly one
     * more record before the end of the TCP stream: its close_notify alert (RFC 8446 6.1, RFC 5246
     * 7.2.1). Under TLS 1.3 the alert is encrypted, so only the record framing is checked.
     */
    public void assertTlsClosedWithCloseNotify() throws IOException {
        if (tls == null) {
            throw new IllegalStateException("TLS is not active");
        }
        byte[] rest = readUntilClosed(raw.getInputStream());
        assertThat(rest).as("bytes after the last reply: one TLS record").hasSizeGreaterThan(5);
        assertThat(rest[0]).as("record type: alert (TLS 1.2) or encrypted (TLS 1.3)").isIn((byte) 0x15, (byte) 0x17);
        assertThat(rest[1]).as("record version major").isEqualTo((byte) 3);
        int length = ((rest[3] & 0xFF) << 8) | (rest[4] & 0xFF);
        assertThat(rest).as("exactly one record").hasSize(5 + length);
    }

    private static byte[] readUntilClosed(InputStream stream) {
        var received = new ByteArrayOutputStream();
        byte[] buf = new byte[1024];
        try {
            for (int n; (n = stream.read(buf)) != -1; ) {
                received.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            fail("the server did not close the connection within " + TIMEOUT_MILLIS + " ms");
        } catch (IOException e) {
            // Reset by the server, or TLS cut without close_notify: closed all the same.
        }
        return received.toByteArray();
    }

    /** Checks that the server closed the connection without sending another byte. */
    public void assertClosedByServer() {
        assertThat(awaitClosedByServer()).as("bytes sent before closing").isEmpty();
    }

    /** Drops the connection with a TCP reset instead of an orderly close. */
    public void reset() throws IOException {
        raw.setSoLinger(true, 0);
        raw.close();
    }

    public Socket socket() {
        return raw;
    }

    /** Closes the TCP connection without any TLS closure: as a client that just goes away. */
    @Override
    public void close() throws IOException {
        raw.close();
    }
}
