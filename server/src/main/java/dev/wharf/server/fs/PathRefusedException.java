package dev.wharf.server.fs;

import java.io.IOException;

/** A client path that is not allowed: it leaves the user's root, or holds a character no name may hold. */
public final class PathRefusedException extends IOException {
    private final boolean badName;

    public PathRefusedException(String message, boolean badName) {
        super(message);
        this.badName = badName;
    }

    /** True for a name that is not allowed (553), false for a place that is not allowed (550). */
    public boolean badName() {
        return badName;
    }
}
