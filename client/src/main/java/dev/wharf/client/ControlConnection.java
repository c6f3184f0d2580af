package dev.wharf.client;

import dev.wharf.protocol.CommandLine;
import dev.wharf.protocol.ControlTransport;
import dev.wharf.protocol.Failures;
import dev.wharf.protocol.HostPort;
import dev.wharf.protocol.ProtocolException;
import dev.wharf.protocol.Reply;
import dev.wharf.protocol.ReplyCode;
import dev.wharf.protocol.ReplyReader;
import dev.wharf.protocol.tls.Tls;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bare FTPS control connection, the low-level API under {@link FtpsSession}: it sends exactly the
 * commands it is given, in that order (including ones a session would refuse, such as PROT without
 * PBSZ), upgrades to TLS when told, and opens passive data connections. It keeps no session state:
 * that is the caller's. It runs on the protocol module's {@link ControlTransport}, which the server
 * shares, in its client role. Commands and replies are logged at DEBUG, passwords masked. Not thread-safe.
 *
 * <pre>{@code
 * try (ControlConnection c = ControlConnection.open("ftp.example.com", 21, Duration.ofSeconds(10), Duration.ofSeconds(10))) {
 *     Reply greeting = c.greeting();
 *     if (c.command("AUTH", "TLS").code() == 234) {
 *         c.startTls(ClientTls.create(trustManager, null, Tls.DEFAULT_PROTOCOLS, Tls.DEFAULT_CIPHER_SUITES, timeout));
 *     }
 *     c.quit();
 * }
 * }</pre>
 */
