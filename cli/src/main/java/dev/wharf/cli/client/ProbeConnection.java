package dev.wharf.cli.client;

import dev.wharf.protocol.CommandLine;
import dev.wharf.protocol.ControlLineReader;
import dev.wharf.protocol.Reply;
import dev.wharf.protocol.ReplyReader;
import dev.wharf.protocol.tls.Tls;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bare control connection for {@code wharf probe}: it sends exactly the commands the probe names,
 * in the order it names them (including ones the client library would never send, such as PROT
 * without PBSZ), and nothing else. Commands and replies are logged at DEBUG ({@code --verbose}),
 * the password masked.
 */
final class ProbeConnection implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(ProbeConnection.class);
    private static final int MAX_LINE = 64 * 1024;

    private final String host;
    private final Socket raw;
    private final int replyTimeoutMillis;
    private SSLSocket tls;
    private ReplyReader replies;
    private OutputStream out;

    private ProbeConnection(String host, Socket raw, int replyTimeoutMillis) throws IOException {
        this.host = host;
        this.raw = raw;
        this.replyTimeoutMillis = replyTimeoutMillis;
        this.out = new BufferedOutputStream(raw.getOutputStream());
        this.replies = new ReplyReader(new ControlLineReader(raw.getInputStream(), MAX_LINE));
    }

    static ProbeConnection open(String host, int port, int connectTimeoutMillis, int replyTimeoutMillis) throws IOException {
        var socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
            return new ProbeConnection(host, socket, replyTimeoutMillis);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * What the server sends before the client says anything, waiting at most {@code waitMillis}: null
     * when it sends nothing (as an implicit FTPS server must, waiting for the ClientHello), else the
     * text received. Call only first, before any other read.
     */
    String unsolicited(int waitMillis) throws IOException {
        raw.setSoTimeout(waitMillis);
        byte[] buf = new byte[512];
        try {
            InputStream in = raw.getInputStream();
            int n = in.read(buf);
            return n < 0 ? "" : new String(buf, 0, n, StandardCharsets.ISO_8859_1).strip();
        } catch (SocketTimeoutException e) {
            return null;
        } finally {
            raw.setSoTimeout(0);
        }
    }

    /** The TLS handshake as the client, on this connection (after 234, or at once for implicit FTPS). */
    SSLSession startTls(Tls layer) throws IOException {
        tls = layer.clientHandshake(raw, host);
        out = new BufferedOutputStream(tls.getOutputStream());
        replies = new ReplyReader(new ControlLineReader(tls.getInputStream(), MAX_LINE));
        return tls.getSession();
    }

    Reply read() throws IOException {
        raw.setSoTimeout(replyTimeoutMillis);
        try {
            Reply reply = replies.read();
            LOG.debug("< {}", reply);
            return reply;
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("no reply within " + replyTimeoutMillis + " ms");
        } catch (EOFException e) {
            throw new EOFException("the server closed the connection");
        }
    }

    /** The greeting: 220, after any 120 "ready in n minutes" (RFC 959 5.4). */
    Reply greeting() throws IOException {
        Reply r = read();
        while (r.code() == 120) {
            r = read();
        }
        return r;
    }

    Reply command(String verb, String argument) throws IOException {
        var command = new CommandLine(verb, argument);
        LOG.debug("> {}", command); // CommandLine.toString masks PASS
        out.write(command.encode().getBytes(StandardCharsets.UTF_8));
        out.flush();
        return read();
    }

    SSLSession tlsSession() {
        return tls == null ? null : tls.getSession();
    }

    String host() {
        return host;
    }

    int port() {
        return raw.getPort();
    }

    InetAddress remoteAddress() {
        return raw.getInetAddress();
    }

    int replyTimeoutMillis() {
        return replyTimeoutMillis;
    }

    /** QUIT, without waiting long for the 221, then close. */
    void quit() {
        try {
            if (!raw.isClosed()) {
                raw.setSoTimeout(Math.min(replyTimeoutMillis, 2000));
                out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                replies.read();
            }
        } catch (IOException ignored) {
            // Leaving anyway.
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        try {
            raw.close();
        } catch (IOException ignored) {
            // Nothing more to do with a socket that fails to close.
        }
    }
}
