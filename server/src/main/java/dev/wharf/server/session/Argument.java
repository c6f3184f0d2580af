package dev.wharf.server.session;

import dev.wharf.protocol.ReplyCode;

/**
 * Turns a command's argument text into the value its handler works with, once, at the dispatcher:
 * a malformed argument is a {@link CommandFailure} (501) before the handler runs.
 */
@FunctionalInterface
interface Argument<A> {
    A parse(String raw);

    /** The text as sent (handlers that take free text, or none). */
    Argument<String> TEXT = raw -> raw;

    /** A path, which must not be empty. */
    Argument<String> PATH = raw -> {
        if (raw.isBlank()) {
            throw new CommandFailure(ReplyCode.SYNTAX_ERROR_IN_ARGUMENTS, "A path is needed");
        }
        return raw;
    };

    /** RFC 3659 5.3: a byte offset, decimal digits only. */
    Argument<Long> OFFSET = raw -> {
        String a = raw.strip();
        if (a.isEmpty() || a.length() > 18 || !a.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new CommandFailure(ReplyCode.SYNTAX_ERROR_IN_ARGUMENTS, "REST needs a byte offset");
        }
        return Long.parseLong(a);
    };
}
