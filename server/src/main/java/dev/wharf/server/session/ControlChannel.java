package dev.wharf.server.session;

import dev.wharf.protocol.ControlTransport;
import dev.wharf.protocol.Reply;
import dev.wharf.protocol.tls.Tls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import javax.net.ssl.SSLSession;

/**
 * The session's control connection over a socket: the shared {@link ControlTransport} in its
 * server role, plus what only a server checks (a TLS handshake where a command was expected).
 */
final class ControlChannel implements Control {
    private final ControlTransport transport;
    private volatile List<byte[]> offeredTickets = List.of();

    private final InetSocketAddress client;

    /** {@code client}: the socket's peer, or the client a trusted load balancer's PROXY header named. */
    ControlChannel(Socket raw, InetSocketAddress client, int maxLineLength) throws IOException {
        this.transport = ControlTransport.server(raw, maxLineLength);
        this.client = client;
    }

    /** The next command line, or null when the client closed the connection. */
    @Override
    public String readLine(int timeoutMillis) throws IOException {
        transport.setReadTimeout(timeoutMillis);
        if (!transport.isTls() && transport.lines().peek() == TLS_HANDSHAKE_RECORD) {
            throw new TlsOnClearConnectionException();
        }
        return transport.lines().readLine();
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
    public void send(Reply reply) throws IOException {
        transport.write(reply.encodeBytes());
    }

    @Override
    public void sendInTwoRecords(Reply reply) throws IOException {
        byte[] bytes = reply.encodeBytes();
        synchronized (transport) { // no other reply between the two records
            transport.write(bytes, 0, 1); // one record; JSSE writes what a session change queued (a ticket) right after it
            transport.write(bytes, 1, bytes.length - 1);
        }
    }

    @Override
    public void startTls(Tls tlsLayer) throws IOException {
        transport.acceptTls(tlsLayer, offered -> offeredTickets = offered);
    }

    @Override
    public Tls.Shutdown stopTls(int timeoutMillis) throws IOException {
        return transport.stopTls(timeoutMillis);
    }

    @Override
    public List<byte[]> offeredTickets() {
        return offeredTickets;
    }

    @Override
    public SSLSession tlsSession() {
        return transport.tlsSession().orElse(null);
    }

    @Override
    public InetSocketAddress peer() {
        return client;
    }

    @Override
    public InetSocketAddress local() {
        return transport.local();
    }

    @Override
    public void close() {
        transport.close();
    }
}
