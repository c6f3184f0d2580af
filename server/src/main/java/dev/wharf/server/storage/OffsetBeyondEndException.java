package dev.wharf.server.storage;

import java.io.IOException;

/** A read or a write was asked to start after the last byte of the file (REST beyond its size). */
public final class OffsetBeyondEndException extends IOException {
    private final long offset;
    private final long size;

    public OffsetBeyondEndException(long offset, long size) {
        super("Offset " + offset + " is beyond the end of the file (" + size + " bytes)");
        this.offset = offset;
        this.size = size;
    }

    public long offset() {
        return offset;
    }

    public long size() {
        return size;
    }
}
