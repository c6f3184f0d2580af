package dev.wharf.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.server.support.RawClient;
import dev.wharf.server.support.TestServer;
import dev.wharf.server.support.TestServers;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Slowloris on both listeners (issue 14 §3): hundreds of connections that never start or finish
 * their TLS handshake, send a command a byte at a time, or open a passive port and never connect.
 * The handshake, login and data timeouts end each of them, the per-address cap holds, and a client
 * from another address logs in and lists during the attack (its login time is printed).
 */
@Timeout(180)
class SlowlorisTest {
    private static final int ADDRESSES = 20;
    private static final int PER_ADDRESS = 5;

    @RegisterExtension
    final TestServers servers = new TestServers();

    private final List<Socket> attack = new ArrayList<>();

    private Socket open(InetAddress from, int port) throws IOException {
        var s = new Socket();
        s.bind(new InetSocketAddress(from, 0));
        s.connect(new InetSocketAddress(RawClient.HOST, port), 10_000);
        s.setSoTimeout(30_000);
        attack.add(s);
        return s;
    }

    @Test
    void slowClientsAreTimedOutAndALegitimateClientIsServedMeanwhile() throws Exception {
        TestServer server = servers.start(b -> b.tlsHandshakeTimeout(Duration.ofSeconds(3))
                .loginTimeout(Duration.ofSeconds(4)).dataTimeout(Duration.ofSeconds(3))
                .maxSessionsPerAddress(PER_ADDRESS).maxSessions(1000));
        List<Socket> silentTls = new ArrayList<>();
        List<Socket> dripping = new ArrayList<>();
        for (int a = 0; a < ADDRESSES; a++) {
            InetAddress from = InetAddress.getByName("127.0.2." + (10 + a));
            for (int c = 0; c < 2; c++) {
                silentTls.add(open(from, server.implicitPort())); // never sends a ClientHello
            }
            for (int c = 0; c < 3; c++) {
                dripping.add(open(from, server.explicitPort())); // will send "USER " a byte at a time
            }
        }
        // Counted by two accept loops (one per listener): wait until both have taken every connection.
        server.awaitSessions(silentTls.size() + dripping.size());
        // The cap: a sixth connection from one of those addresses is refused at once.
        Socket overCap = open(InetAddress.getByName("127.0.2.10"), server.explicitPort());
        assertThat(firstLine(overCap.getInputStream())).startsWith("421 Too many connections from your address");

        // A passive port opened and never connected to.
        RawClient idlePassive = RawClient.connectFrom(InetAddress.getByName("127.0.3.1"), server.explicitPort());
        idlePassive.expectReply(220);
        idlePassive.authTls();
        idlePassive.login();
        idlePassive.expect(200, "PBSZ 0");
        idlePassive.expect(200, "PROT P");
        idlePassive.expect(229, "EPSV");
        idlePassive.send("LIST");

        for (int i = 0; i < 3; i++) { // a byte a second, a few times
            for (Socket s : dripping) {
                drip(s, "USER ".charAt(i));
            }
            Thread.sleep(1000);
        }

        long start = System.nanoTime();
        try (RawClient legit = RawClient.connectFrom(InetAddress.getByName("127.0.0.2"), server.explicitPort())) {
            legit.expectReply(220);
            legit.authTls();
            legit.login();
            legit.expect(211, "STAT");
        }
        long loginMillis = (System.nanoTime() - start) / 1_000_000;

        // Each slow connection ends by its timeout: the handshake's, or the login's.
        for (Socket s : silentTls) {
            assertThat(readToEnd(s.getInputStream())).as("closed by the handshake timeout").isTrue();
        }
        for (Socket s : dripping) {
            assertThat(readToEnd(s.getInputStream())).as("closed by the login timeout").isTrue();
        }
        idlePassive.expectReply(150);
        assertThat(idlePassive.expectReply(425).text()).contains("did not connect in time");
        System.out.printf("SlowlorisTest: %d slow connections from %d addresses; legitimate login and STAT took %d ms%n",
                silentTls.size() + dripping.size(), ADDRESSES, loginMillis);
        for (Socket s : attack) {
            s.close();
        }
        server.awaitSessions(1); // only the idle-passive session is left
    }

    private static void drip(Socket s, char c) {
        try {
            s.getOutputStream().write(c);
        } catch (IOException closedAlready) {
            // the server ended it: fine
        }
    }

    private static String firstLine(InputStream in) throws IOException {
        var sb = new StringBuilder();
        for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
            sb.append((char) c);
        }
        return sb.toString().strip();
    }

    /** Reads until the server closes the connection; false if it is still open after 30 s. */
    private static boolean readToEnd(InputStream in) throws IOException {
        try {
            while (in.read() >= 0) {
                // the greeting, the 421
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
