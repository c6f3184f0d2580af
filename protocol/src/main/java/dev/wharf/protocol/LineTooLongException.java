package dev.wharf.protocol;

import java.io.IOException;

/** A control line was longer than the limit; it has been skipped up to its end, so reading can go on. */
public final class LineTooLongException extends IOException {
    private final int limit;

    public LineTooLongException(int limit) {
        super("control line longer than " + limit + " bytes");
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }
}
