package dev.wharf.client;

import dev.wharf.protocol.Reply;

/** USER/PASS were not accepted. */
public final class LoginFailedException extends FtpsReplyException {
    public LoginFailedException(String user, String command, Reply reply) {
        super(command, reply, "login as '" + user + "' failed: the server did not accept the user name or"
                + " password (" + reply.code() + " " + ReplyMeaning.firstLine(reply) + ")");
    }
}
