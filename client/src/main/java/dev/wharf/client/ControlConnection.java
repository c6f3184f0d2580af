package dev.wharf.client;

import dev.wharf.protocol.CommandLine;
import dev.wharf.protocol.ControlLineReader;
import dev.wharf.protocol.ProtocolException;
import dev.wharf.protocol.Reply;
import dev.wharf.protocol.ReplyReader;
import dev.wharf.protocol.tls.Tls;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
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
 * The client's control connection: one TCP socket whose streams switch when TLS starts (AUTH,
 * implicit FTPS) and ends (CCC, REIN). Commands and replies are logged at DEBUG, passwords masked.
 */
final class ControlConnection implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlConnection.class);
    private static final int MAX_REPLY_LINE = 64 * 1024;

    private final String host;
    private final int port;
    private final Socket raw;
    private final int replyTimeoutMillis;
    private SSLSocket tls;
    private ReplyReader replies;
    private OutputStream out;

    private ControlConnection(String host, int port, Socket raw, int replyTimeoutMillis) throws IOException {
        this.host = host;
        this.port = port;
        this.raw = raw;
        this.replyTimeoutMillis = replyTimeoutMillis;
        useClearStreams();
    }

    static ControlConnection open(String host, int port, int connectTimeoutMillis, int replyTimeoutMillis)
            throws FtpsException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true); // jsse-notes Q1: Nagle adds ~90 ms to every TLS handshake
            socket.setKeepAlive(true);
            socket.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
            return new ControlConnection(host, port, socket, replyTimeoutMillis);
        } catch (SocketTimeoutException e) {
            closeQuietly(socket);
            throw new FtpsTimeoutException("could not connect to " + host + ":" + port + " within "
                    + connectTimeoutMillis + " ms", e);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new FtpsException("could not connect to " + host + ":" + port + ": " + describe(e), e);
        }
    }

    private void useClearStreams() throws IOException {
        out = new BufferedOutputStream(raw.getOutputStream(), 1024);
        replies = new ReplyReader(new ControlLineReader(raw.getInputStream(), MAX_REPLY_LINE));
    }

    /** Starts TLS as the client on this connection: after a 234 reply, or at once for implicit FTPS. */
    void startTls(Tls tlsLayer) throws IOException {
        if (replies.lineReader().hasBuffered()) {
            throw new ProtocolException("the server sent data after its reply to AUTH, before the TLS handshake");
        }
        tls = tlsLayer.clientHandshake(raw, host);
        out = new BufferedOutputStream(tls.getOutputStream(), 1024);
        replies = new ReplyReader(new ControlLineReader(tls.getInputStream(), MAX_REPLY_LINE));
        LOG.debug("control TLS: {}", Tls.describe(tls.getSession()));
    }

    /**
     * Ends TLS and goes on in the clear on the same TCP connection (CCC, REIN): close_notify both
     * ways, reading exactly up to the server's (jsse-notes Q3).
     */
    Tls.Shutdown stopTls() throws IOException {
        Tls.Shutdown result = Tls.shutdown(tls, raw, replyTimeoutMillis);
        if (result == Tls.Shutdown.CLEAN) {
            tls = null;
            useClearStreams();
        }
        return result;
    }

    void send(String verb, String argument) throws IOException {
        var command = new CommandLine(verb, argument);
        LOG.debug("> {}", command);
        out.write(command.encode().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The next reply; waits at most the reply timeout. */
    Reply read() throws IOException {
        raw.setSoTimeout(replyTimeoutMillis);
        try {
            Reply reply = replies.read();
            LOG.debug("< {}", reply);
            return reply;
        } catch (SocketTimeoutException e) {
            throw new FtpsTimeoutException("the server did not reply within " + replyTimeoutMillis + " ms", e);
        } catch (EOFException e) {
            throw new FtpsException("the server closed the control connection", e);
        }
    }

    /** Sends a command and reads its reply. */
    Reply command(String verb, String argument) throws IOException {
        send(verb, argument);
        return read();
    }

    boolean isTls() {
        return tls != null;
    }

    SSLSession tlsSession() {
        return tls == null ? null : tls.getSession();
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    InetAddress remoteAddress() {
        return raw.getInetAddress();
    }

    InetAddress localAddress() {
        return raw.getLocalAddress();
    }

    boolean isClosed() {
        return raw.isClosed();
    }

    @Override
    public void close() {
        closeQuietly(raw);
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing more can be done with a socket that fails to close.
        }
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
