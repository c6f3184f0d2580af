package dev.wharf.client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs tasks on several sessions at once, one virtual thread per session, each taking the next task
 * from a shared queue. Each session opens its own control connection and TLS session, and its data
 * connections resume only that one. The first failure stops the others after their current task.
 */
final class ParallelSessions {
    private ParallelSessions() {}

    /**
     * @param first an open session to use as one of the workers, or null
     * @param count how many sessions work at once, at least 1
     */
    static void run(FtpsClient client, FtpsSession first, int count, List<SessionTask> tasks) throws IOException {
        if (tasks.isEmpty()) {
            return;
        }
        int workers = Math.max(1, Math.min(count, tasks.size()));
        var queue = new ConcurrentLinkedQueue<>(tasks);
        var failure = new AtomicReference<Throwable>();
        var threads = new ArrayList<Thread>();
        for (int i = 0; i < workers; i++) {
            FtpsSession given = i == 0 ? first : null;
            threads.add(Thread.ofVirtual().name("wharf-transfer-" + i).start(() -> work(client, given, queue, failure)));
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                threads.forEach(Thread::interrupt);
                throw new FtpsException("interrupted while waiting for parallel transfers");
            }
        }
        Throwable t = failure.get();
        if (t instanceof IOException io) {
            throw io;
        }
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t != null) {
            throw new FtpsException("a parallel transfer failed: " + t, t);
        }
    }

    private static void work(FtpsClient client, FtpsSession given, ConcurrentLinkedQueue<SessionTask> queue,
                             AtomicReference<Throwable> failure) {
        FtpsSession session = given;
        try {
            for (SessionTask task; failure.get() == null && (task = queue.poll()) != null; ) {
                if (session == null) {
                    session = client.connect();
                }
                task.run(session);
            }
        } catch (Throwable e) {
            failure.compareAndSet(null, e);
        } finally {
            if (session != null && session != given) {
                session.close();
            }
        }
    }
}
