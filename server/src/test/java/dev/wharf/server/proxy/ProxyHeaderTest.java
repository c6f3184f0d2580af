package dev.wharf.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The header parser on bytes (the socket side is ProxyProtocolTest's): HAProxy's spec, versions 1 and 2. */
class ProxyHeaderTest {
    /** Parses {@code bytes}; what the parser left unread must be exactly {@code rest}. */
    private static Optional<ProxyHeader> parse(byte[] bytes, String rest) throws IOException {
        var in = new ByteArrayInputStream(bytes);
        Optional<ProxyHeader> header = ProxyHeader.read(in::read);
        assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).as("left for the session").isEqualTo(rest);
        return header;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] v2(int versionCommand, int familyTransport, byte[] payload, String rest) {
        ByteBuffer b = ByteBuffer.allocate(16 + payload.length + rest.length());
        b.put(ProxyHeader.V2_SIGNATURE).put((byte) versionCommand).put((byte) familyTransport)
                .putShort((short) payload.length).put(payload).put(ascii(rest));
        return b.array();
    }

    @Test
    void v1Tcp4AndTcp6NameTheClientAndLeaveTheRest() throws Exception {
        ProxyHeader h = parse(ascii("PROXY TCP4 192.0.2.7 198.51.100.1 56324 21\r\nUSER alice\r\n"), "USER alice\r\n").orElseThrow();
        assertThat(h.source()).isEqualTo(new InetSocketAddress("192.0.2.7", 56324));
        assertThat(h.destination()).isEqualTo(new InetSocketAddress("198.51.100.1", 21));
        ProxyHeader h6 = parse(ascii("PROXY TCP6 2001:db8::7 2001:db8::1 65535 990\r\n\u0016\u0003"), "\u0016\u0003").orElseThrow();
        assertThat(h6.source()).isEqualTo(new InetSocketAddress("2001:db8::7", 65535));
    }

    @Test
    void v1UnknownMeansTheConnectionsOwnAddress() throws Exception {
        assertThat(parse(ascii("PROXY UNKNOWN ffff::1 ffff::2 1 2\r\nx"), "x")).isEmpty();
        assertThat(parse(ascii("PROXY UNKNOWN\r\n"), "")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "PROXY TCP4 192.0.2.7 198.51.100.1 56324 21\n",          // LF only
        "PROXY TCP4 192.0.2.7 198.51.100.1 056324 21\r\n",       // leading zero
        "PROXY TCP4 192.0.2.7 198.51.100.1 65536 21\r\n",        // port out of range
        "PROXY TCP4 2001:db8::7 198.51.100.1 1 21\r\n",          // family mismatch
        "PROXY TCP4 192.0.2.7 198.51.100.1 1\r\n",               // a field missing
        "PROXY UDP4 192.0.2.7 198.51.100.1 1 21\r\n",            // not TCP
        "PROXY TCP4 host.example 198.51.100.1 1 21\r\n",         // a name, not an address
        "PROXY  TCP4 192.0.2.7 198.51.100.1 1 21\r\n",           // two spaces
        "PROXI TCP4 192.0.2.7 198.51.100.1 1 21\r\n",
        "USER alice\r\n",
        "PROXY TCP4 192.0.2.7",                                   // truncated
        ""})
    void malformedV1HeadersAreRefused(String header) {
        assertThatThrownBy(() -> ProxyHeader.read(new ByteArrayInputStream(ascii(header))::read))
                .isInstanceOf(ProxyHeader.MalformedException.class);
    }

    @Test
    void aV1HeaderLongerThanTheSpecsLimitIsRefusedWithoutReadingOn() {
        var in = new ByteArrayInputStream(ascii("PROXY TCP4 " + "9".repeat(500) + "\r\n"));
        assertThatThrownBy(() -> ProxyHeader.read(in::read)).hasMessageContaining("longer than 107 bytes");
        assertThat(in.available()).as("stopped at the limit").isEqualTo(500 + 13 - 107);
    }

    @Test
    void v2Inet4AndInet6WithTlvsNameTheClientAndLeaveTheRest() throws Exception {
        byte[] v4 = ByteBuffer.allocate(12 + 7).put(new byte[] {(byte) 192, 0, 2, 7}).put(new byte[] {(byte) 198, 51, 100, 1})
                .putShort((short) 40000).putShort((short) 990).put(new byte[] {0x01, 0x00, 0x04, 'f', 't', 'p', 's'}).array();
        ProxyHeader h = parse(v2(0x21, 0x11, v4, "\u0016\u0003\u0001"), "\u0016\u0003\u0001").orElseThrow();
        assertThat(h.source()).isEqualTo(new InetSocketAddress("192.0.2.7", 40000));
        assertThat(h.destination().getPort()).isEqualTo(990);

        byte[] v6 = ByteBuffer.allocate(36).put(java.net.InetAddress.getByName("2001:db8::7").getAddress())
                .put(java.net.InetAddress.getByName("2001:db8::1").getAddress()).putShort((short) 1).putShort((short) 21).array();
        assertThat(parse(v2(0x21, 0x21, v6, "QUIT\r\n"), "QUIT\r\n").orElseThrow().source())
                .isEqualTo(new InetSocketAddress("2001:db8::7", 1));
    }

    @Test
    void v2LocalAndUnspecifiedFamiliesMeanTheConnectionsOwnAddressAndAreReadToTheirEnd() throws Exception {
        assertThat(parse(v2(0x20, 0x00, new byte[0], "rest"), "rest")).isEmpty();         // LOCAL (health check)
        assertThat(parse(v2(0x21, 0x00, new byte[] {1, 2, 3}, "rest"), "rest")).isEmpty(); // UNSPEC
        assertThat(parse(v2(0x21, 0x31, new byte[216], "rest"), "rest")).isEmpty();      // UNIX
        assertThat(parse(v2(0x21, 0x12, new byte[12], "rest"), "rest")).isEmpty();       // UDP
    }

    @Test
    void malformedV2HeadersAreRefused() {
        byte[] badSignature = v2(0x21, 0x11, new byte[12], "");
        badSignature[7] = 'X';
        for (byte[] bad : new byte[][] {
            badSignature,
            v2(0x11, 0x11, new byte[12], ""),        // version 1 in a binary header
            v2(0x22, 0x11, new byte[12], ""),        // command 2
            v2(0x21, 0x11, new byte[8], ""),         // too short for two IPv4 addresses and ports
            v2(0x21, 0x11, new byte[ProxyHeader.V2_MAX_PAYLOAD + 1], ""),
            java.util.Arrays.copyOf(v2(0x21, 0x11, new byte[12], ""), 20)}) { // truncated
            assertThatThrownBy(() -> ProxyHeader.read(new ByteArrayInputStream(bad)::read))
                    .isInstanceOf(ProxyHeader.MalformedException.class);
        }
    }

    @Test
    void aTlsHandshakeInsteadOfAHeaderSaysTheBalancerDoesNotSendIt() {
        assertThatThrownBy(() -> ProxyHeader.read(new ByteArrayInputStream(new byte[] {0x16, 0x03, 0x01})::read))
                .hasMessageContaining("the balancer does not send the PROXY protocol");
    }
}
