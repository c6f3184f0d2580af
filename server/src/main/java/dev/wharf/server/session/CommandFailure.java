package dev.wharf.server.session;

import dev.wharf.protocol.Reply;

/**
 * A command cannot be carried out, and this reply says why. Thrown by argument parsers and
 * handlers; the dispatcher sends the reply and the session goes on.
 */
final class CommandFailure extends RuntimeException {
    private final transient Reply reply;

    CommandFailure(int code, String text) {
        super(text, null, false, false); // an expected outcome: no stack trace to fill
        this.reply = Reply.of(code, text);
    }

    Reply reply() {
        return reply;
    }
}
