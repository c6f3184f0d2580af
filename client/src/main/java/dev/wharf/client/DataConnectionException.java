package dev.wharf.client;

import dev.wharf.protocol.Reply;

/**
 * A data connection could not be opened or broke during a transfer. {@link #sessionReuseRequired()}
 * is true when the likely cause is a server that demands TLS session reuse (vsftpd
 * {@code require_ssl_reuse}, ProFTPD's default) and the data connection's TLS session was a new one.
 */
public final class DataConnectionException extends FtpsException {
    private final boolean sessionReuseRequired;

    public DataConnectionException(String message, Reply reply, Throwable cause, boolean sessionReuseRequired) {
        super(message, reply, cause);
        this.sessionReuseRequired = sessionReuseRequired;
    }

    public boolean sessionReuseRequired() {
        return sessionReuseRequired;
    }
}
