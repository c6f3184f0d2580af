package dev.wharf.client;

import dev.wharf.protocol.Reply;

/**
 * TLS could not be set up or ended: the server refused AUTH, the handshake failed, or the server's
 * certificate was not trusted.
 */
public final class TlsFailureException extends FtpsException {
    public TlsFailureException(String message, Throwable cause) {
        super(message, null, cause);
    }

    public TlsFailureException(String message, Reply reply) {
        super(message, reply, null);
    }
}
