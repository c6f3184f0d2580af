package dev.wharf.server.session;

import dev.wharf.protocol.tls.SessionOrigin;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLSession;

/**
 * What this server recorded about the TLS sessions it issued: to which connections, of which users,
 * from which client addresses. It decides whether a data connection's TLS session may be accepted.
 *
 * <p>Why not only the control connection's own session: clients that pool connections share one TLS
 * session cache across them (rclone and every client on Go's crypto/tls, FileZilla's transfer
 * connections), so a data connection often resumes a session issued to another control connection
 * of the same client. RFC 4217 10 lets a server insist on "a TLS cached session", naming "a previous
 * data connection" as one; what the rule keeps out is the point of it: someone who only guessed or
 * stole the passive port cannot resume a session that was issued to the user's own connections.
 *
 * <p>Sessions are known by their {@link SessionOrigin}, which JSSE carries into every resumption,
 * so a ticket issued on a data connection names the control connection's handshake. Memory is
 * bounded: an origin lives while a connection that holds it is open, and {@link #GRACE} after the
 * last one closed (a pooled client may still hold its tickets), and at most {@link #MAX_RELEASED}
 * origins of closed connections are kept.
 */
final class IssuedTlsSessions {
    static final Duration GRACE = Duration.ofMinutes(10);
    static final int MAX_RELEASED = 10_000;
    /** Per connection and per origin: a client that loops through REIN or USER gets no more. */
    private static final int MAX_PER_CONNECTION = 32;

    /** What a data connection's TLS session turned out to be. */
    enum Verdict {
        SAME_CONNECTION(true, null),
        SAME_USER(true, null),
        NEW_SESSION(false, "it was a new TLS session"),
        OTHER_CONNECTION(false, "it resumed the TLS session of another control connection, and this server requires"
                + " the session of this one"),
        UNKNOWN_SESSION(false, "it resumed a TLS session that this server did not issue to your connections,"
                + " or one that has expired"),
        OTHER_USER(false, "it resumed a TLS session issued to another user's connection"),
        OTHER_ADDRESS(false, "it resumed a TLS session issued to a connection from another address");

        final boolean accepted;
        final String reason;

        Verdict(boolean accepted, String reason) {
            this.accepted = accepted;
            this.reason = reason;
        }
    }

    private record Grant(String user, InetAddress client) {}

    private record Release(SessionOrigin origin, long atMillis) {}

    private static final class Issued {
        final Set<Owner> live = new HashSet<>();
        final Set<Grant> grants = new HashSet<>();
        long releasedAtMillis;
        boolean ticketsReused;
    }

