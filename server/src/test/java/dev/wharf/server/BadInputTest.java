package dev.wharf.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.protocol.Reply;
import dev.wharf.server.support.RawClient;
import dev.wharf.server.support.TestServer;
import dev.wharf.server.support.TestServers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Input no client should send: the session survives what it can be answered, ends on what it
 * cannot, and the server goes on serving. After each test every session has ended.
 */
@Timeout(120)
class BadInputTest {
    /** Not a TLS record type and not SSLv2: JSSE rejects it from the first bytes, without waiting for more. */
    private static final byte[] NOT_A_CLIENT_HELLO = "this is not a TLS ClientHello\r\n".getBytes(StandardCharsets.US_ASCII);

    @RegisterExtension
    final TestServers servers = new TestServers();

    @Test
    void lineOf100KilobytesIsRefusedAndTheSessionGoesOn() throws Exception {
        TestServer server = servers.start();
        RawClient client = server.loggedIn();

        byte[] line = new byte[100 * 1024];
        Arrays.fill(line, (byte) 'A');
        client.sendBytes(line); // no line end yet...
        client.sendBytes("\r\n".getBytes(StandardCharsets.US_ASCII)); // ...now

        assertThat(client.expectReply(500).text()).contains("too long");
        client.expect(257, "PWD"); // still logged in
        client.expect(200, "NOOP");
        assertSessionsEndAndServerServes(server, client);
    }

    @Test
    void longLineWithoutTlsToo() throws Exception {
        TestServer server = servers.start();
        RawClient client = server.explicit();

        client.sendBytes(("NOOP " + "x".repeat(100 * 1024) + "\n").getBytes(StandardCharsets.US_ASCII));

        client.expectReply(500);
        client.expect(200, "NOOP");
        assertSessionsEndAndServerServes(server, client);
    }

    @Test
    void binaryLinesGetSyntaxErrorsAndTheSessionGoesOn() throws Exception {
        TestServer server = servers.start();
        RawClient client = server.explicit();
        int lines = 64;

        client.sendBytes(binaryLines(new Random(4217), lines));

        for (int i = 0; i < lines; i++) {
            Reply reply = client.read();
            assertThat(reply.code()).as("reply %d: %s", i, reply).isEqualTo(500);
        }
        client.expect(200, "NOOP");
        client.authTls(); // and TLS still starts
        client.login();
        assertSessionsEndAndServerServes(server, client);
    }

    @Test
    void randomBytesIncludingTelnetCommandsThenClose() throws Exception {
        TestServer server = servers.start();
        RawClient client = server.explicit();
        byte[] garbage = new byte[64 * 1024];
        new Random(959).nextBytes(garbage);

        client.sendBytes(garbage); // whatever the server makes of it (IAC SB may swallow the rest)...
        client.reset(); // ...the client goes away

        assertSessionsEndAndServerServes(server, client);
    }

    @Test
    void garbageInsteadOfAClientHelloOnTheImplicitPort() throws Exception {
        TestServer server = servers.start();
        RawClient client = server.connect(server.implicitPort());

        client.sendBytes(garbageAfter(NOT_A_CLIENT_HELLO));

        client.awaitClosedByServer(); // at most a TLS alert, never a reply
        assertSessionsEndAndServerServes(server, client);
    }

    @Test
    void implicitClientOnTheExplicitPortIsClosedAtOnce() throws Exception {
        TestServer server = servers.start();
        RawClient client = server.connect(server.explicitPort());
        client.expectReply(220);

        // A ClientHello holds no line feed as a rule: without the check the session would wait for
        // the end of a "command line" until the login timeout.
        client.sendBytes(client.clientHello());

        client.awaitClosedByServer();
        assertSessionsEndAndServerServes(server, client);
    }

    @Test
    void garbageInsteadOfAClientHelloAfterAuthTls() throws Exception {
        TestServer server = servers.start();
        RawClient client = server.explicit();
        client.expect(234, "AUTH TLS");

        client.sendBytes(garbageAfter(NOT_A_CLIENT_HELLO));

        client.awaitClosedByServer();
        assertSessionsEndAndServerServes(server, client);
    }

    @Test
    void garbageInsideTls() throws Exception {
        TestServer server = servers.start();
        RawClient client = server.loggedIn();

        // Under TLS: a complete application_data record whose 64 bytes cannot be decrypted. (A random
        // header would announce up to 64 KiB, and the server would rightly wait for all of it.)
        byte[] record = Arrays.copyOf(new byte[] {0x17, 0x03, 0x03, 0x00, 0x40}, 5 + 0x40);
        System.arraycopy(garbageAfter(new byte[0]), 0, record, 5, 0x40);
        client.socket().getOutputStream().write(record);

        client.awaitClosedByServer();
        assertSessionsEndAndServerServes(server, client);
    }

    private static void assertSessionsEndAndServerServes(TestServer server, RawClient client) throws Exception {
        client.close();
        server.awaitNoSessions();
        server.assertServesNewSessions();
    }

    /** {@code count} lines of random bytes, without CR, LF, Telnet IAC or a TLS record type first. */
    private static byte[] binaryLines(Random random, int count) {
        var out = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            int length = 1 + random.nextInt(200);
            for (int j = 0; j < length; j++) {
                int b;
                do {
                    b = random.nextInt(256);
                } while (b == '\r' || b == '\n' || b == 0xFF || (j == 0 && b == 0x16));
                out.write(b);
            }
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    private static byte[] garbageAfter(byte[] start) {
        byte[] garbage = Arrays.copyOf(start, start.length + 4096);
        byte[] random = new byte[4096];
        new Random(2228).nextBytes(random);
        System.arraycopy(random, 0, garbage, start.length, random.length);
        return garbage;
    }
}
