package dev.wharf.client;

import dev.wharf.protocol.Reply;

/** The server refused a command: the reply says why. */
public class FtpsReplyException extends FtpsException {
    private final String command;

    public FtpsReplyException(String command, Reply reply) {
        this(command, reply, ReplyMeaning.describe(command, reply));
    }

    protected FtpsReplyException(String command, Reply reply, String message) {
        super(message, reply, null);
        this.command = command;
    }

    /** The command the server refused, as sent (passwords masked). */
    public String command() {
        return command;
    }
}
