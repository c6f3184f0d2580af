package dev.wharf.server.spi;

import dev.wharf.server.auth.LoginFailure;
import java.time.Duration;

/**
 * What happens in a server, for metrics, audit logs, hooks and tests: register listeners with
 * {@code ServerConfig.Builder.eventListener}. Every hook has a no-op default, so a listener
 * implements only what it needs; each is called from one place in the server.
 *
 * <p>Hooks run on the session's (or its transfer's) own thread, synchronously: a slow listener
 * slows that session only, so hand heavy work to a queue of your own. A listener that throws is
 * logged and does not disturb the session or the other listeners. Passwords are never passed.
 */
public interface ServerEvents {
    default void sessionOpened(SessionInfo session) { }

    default void sessionClosed(SessionInfo session, Duration lasted) { }

    default void tlsEstablished(SessionInfo session, TlsInfo tls) { }

    /**
     * A TLS handshake on a control or data connection did not complete (a client that does not speak
     * TLS there, no common protocol or cipher, a timeout); {@code detail} says why in words.
     */
    default void tlsFailed(SessionInfo session, TlsInfo.Connection connection, String detail) { }

    default void loginSucceeded(SessionInfo session, String user) { }

    /** {@code user} is the name the client sent (it may not exist), or null when it was refused before naming one. */
    default void loginFailed(SessionInfo session, String user, LoginFailure reason) { }

    /** After the reply: {@code replyCode} is the last reply the command got. */
    default void commandHandled(SessionInfo session, String verb, int replyCode, Duration took) { }

    default void transferStarting(SessionInfo session, Transfer.Start transfer) { }

    default void transferCompleted(SessionInfo session, Transfer.Result result) { }

    /** A data connection that was made and then refused; {@code detail} says it in words. */
    default void dataConnectionRefused(SessionInfo session, DataRefusal reason, String detail) { }

    enum DataRefusal {
        /** PROT P, and the data connection did not resume a TLS session of this client (RFC 4217 10). */
        TLS_NOT_RESUMED,
        /** PROT P, and the client did not complete a TLS handshake on the data connection. */
        TLS_FAILED,
        /** A passive connection from an address other than the control connection's (RFC 2577). */
        FOREIGN_ADDRESS,
        /** A passive connection from a trusted load balancer without a valid PROXY protocol header. */
        PROXY_HEADER
    }

    default void fileChanged(SessionInfo session, FileChange change) { }
}
