package dev.wharf.client;

import dev.wharf.protocol.Reply;
import java.io.IOException;
import java.util.Optional;

/**
 * Anything that went wrong in an FTPS session. When the server answered, the exception carries its
 * reply (code and text); the message always says in plain words what failed.
 */
public class FtpsException extends IOException {
    private final transient Reply reply;

    public FtpsException(String message) {
        this(message, null, null);
    }

    public FtpsException(String message, Throwable cause) {
        this(message, null, cause);
    }

    public FtpsException(String message, Reply reply, Throwable cause) {
        super(message, cause);
        this.reply = reply;
    }

    /** The server's reply that caused this, if the server gave one. */
    public Optional<Reply> reply() {
        return Optional.ofNullable(reply);
    }

    /** The server's reply code, or -1 when there was no reply (a network or TLS failure). */
    public int replyCode() {
        return reply == null ? -1 : reply.code();
    }

    /** The server's reply text (lines joined by newlines), or an empty string. */
    public String replyText() {
        return reply == null ? "" : reply.text();
    }
}
