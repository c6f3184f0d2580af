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

    /** Starts TLS as the server (AUTH, implicit FTPS). */
    void startTls(Tls tls) throws IOException;

    /** Ends TLS and goes on in the clear (CCC, REIN), after the reply that announces it. */
    Tls.Shutdown stopTls(int timeoutMillis) throws IOException;

    /** The TLS session of the control connection, or null when it is clear. */
    SSLSession tlsSession();

    InetSocketAddress peer();

    InetSocketAddress local();

    void close();
}