    private final Clock clock;
    private final Map<SessionOrigin, Issued> issued = new HashMap<>();
    private final ArrayDeque<Release> released = new ArrayDeque<>();
    /** Tickets (PSK identity fingerprints) offered lately, and the session each resumed (null: none). */
    private final Map<String, SessionOrigin> offeredTickets = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SessionOrigin> eldest) {
            return size() > MAX_RELEASED;
        }
    };

    IssuedTlsSessions(Clock clock) {
        this.clock = clock;
    }

    /** The record of one connection (a control connection and the data connections it opens). */
    Owner owner(InetAddress client) {
        return new Owner(client);
    }

    final class Owner {
        private final InetAddress client;
        private final Set<SessionOrigin> origins = new LinkedHashSet<>();
        private final Set<String> users = new LinkedHashSet<>();
        private boolean closed;

        private Owner(InetAddress client) {
            this.client = client;
        }

        /** A TLS session was established on this connection: its tickets are this connection's. */
        void issued(SessionOrigin origin) {
            synchronized (IssuedTlsSessions.this) {
                if (closed || origins.contains(origin) || origins.size() >= MAX_PER_CONNECTION) {
                    return;
                }
                origins.add(origin);
                Issued record = issued.computeIfAbsent(origin, o -> new Issued());
                record.live.add(this);
                users.forEach(u -> grant(record, u));
                purge();
            }
        }

        /** The connection logged in: every session issued to it is this user's, from this address. */
        void loggedIn(String user) {
            synchronized (IssuedTlsSessions.this) {
                if (closed || (!users.contains(user) && users.size() >= MAX_PER_CONNECTION)) {
                    return;
                }
                users.add(user);
                for (SessionOrigin o : origins) {
                    Issued record = issued.get(o);
                    if (record != null) {
                        grant(record, user);
                    }
                }
            }
        }

        private void grant(Issued record, String user) {
            if (record.grants.size() < MAX_PER_CONNECTION) {
                record.grants.add(new Grant(user, client));
            }
        }

        /** The connection ended: its sessions stay valid for {@link #GRACE}. */
        void close() {
            synchronized (IssuedTlsSessions.this) {
                if (closed) {
                    return;
                }
                closed = true;
                long now = clock.millis();
                for (SessionOrigin o : origins) {
                    Issued record = issued.get(o);
                    if (record != null && record.live.remove(this) && record.live.isEmpty()) {
                        record.releasedAtMillis = now;
                        released.addLast(new Release(o, now));
                    }
                }
                purge();
            }
        }
    }

    /**
     * Judges a data connection's TLS session. {@code handshakeStartMillis} is when its handshake
     * began (wall clock): a session created after it is a full handshake, not a resumption.
     */
    synchronized Verdict judge(SSLSession data, long handshakeStartMillis, SSLSession control, String user,
                               InetAddress client, boolean sameConnectionOnly) {
        SessionOrigin origin = SessionOrigin.of(data);
        if (control != null && origin.equals(SessionOrigin.of(control))) {
            return Verdict.SAME_CONNECTION;
        }
        if (!SessionOrigin.isResumption(data, handshakeStartMillis)) {
            return Verdict.NEW_SESSION;
        }
        if (sameConnectionOnly) {
            return Verdict.OTHER_CONNECTION;
        }
        Issued record = issued.get(origin);
        if (record == null || expired(record, clock.millis())) {
            return Verdict.UNKNOWN_SESSION;
        }
        if (user != null && record.grants.contains(new Grant(user, client))) {
            return Verdict.SAME_USER;
        }
        return record.grants.stream().anyMatch(g -> g.user().equals(user)) ? Verdict.OTHER_ADDRESS : Verdict.OTHER_USER;
    }

    /**
     * Records the tickets a handshake (control or data) offered, and the session it resumed (null
     * for a full handshake). A ticket offered twice belongs to a client that keeps its tickets and
     * uses them again (Go's crypto/tls, so rclone): its sessions are marked, see {@link #reused}.
     */
    synchronized void offered(List<String> ticketFingerprints, SessionOrigin resumed) {
        for (String f : ticketFingerprints) {
            if (offeredTickets.containsKey(f)) {
                markReused(offeredTickets.get(f));
                markReused(resumed);
            } else {
                offeredTickets.put(f, resumed);
            }
        }
    }

    private void markReused(SessionOrigin origin) {
        Issued record = origin == null ? null : issued.get(origin);
        if (record != null) {
            record.ticketsReused = true;
        }
    }

    /** Whether a ticket descending from {@code origin} was offered more than once. */
    synchronized boolean reused(SessionOrigin origin) {
        Issued record = issued.get(origin);
        return record != null && record.ticketsReused;
    }

    /**
     * Whether more than one open control connection holds {@code origin}: the client shares one
     * session cache among pooled connections (rclone, Go's crypto/tls, a pooled JSSE client).
     */
    synchronized boolean shared(SessionOrigin origin) {
        Issued record = issued.get(origin);
        return record != null && record.live.size() > 1;
    }

    /** Origins recorded now, live or within their grace period (for tests of the bound). */
    synchronized int size() {
        return issued.size();
    }

    private static boolean expired(Issued record, long now) {
        return record.live.isEmpty() && now - record.releasedAtMillis > GRACE.toMillis();
    }

    /** Forgets origins whose connections all closed more than {@link #GRACE} ago, or too many of them. */
    private void purge() {
        long now = clock.millis();
        while (!released.isEmpty()
                && (released.size() > MAX_RELEASED || now - released.peekFirst().atMillis() > GRACE.toMillis())) {
            Release r = released.removeFirst();
            Issued record = issued.get(r.origin());
            // Taken up again by a new connection, or released again later: not this entry's to remove.
            if (record != null && record.live.isEmpty() && record.releasedAtMillis == r.atMillis()) {
                issued.remove(r.origin());
            }
        }
    }
}
