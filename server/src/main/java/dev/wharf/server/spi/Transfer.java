package dev.wharf.server.spi;

import java.time.Duration;

/** A file transfer, as it starts ({@link Start}) and as it ended ({@link Result}). */
public final class Transfer {
    private Transfer() {}

    public enum Direction { UPLOAD, DOWNLOAD }

    /**
     * A transfer that begins.
     *
     * @param path   the client's (virtual) path
     * @param offset where it starts (REST), 0 for a whole file
     * @param ascii  TYPE A (line endings converted)
     */
    public record Start(Direction direction, String path, long offset, boolean ascii) {}

    /**
     * How a transfer ended.
     *
     * @param completed      all data moved and, for uploads, is on disk; false: aborted or failed
     * @param dataTlsResumed whether the data connection resumed a TLS session; null when it was clear
     *                       or never made
     */
    public record Result(Start transfer, long bytes, Duration duration, boolean completed, Boolean dataTlsResumed) {}
}
