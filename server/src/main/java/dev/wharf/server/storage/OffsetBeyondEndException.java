package dev.wharf.server.storage;

import java.nio.file.FileSystemException;

/**
 * A read or a write was asked to start after the last byte of the file (REST beyond its size).
 * A {@link FileSystemException} for the same reason as {@link UnsupportedCapabilityException}.
 */
public final class OffsetBeyondEndException extends FileSystemException {
    private final long offset;
    private final long size;

    public OffsetBeyondEndException(long offset, long size) {
        super(null, null, "Offset " + offset + " is beyond the end of the file (" + size + " bytes)");
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
