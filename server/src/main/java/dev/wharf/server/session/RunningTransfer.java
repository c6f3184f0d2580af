package dev.wharf.server.session;

import dev.wharf.server.spi.Transfer;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The transfer a session runs, if any. It runs on its own virtual thread so that the session goes
 * on reading the control connection: ABOR and STAT are answered during it (RFC 959 4.1.3).
 */
final class RunningTransfer {
    volatile Thread thread;
    volatile DataConnection connection;
    volatile boolean abortRequested;
    volatile boolean running;   // server stop waits for it
    volatile String description;
    volatile Transfer.Direction direction; // what the administrator's view of the session shows
    volatile String path;
    volatile Instant startedAt;
    volatile Boolean dataTlsResumed; // of its data connection, once made; null while clear or none
    volatile int lastReplyCode;      // the last reply the transfer sent: its final one once it has ended
    String verb;                     // the command that started it, and when: its command event is sent at the end
    long commandStartNanos;
    final AtomicLong bytes = new AtomicLong();

    boolean isAlive() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    /** Waits for the transfer thread to end; at most {@code millis} (0: without limit). */
    void join(long millis) {
        Thread t = thread;
        if (t == null) {
            return;
        }
        try {
            if (millis > 0) {
                t.join(millis);
            } else {
                t.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Drops the data connection at once (ABOR, the session ending). */
    void abort() {
        abortRequested = true;
        DataConnection dc = connection;
        if (dc != null) {
            dc.abort();
        }
    }
}
