package dev.wharf.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.protocol.testing.LoopbackTls;
import dev.wharf.protocol.tls.SessionOrigin;
import dev.wharf.protocol.tls.Tls;
import dev.wharf.server.auth.TestClock;
import dev.wharf.server.session.IssuedTlsSessions.Verdict;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The data connection rule on real JSSE sessions, TLS 1.2 and 1.3: two control connections of one
 * client with one session cache (as rclone has), and a data connection that resumes the session of
 * the other one.
 */
class IssuedTlsSessionsTest {
    private static final InetAddress HERE = InetAddress.getLoopbackAddress();

    private final TestClock clock = new TestClock();
    private final IssuedTlsSessions issued = new IssuedTlsSessions(clock);

    /** A control connection: the server's session, after one round trip so a TLS 1.3 client has its ticket. */
    private static SSLSession control(LoopbackTls tls, Tls client) throws Exception {
        SSLSocket[] pair = tls.handshake(client, new Socket());
        pair[0].getOutputStream().write('x');
        pair[0].getOutputStream().flush();
        assertThat(pair[1].getInputStream().read()).isEqualTo('x');
        return pair[0].getSession();
    }

    private record Data(SSLSession session, long handshakeStart) {}

    /** A data connection made as Wharf makes it, by {@code client}, resuming whatever it has cached. */
    private static Data data(LoopbackTls tls, Tls client) throws Exception {
        long start = System.currentTimeMillis();
        var pair = tls.dataHandshake(client, new Socket(), false);
        // A download: the client reads, so a TLS 1.3 client gets the data connection's ticket too.
        pair.server().out().write('d');
        pair.server().closeOutbound();
        assertThat(pair.client().getInputStream().read()).isEqualTo('d');
        return new Data(pair.server().session(), start);
    }

