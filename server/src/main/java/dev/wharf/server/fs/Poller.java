package dev.wharf.server.fs;

import java.time.Duration;
import org.slf4j.Logger;

/**
 * A virtual thread that runs a check at a fixed interval until interrupted: how the users file
 * and the certificate files are watched (polling, because a link's target changes in a folder a
 * WatchService does not see). A check that throws is logged and tried again at the next tick, so
 * one bad moment does not end the watch.
 */
public final class Poller {
    private Poller() {
    }

    /** An unstarted thread named {@code name} that runs {@code check} every {@code interval}. */
    public static Thread every(Duration interval, String name, Runnable check, Logger log, String what) {
        return Thread.ofVirtual().name(name).unstarted(() -> {
            try {
                while (true) {
                    Thread.sleep(interval);
                    try {
                        check.run();
                    } catch (RuntimeException e) {
                        log.error("checking {} failed; trying again", what, e);
                    }
                }
            } catch (InterruptedException e) {
                // Stopped: nobody watches any more.
            }
        });
    }
}
