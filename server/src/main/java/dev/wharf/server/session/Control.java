package dev.wharf.server.session;

import dev.wharf.protocol.Reply;
import dev.wharf.protocol.tls.Tls;
import java.io.IOException;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLSession;

/**
 * What a session needs of its control connection: lines in, replies out, TLS started and ended on
 * it. {@link ControlChannel} is the one over a socket; tests drive a session through an in-memory
 * one, so handlers and the dispatcher can be tested without a socket.
 */
interface Control {
    /** The next command line, or null when the client closed the connection. */
    String readLine(int timeoutMillis) throws IOException;

    void send(Reply reply) throws IOException;

    /** Sends {@code reply} with its first byte in a record of its own, so what TLS queued goes between. */
    default void sendInTwoRecords(Reply reply) throws IOException {
        send(reply);
    }

    /** Starts TLS as the server (AUTH, implicit FTPS). */
    void startTls(Tls tls) throws IOException;

    /** Ends TLS and goes on in the clear (CCC, REIN), after the reply that announces it. */
    Tls.Shutdown stopTls(int timeoutMillis) throws IOException;

    /** The PSK identities (tickets) the client offered in its last TLS handshake on this connection. */
    default java.util.List<byte[]> offeredTickets() {
        return java.util.List.of();
    }

    /** The TLS session of the control connection, or null when it is clear. */
    SSLSession tlsSession();

    InetSocketAddress peer();

    InetSocketAddress local();

    void close();
}
