package dev.wharf.server.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.server.config.ServerConfig.ProxyProtocol.Mode;
import dev.wharf.server.proxy.AddressRange;
import dev.wharf.server.support.TestServer;
import dev.wharf.server.support.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The PROXY protocol on real sockets: 127.0.0.1 plays the trusted load balancer, and the clients it
 * speaks for are other loopback addresses (127.0.0.2 and up, which Linux routes to the same
 * interface), so that the header's address and the socket's differ as they do behind HAProxy.
 */
@Timeout(60)
class ProxyProtocolTest {
    private static final InetAddress BALANCER = address("127.0.0.1");
    private static final InetAddress CLIENT = address("127.0.0.2");
    private static final InetAddress OTHER = address("127.0.0.3");

    @RegisterExtension
    final TestServers servers = new TestServers();

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private TestServer server(Mode mode, boolean data) throws IOException {
        return servers.start(b -> b.proxyProtocol(mode).proxyTrusted(List.of(AddressRange.parse("127.0.0.1/32")))
                .proxyProtocolData(data).tlsHandshakeTimeout(Duration.ofSeconds(2))
                .maxLoginFailures(2).failedLoginDelay(Duration.ZERO));
    }

    /** A connection from {@code from} to {@code port} that begins with {@code preamble}. */
    private static Socket connect(InetAddress from, int port, byte[] preamble) throws IOException {
        var s = new Socket();
        s.bind(new InetSocketAddress(from, 0));
        s.connect(new InetSocketAddress(BALANCER, port), 10_000);
        s.setSoTimeout(20_000);
        s.getOutputStream().write(preamble);
        return s;
    }