    private Verdict judge(Data d, SSLSession control, String user, InetAddress from, boolean strict) {
        return issued.judge(d.session(), d.handshakeStart(), control, user, from, strict);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void aDataConnectionMayResumeASessionOfAnotherConnectionOfTheSameUserAndAddress(String protocol) throws Exception {
        try (var tls = new LoopbackTls(protocol)) {
            Tls pooled = tls.client;               // one cache for every connection, like Go's crypto/tls
            SSLSession first = control(tls, pooled);
            SSLSession second = control(tls, tls.newClient()); // a full handshake of its own
            var firstOwner = issued.owner(HERE);
            firstOwner.issued(SessionOrigin.of(first));
            firstOwner.loggedIn("alice");
            var secondOwner = issued.owner(HERE);
            secondOwner.issued(SessionOrigin.of(second));
            secondOwner.loggedIn("alice");

            // The second connection's data connection resumes the first connection's session.
            Data d = data(tls, pooled);
            assertThat(SessionOrigin.isResumption(d.session(), d.handshakeStart())).isTrue();
            assertThat(judge(d, first, "alice", HERE, true)).isEqualTo(Verdict.SAME_CONNECTION);
            assertThat(judge(d, second, "alice", HERE, false)).isEqualTo(Verdict.SAME_USER);
            assertThat(judge(d, second, "alice", HERE, true)).isEqualTo(Verdict.OTHER_CONNECTION);
            assertThat(judge(d, second, "bob", HERE, false)).isEqualTo(Verdict.OTHER_USER);
            assertThat(judge(d, second, "alice", InetAddress.getByName("127.0.0.2"), false)).isEqualTo(Verdict.OTHER_ADDRESS);
            assertThat(judge(d, second, null, HERE, false)).isEqualTo(Verdict.OTHER_USER);

            // A ticket issued on that data connection still names the first control connection.
            Data chained = data(tls, pooled);
            assertThat(judge(chained, second, "alice", HERE, false)).isEqualTo(Verdict.SAME_USER);

            // Someone with a cache of their own (who stole the port) resumes nothing.
            Data thief = data(tls, tls.newClient());
            assertThat(judge(thief, second, "alice", HERE, false)).isEqualTo(Verdict.NEW_SESSION);

            // The first connection closes: its sessions stay good for the grace period, then not.
            firstOwner.close();
            assertThat(judge(data(tls, pooled), second, "alice", HERE, false)).isEqualTo(Verdict.SAME_USER);
            clock.advance(IssuedTlsSessions.GRACE.plusSeconds(1));
            assertThat(judge(data(tls, pooled), second, "alice", HERE, false)).isEqualTo(Verdict.UNKNOWN_SESSION);
        }
    }

    @Test
    void aSessionIsGrantedOnlyToUsersThatLoggedInOnItsConnection() throws Exception {
        try (var tls = new LoopbackTls("TLSv1.3")) {
            SSLSession first = control(tls, tls.client);
            SSLSession second = control(tls, tls.newClient());
            issued.owner(HERE).issued(SessionOrigin.of(first)); // connected, never logged in
            Data d = data(tls, tls.client);
            assertThat(judge(d, second, "alice", HERE, false)).isEqualTo(Verdict.OTHER_USER);
        }
    }

    private static SessionOrigin origin(int n) {
        return new SessionOrigin("127.0.0.1", 10_000 + n % 50_000, 1_000_000L + n);
    }

    @Test
    void closedConnectionsAreForgottenAfterTheGracePeriod() {
        for (int i = 0; i < 10_000; i++) {
            var owner = issued.owner(HERE);
            owner.issued(origin(i));
            owner.loggedIn("alice");
            owner.close();
        }
        assertThat(issued.size()).isEqualTo(10_000);
        clock.advance(IssuedTlsSessions.GRACE.plus(Duration.ofSeconds(1)));
        var live = issued.owner(HERE);
        live.issued(origin(-1));
        assertThat(issued.size()).isEqualTo(1);
    }

    @Test
    void aFloodOfConnectionsWithinTheGracePeriodIsCapped() {
        var live = issued.owner(HERE);
        live.issued(origin(-1));
        for (int i = 0; i < 3 * IssuedTlsSessions.MAX_RELEASED; i++) {
            var owner = issued.owner(HERE);
            owner.issued(origin(i));
            owner.close();
        }
        assertThat(issued.size()).isEqualTo(IssuedTlsSessions.MAX_RELEASED + 1); // the live one is never dropped
    }

    @Test
    void anOriginHeldByAnOpenConnectionNeverExpires() {
        var a = issued.owner(HERE);
        var b = issued.owner(HERE);
        a.issued(origin(1));
        b.issued(origin(1)); // b resumed a's session: the same origin
        a.close();
        clock.advance(IssuedTlsSessions.GRACE.multipliedBy(3));
        issued.owner(HERE).issued(origin(2)); // purges what expired
        assertThat(issued.size()).isEqualTo(2);
        b.close();
        clock.advance(IssuedTlsSessions.GRACE.plusSeconds(1));
        issued.owner(HERE).issued(origin(3));
        assertThat(issued.size()).isEqualTo(2); // origin 2's owner never closed; 1 is gone
    }

    /** rclone (Go) offers its newest ticket on every pooled connection; curl and JSSE use each once. */
    @Test
    void aTicketOfferedTwiceMarksTheSessionItDescendsFrom() {
        var go = issued.owner(HERE);
        go.issued(origin(1));
        var curl = issued.owner(HERE);
        curl.issued(origin(2));
        issued.offered(java.util.List.of("t1"), origin(1));
        issued.offered(java.util.List.of("t2"), origin(2));
        assertThat(issued.reused(origin(1))).isFalse();
        issued.offered(java.util.List.of("t1"), null); // offered again; this time not accepted
        assertThat(issued.reused(origin(1))).isTrue();
        assertThat(issued.reused(origin(2))).isFalse();
    }

    @Test
    void aSessionHeldByTwoOpenConnectionsIsShared() {
        var first = issued.owner(HERE);
        first.issued(origin(1));
        assertThat(issued.shared(origin(1))).isFalse();
        var second = issued.owner(HERE);
        second.issued(origin(1)); // resumed the first one's session
        assertThat(issued.shared(origin(1))).isTrue();
        second.close();
        assertThat(issued.shared(origin(1))).isFalse();
    }
}
