package dev.wharf.client;

import java.time.Duration;
import java.util.Optional;

/**
 * How far one transfer has come.
 *
 * @param path    the remote path
 * @param bytes   bytes of the file at the target so far, a resumed part included
 * @param total   the file's whole size, or -1 when the server did not say (no SIZE)
 * @param offset  where this transfer started: the resumed part, 0 for a whole file
 * @param elapsed since this transfer started
 */
public record TransferProgress(String path, long bytes, long total, long offset, Duration elapsed) {

    /** Bytes moved by this transfer, without the resumed part. */
    public long transferred() {
        return bytes - offset;
    }

    /** The mean rate of this transfer so far, in bytes per second; 0 before any time has passed. */
    public double bytesPerSecond() {
        long nanos = elapsed.toNanos();
        return nanos <= 0 ? 0 : transferred() * 1e9 / nanos;
    }

    /** 0 to 100, or -1 when the total is unknown. */
    public int percent() {
        if (total < 0) {
            return -1;
        }
        return total == 0 ? 100 : (int) Math.min(100, bytes * 100 / total);
    }

    /** The time left at the rate so far, when the total is known and data is moving. */
    public Optional<Duration> remaining() {
        double rate = bytesPerSecond();
        if (total < 0 || rate <= 0 || bytes >= total) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos((long) ((total - bytes) / rate * 1e9)));
    }
}
