package dev.wharf.server.session;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the slow password checks (PBKDF2, about a third of a second of CPU each) that run at once,
 * so that a flood of wrong passwords cannot take every core, and keeps a lane for the innocent: a
 * login from an address with no recent failure waits only for the other innocent ones (one check per
 * core at once), while every address that failed lately shares one check at a time. A brute force
 * spread over many addresses then costs the server at most one core, and a legitimate login is not
 * queued behind it.
 */
final class PasswordCheckLanes {
    private final Semaphore clean = new Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors()), true);
    private final Semaphore suspect = new Semaphore(1, true);

    /** A check that ran: close it to free its place. */
    interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Waits for a place in the lane of an address that has {@code failedLately} or not; empty (null)
     * when none came free within {@code patience}.
     */
    Permit enter(boolean failedLately, Duration patience) throws InterruptedException {
        Semaphore lane = failedLately ? suspect : clean;
        if (!lane.tryAcquire(patience.toMillis(), TimeUnit.MILLISECONDS)) {
            return null;
        }
        return lane::release;
    }
}
