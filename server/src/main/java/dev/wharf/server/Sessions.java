package dev.wharf.server;

import dev.wharf.server.session.Session;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The live sessions of a server, with the overall and per-address caps. */
final class Sessions {
    // Volatile: a reload changes the caps while connections are admitted (WharfServer.reconfigure).
    private volatile int max;
    private volatile int maxPerAddress;
    private final Set<Session> live = ConcurrentHashMap.newKeySet();
    private final Map<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong admitted = new java.util.concurrent.atomic.AtomicLong();

    Sessions(int max, int maxPerAddress) {
        caps(max, maxPerAddress);
    }

    /** New caps apply to the next connection; sessions already open above them stay. */
    void caps(int max, int maxPerAddress) {
        this.max = max;
        this.maxPerAddress = maxPerAddress;
    }

    /**
     * Counts a new connection in. Returns null if it may be served, otherwise the reason it may not.
     * A refused connection is counted too until it ends, so a flood cannot skip the cap.
     */
    String admit(InetAddress address) {
        admitted.incrementAndGet();
        int total = count.incrementAndGet();
        int mine = perAddress.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
        if (total > max) {
            return "Too many connections (" + max + "); try again later";
        }
        if (mine > maxPerAddress) {
            return "Too many connections from your address (" + maxPerAddress + "); close some and try again";
        }
        return null;
    }

    void started(Session s) {
        live.add(s);
    }

    void ended(Session s, InetAddress address) {
        live.remove(s);
        released(address);
    }

    /** For a connection refused before a session was made for it. */
    void released(InetAddress address) {
        perAddress.computeIfPresent(address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
        if (count.decrementAndGet() == 0) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** Waits until no connection is open, at most {@code timeout}; true if none is. */
    synchronized boolean awaitEmpty(java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (count.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return count.get() == 0;
        }
    }

    int size() {
        return count.get();
    }

    /** Every connection accepted since start, served or refused. */
    long admitted() {
        return admitted.get();
    }

    List<Session> snapshot() {
        return List.copyOf(live);
    }
}