    static byte[] v1(InetAddress client, int clientPort, int serverPort) {
        return ("PROXY TCP4 " + client.getHostAddress() + " 127.0.0.1 " + clientPort + " " + serverPort + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Version 2, PROXY command, TCP over IPv4, with one TLV (as HAProxy's send-proxy-v2-ssl adds some). */
    static byte[] v2(InetAddress client, int clientPort, int serverPort) {
        byte[] tlv = {0x04, 0x00, 0x03, 'a', 'b', 'c'}; // type 0x04 (NOOP), length 3
        ByteBuffer b = ByteBuffer.allocate(16 + 12 + tlv.length);
        b.put(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
        b.put((byte) 0x21).put((byte) 0x11).putShort((short) (12 + tlv.length));
        b.put(client.getAddress()).put(BALANCER.getAddress()).putShort((short) clientPort).putShort((short) serverPort);
        b.put(tlv);
        return b.array();
    }

    private static String greetingOrClose(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        var line = new ByteArrayOutputStream();
        for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
            line.write(c);
        }
        return line.toString(StandardCharsets.US_ASCII).strip();
    }

    @Test
    void theHeadersClientIsTheSessionsAndItsDataConnectionsMustComeFromIt() throws Exception {
        TestServer server = server(Mode.REQUIRED, false);
        Socket control = connect(BALANCER, server.explicitPort(), v1(CLIENT, 40000, server.explicitPort()));
        try (RawClient c = RawClient.explicit(control, TestServer.USER, "P", RawClient.trustAllTls())) {
            assertThat(c.command("STAT", 211).text()).contains("Connected from 127.0.0.2 port 40000");

            byte[] content = "straight from 127.0.0.2".getBytes(StandardCharsets.UTF_8);
            c.stor("direct.txt", content, c.openPassiveData(CLIENT, new byte[0]));
            c.expect(226);
            assertThat(Files.readAllBytes(server.home().resolve("direct.txt"))).isEqualTo(content);

            // The balancer's own address is not the client's: its data connection is refused.
            Socket fromBalancer = c.openPassiveData(BALANCER, new byte[0]);
            c.command("STOR refused.txt", 150);
            assertThat(fromBalancer.getInputStream().read()).as("closed by the server").isEqualTo(-1);
        }
    }

    @Test
    void aDataConnectionThroughTheBalancerCarriesAHeaderThatNeverReachesTheFile() throws Exception {
        TestServer server = server(Mode.REQUIRED, true);
        Socket control = connect(BALANCER, server.explicitPort(), v2(CLIENT, 40001, server.explicitPort()));
        try (RawClient c = RawClient.explicit(control, TestServer.USER, "P", RawClient.trustAllTls())) {
            byte[] content = "a header goes before the ClientHello, and only the file after TLS".getBytes(StandardCharsets.UTF_8);
            c.stor("through.txt", content, c.openPassiveData(BALANCER, v2(CLIENT, 40002, 0)));
            c.expect(226);
            assertThat(Files.readAllBytes(server.home().resolve("through.txt"))).isEqualTo(content);

            // A header naming someone else is that someone's data connection: refused.
            Socket foreign = c.openPassiveData(BALANCER, v1(OTHER, 40003, 0));
            c.command("STOR foreign.txt", 150);
            assertThat(foreign.getInputStream().read()).as("closed by the server").isEqualTo(-1);
        }
    }

    @Test
    void implicitFtpsBeginsWithTheHeaderThenTheTlsHandshake() throws Exception {
        TestServer server = server(Mode.REQUIRED, false);
        Socket raw = connect(BALANCER, server.implicitPort(), v2(CLIENT, 40004, server.implicitPort()));
        var tls = (javax.net.ssl.SSLSocket) dev.wharf.server.support.TrustAll.context().getSocketFactory()
                .createSocket(raw, "127.0.0.1", raw.getPort(), true);
        tls.startHandshake();
        assertThat(greetingOrClose(tls)).startsWith("220 ");
        tls.close();
    }

    @Test
    void bansCountTheHeadersAddressNotTheBalancers() throws Exception {
        TestServer server = server(Mode.REQUIRED, false);
        Socket control = connect(BALANCER, server.explicitPort(), v1(CLIENT, 40005, server.explicitPort()));
        try (RawClient c = RawClient.explicitTlsOnly(control)) {
            c.command("USER " + TestServer.USER, 331);
            c.command("PASS wrong", 530);
            c.command("USER " + TestServer.USER, 331);
            c.command("PASS wrong", 421);
        }
        Socket banned = connect(BALANCER, server.explicitPort(), v1(CLIENT, 40006, server.explicitPort()));
        assertThat(greetingOrClose(banned)).startsWith("421 Too many failed logins");
        Socket other = connect(BALANCER, server.explicitPort(), v1(OTHER, 40007, server.explicitPort()));
        assertThat(greetingOrClose(other)).startsWith("220 ");
    }

    @Test
    void requiredRefusesAPeerThatIsNotTrustedBeforeAnythingIsSent() throws Exception {
        TestServer server = server(Mode.REQUIRED, false);
        Socket direct = connect(CLIENT, server.explicitPort(), v1(OTHER, 40008, server.explicitPort()));
        assertThat(direct.getInputStream().read()).as("closed without a greeting").isEqualTo(-1);
        Socket viaBalancer = connect(BALANCER, server.explicitPort(), v1(CLIENT, 40011, server.explicitPort()));
        assertThat(greetingOrClose(viaBalancer)).startsWith("220 ");
        Socket balancerWithoutHeader = connect(BALANCER, server.explicitPort(), new byte[0]);
        balancerWithoutHeader.shutdownOutput(); // as a balancer that forgot send-proxy would send a command, not a header
        assertThat(balancerWithoutHeader.getInputStream().read()).isEqualTo(-1);
    }

    @Test
    void optionalServesOtherPeersDirectlyAndRefusesAHeaderFromThem() throws Exception {
        TestServer server = server(Mode.OPTIONAL, false);
        Socket direct = connect(CLIENT, server.explicitPort(), new byte[0]);
        assertThat(greetingOrClose(direct)).startsWith("220 ");
        direct.close();

        Socket forged = connect(CLIENT, server.explicitPort(), v1(OTHER, 40009, server.explicitPort()));
        assertThat(greetingOrClose(forged)).startsWith("220 ");
        assertThat(greetingOrClose(forged)).startsWith("421 PROXY protocol header refused");
        assertThat(forged.getInputStream().read()).isEqualTo(-1);
    }

    @Test
    void malformedTruncatedAndSlowHeadersAreClosedAndTheNextClientIsServed() throws Exception {
        TestServer server = server(Mode.REQUIRED, false);
        List<byte[]> bad = List.of(
                "PROXY TCP4 127.0.0.2 127.0.0.1 99999 21\r\n".getBytes(StandardCharsets.US_ASCII),
                "PROXY TCP4 not-an-address 127.0.0.1 1 21\r\n".getBytes(StandardCharsets.US_ASCII),
                ("PROXY TCP4 " + "1".repeat(200) + "\r\n").getBytes(StandardCharsets.US_ASCII),
                "USER alice\r\n".getBytes(StandardCharsets.US_ASCII),
                new byte[] {0x16, 0x03, 0x01, 0x00, 0x05},
                new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, 0x21, 0x11, (byte) 0xFF, (byte) 0xFF},
                "PROXY TCP4 127.0.0.2".getBytes(StandardCharsets.US_ASCII)); // and then nothing: too slow
        for (byte[] header : bad) {
            Socket s = connect(BALANCER, server.explicitPort(), header);
            assertThat(s.getInputStream().read()).as(new String(header, StandardCharsets.ISO_8859_1)).isEqualTo(-1);
            s.close();
        }
        Socket good = connect(BALANCER, server.explicitPort(), v1(CLIENT, 40010, server.explicitPort()));
        assertThat(greetingOrClose(good)).startsWith("220 ");
        server.awaitSessions(1);
    }
}