public final class ControlConnection implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlConnection.class);
    private static final int MAX_REPLY_LINE = 64 * 1024;
    /** How long {@link #quit()} waits for the 221: the connection is closed either way. */
    private static final int QUIT_WAIT_MILLIS = 2000;

    private final String host;
    private final int port;
    private final ControlTransport transport;
    private final int replyTimeoutMillis;

    private ControlConnection(String host, int port, Socket raw, int replyTimeoutMillis) throws IOException {
        this.host = host;
        this.port = port;
        this.transport = ControlTransport.client(raw, MAX_REPLY_LINE);
        this.replyTimeoutMillis = replyTimeoutMillis;
    }

    /**
     * Connects over TCP; nothing is read or sent yet.
     *
     * @param replyTimeout how long {@link #read()} waits for each reply
     * @throws FtpsException saying why there is no connection ({@link FtpsTimeoutException} for a timeout)
     */
    public static ControlConnection open(String host, int port, Duration connectTimeout, Duration replyTimeout)
            throws FtpsException {
        int connectMillis = FtpsClient.millis(connectTimeout);
        Socket socket = new Socket();
        try {
            socket.setKeepAlive(true);
            socket.connect(new InetSocketAddress(host, port), connectMillis);
            return new ControlConnection(host, port, socket, FtpsClient.millis(replyTimeout));
        } catch (SocketTimeoutException e) {
            closeQuietly(socket);
            throw new FtpsTimeoutException("could not connect to " + host + ":" + port + " within "
                    + connectMillis + " ms", e);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new FtpsException("could not connect to " + host + ":" + port + ": " + Failures.describe(e), e);
        }
    }

    /**
     * What the server sends before the client says anything, waiting at most {@code wait}: empty
     * when it sends nothing (as an implicit FTPS server must, waiting for the ClientHello, MS-FTPS
     * 3.1.5.1), else the text received ("" when it closed the connection). Call only first.
     */
    public Optional<String> unsolicited(Duration wait) throws IOException {
        Socket raw = transport.socket();
        raw.setSoTimeout(FtpsClient.millis(wait));
        byte[] buf = new byte[512];
        try {
            int n = raw.getInputStream().read(buf);
            return Optional.of(n < 0 ? "" : new String(buf, 0, n, StandardCharsets.ISO_8859_1).strip());
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        } finally {
            raw.setSoTimeout(0);
        }
    }

    /** The greeting, after any 120 "ready in n minutes" (RFC 959 5.4); its code is for the caller to judge. */
    public Reply greeting() throws IOException {
        Reply r = read();
        while (r.code() == ReplyCode.SERVICE_READY_SOON) {
            r = read();
        }
        return r;
    }

    /**
     * Starts TLS as the client on this connection: after a 234 reply to AUTH, or at once for
     * implicit FTPS. The certificate is checked by the layer's trust manager.
     *
     * @return the control connection's TLS session
     */
    public SSLSession startTls(Tls layer) throws IOException {
        SSLSession session = transport.startTls(layer, host);
        LOG.debug("control TLS: {}", Tls.describe(session));
        return session;
    }

    /**
     * Ends TLS and goes on in the clear on the same TCP connection (after CCC's 200, RFC 4217 5, or
     * REIN's reply, RFC 4217 13): close_notify both ways, reading exactly up to the server's
     * (jsse-notes Q3). Anything but {@link Tls.Shutdown#CLEAN} leaves the connection unusable.
     */
    public Tls.Shutdown stopTls() throws IOException {
        return transport.stopTls(replyTimeoutMillis);
    }

    /** Sends one command without reading its reply. */
    public void send(String verb, String argument) throws IOException {
        var command = new CommandLine(verb, argument);
        LOG.debug("> {}", command); // CommandLine.toString masks PASS
        transport.write(command.encode().getBytes(StandardCharsets.UTF_8));
    }

    /** The next reply; waits at most the reply timeout. */
    public Reply read() throws IOException {
        transport.setReadTimeout(replyTimeoutMillis);
        try {
            Reply reply = new ReplyReader(transport.lines()).read();
            LOG.debug("< {}", reply);
            return reply;
        } catch (SocketTimeoutException e) {
            throw new FtpsTimeoutException("the server did not reply within " + replyTimeoutMillis + " ms", e);
        } catch (EOFException e) {
            throw new FtpsException("the server closed the control connection", e);
        }
    }

    /** Sends a command and reads its reply. */
    public Reply command(String verb, String argument) throws IOException {
        send(verb, argument);
        return read();
    }

    /**
     * Where a passive reply says to connect: a 229 names a port on the control connection's host
     * (RFC 2428 3); a 227 names an address too, replaced by the control connection's when it is a
     * private or unroutable one that a server behind NAT announced by mistake.
     *
     * @throws ProtocolException when the reply is neither, or cannot be read
     */
    public InetSocketAddress passiveTarget(Reply reply) throws ProtocolException {
        if (reply.code() == ReplyCode.ENTERING_EXTENDED_PASSIVE) {
            int dataPort = parseOrFail(() -> HostPort.parseExtendedPassiveReply(reply.text()), reply);
            return new InetSocketAddress(remoteAddress(), dataPort);
        }
        if (reply.code() != ReplyCode.ENTERING_PASSIVE) {
            throw new ProtocolException("not a passive reply (227 or 229): " + reply);
        }
        HostPort announced = parseOrFail(() -> HostPort.parsePassiveReply(reply.text()), reply);
        InetAddress address = PassiveAddress.choose(announced.address(), remoteAddress());
        if (!address.equals(announced.address())) {
            LOG.debug("227 announced {}, which is not reachable from here: using {}", announced.address(), address);
        }
        return new InetSocketAddress(address, announced.port());
    }

    private static <T> T parseOrFail(Supplier<T> parse, Reply r) throws ProtocolException {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(e.getMessage() + " (reply: " + r + ")");
        }
    }

    /**
     * Connects to a passive data port, before the transfer command is sent. The socket reports this
     * connection's port, so a TLS handshake on it with the control connection's layer resumes the
     * control session (jsse-notes Q1); {@code timeout} bounds the connection and every read on it.
     */
    public DataConnection connectData(InetSocketAddress target, Duration timeout) throws IOException {
        int millis = FtpsClient.millis(timeout);
        Socket socket = DataEndpoint.connect(target, port, millis).socket(millis);
        socket.setSoTimeout(millis);
        return new DataConnection(socket, host);
    }

    public boolean isTls() {
        return transport.isTls();
    }

    /** The TLS session of the control connection, or empty when it is not protected. */
    public Optional<SSLSession> tlsSession() {
        return transport.tlsSession();
    }

    /** The host name as given, which certificates are checked against and TLS sessions are cached by. */
    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public InetAddress remoteAddress() {
        return transport.socket().getInetAddress();
    }

    public InetAddress localAddress() {
        return transport.socket().getLocalAddress();
    }

    public boolean isClosed() {
        return transport.isClosed();
    }

    /** QUIT, waiting briefly for the 221 (RFC 959 4.1.1), then close. Never throws. */
    public void quit() {
        try {
            if (!transport.isClosed()) {
                send("QUIT", "");
                transport.setReadTimeout(Math.min(replyTimeoutMillis, QUIT_WAIT_MILLIS));
                new ReplyReader(transport.lines()).read();
            }
        } catch (IOException ignored) {
            // The server is gone or slow: leaving anyway.
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        transport.close();
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing more can be done with a socket that fails to close.
        }
    }
}
