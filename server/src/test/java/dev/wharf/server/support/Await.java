package dev.wharf.server.support;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Polls for a condition that becomes true asynchronously (a session ending on the server's thread).
 * The deadline only stops a broken test from hanging: no test asserts how long anything takes.
 */
public final class Await {
    private Await() {}

    public static final Duration DEADLINE = Duration.ofSeconds(20);

    /** Waits until {@code condition} holds; fails with {@code what} and the last {@code state} if it never does. */
    public static void until(String what, BooleanSupplier condition, Supplier<?> state) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("still not " + what + " after " + DEADLINE.toSeconds() + " s (now: " + state.get() + ")");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting until " + what);
            }
        }
    }
}
