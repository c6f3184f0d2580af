package dev.wharf.server.proxy;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * The PROXY protocol header a load balancer (HAProxy's {@code send-proxy} and {@code send-proxy-v2},
 * AWS NLB, nginx) puts in front of a connection it forwards, naming the client it came from. Both
 * versions of HAProxy's specification ("The PROXY protocol", versions 1 and 2).
 *
 * <p>The reader takes exactly the header's bytes off the socket and nothing after them, so that what
 * follows (a TLS ClientHello, an FTP command, a file's first byte) is untouched; it reads straight
 * from the socket, never through a buffer that could read ahead.
 */
public record ProxyHeader(InetSocketAddress source, InetSocketAddress destination) {
    /** Version 1: a text line of at most 107 bytes, CRLF included (spec 2.1). */
    static final int V1_MAX_LENGTH = 107;
    /** Version 2: 12 fixed bytes (spec 2.2). */
    static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    /**
     * Version 2's length field allows 65,535 bytes of addresses and TLVs; the addresses take at most
     * 216 (UNIX) and the TLVs of real balancers (ALPN, authority, SSL, AWS and Azure ids) a few hundred:
     * a longer header is refused rather than buffered.
     */
    static final int V2_MAX_PAYLOAD = 1024;

    /** A header that is malformed, truncated, too long, too slow or absent where one is required. */
    public static final class MalformedException extends IOException {
        MalformedException(String message) {
            super(message);
        }
    }

    /**
     * Reads the header at the start of {@code socket}'s stream within {@code timeout} (all of it, not
     * per byte: a header sent one byte at a time fails as one that never comes). Returns empty for a
     * header that names no client (v1 {@code UNKNOWN}, v2 {@code LOCAL}: the balancer's own health
     * checks, or a family it cannot express), where the connection's own address stands.
     */
    public static Optional<ProxyHeader> read(Socket socket, Duration timeout) throws IOException {
        int before = socket.getSoTimeout();
        try {
            return read(new DeadlineInput(socket, timeout));
        } catch (SocketTimeoutException e) {
            throw new MalformedException("no complete PROXY protocol header within " + timeout.toMillis() + " ms");
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(before);
            }
        }
    }

    static Optional<ProxyHeader> read(ByteSource in) throws IOException {
        int first = in.read();
        if (first == 'P') {
            return readV1(in);
        }
        if (first == V2_SIGNATURE[0]) {
            return readV2(in);
        }
        throw new MalformedException(first < 0 ? "the connection closed before a PROXY protocol header"
                : "expected a PROXY protocol header, got " + describeByte(first) + " first"
                        + (first == 0x16 ? " (a TLS handshake: the balancer does not send the PROXY protocol)" : ""));
    }

    // ---- version 1 (spec 2.1) ----

    private static Optional<ProxyHeader> readV1(ByteSource in) throws IOException {
        byte[] line = new byte[V1_MAX_LENGTH];
        line[0] = 'P';
        int n = 1;
        while (true) {
            if (n == V1_MAX_LENGTH) {
                throw new MalformedException("PROXY protocol v1 header longer than " + V1_MAX_LENGTH + " bytes");
            }
            int b = in.read();
            if (b < 0) {
                throw new MalformedException("the connection closed inside a PROXY protocol v1 header");
            }
            line[n++] = (byte) b;
            if (b == '\n') {
                break;
            }
        }
        if (n < 2 || line[n - 2] != '\r') {
            throw new MalformedException("PROXY protocol v1 header not ended by CRLF");
        }
        String text = new String(line, 0, n - 2, StandardCharsets.US_ASCII);
        String[] f = text.split(" ", -1);
        if (!f[0].equals("PROXY") || f.length < 2) {
            throw new MalformedException("not a PROXY protocol v1 header: '" + printable(text) + "'");
        }
        if (f[1].equals("UNKNOWN")) {
            return Optional.empty(); // spec 2.1: the rest of the line is to be ignored
        }
        if (f.length != 6 || !(f[1].equals("TCP4") || f[1].equals("TCP6"))) {
            throw new MalformedException("malformed PROXY protocol v1 header: '" + printable(text) + "'");
        }
        boolean v4 = f[1].equals("TCP4");
        InetAddress source = v1Address(f[2], v4);
        InetAddress destination = v1Address(f[3], v4);
        return Optional.of(new ProxyHeader(new InetSocketAddress(source, v1Port(f[4])),
                new InetSocketAddress(destination, v1Port(f[5]))));
    }

    private static InetAddress v1Address(String s, boolean v4) throws MalformedException {
        Optional<InetAddress> a = dev.wharf.protocol.IpLiterals.parse(s);
        if (a.isEmpty() || (a.get() instanceof java.net.Inet4Address) != v4 || (v4 && !dev.wharf.protocol.IpLiterals.isIpv4(s))) {
            throw new MalformedException("PROXY protocol v1 header: '" + printable(s) + "' is not an "
                    + (v4 ? "IPv4" : "IPv6") + " address");
        }
        return a.get();
    }

    private static int v1Port(String s) throws MalformedException {
        // Spec 2.1: decimal, 0-65535, no leading zero (a bound on the length rules out overflow too).
        if (s.isEmpty() || s.length() > 5 || !s.chars().allMatch(Character::isDigit) || (s.length() > 1 && s.charAt(0) == '0')) {
            throw new MalformedException("PROXY protocol v1 header: '" + printable(s) + "' is not a port");
        }
        int port = Integer.parseInt(s);
        if (port > 65535) {
            throw new MalformedException("PROXY protocol v1 header: port " + port + " is out of range");
        }
        return port;
    }

    // ---- version 2 (spec 2.2) ----

    private static Optional<ProxyHeader> readV2(ByteSource in) throws IOException {
        byte[] fixed = in.readExactly(15); // the rest of the signature, version and command, family, length
        byte[] signature = new byte[12];
        signature[0] = V2_SIGNATURE[0];
        System.arraycopy(fixed, 0, signature, 1, 11);
        if (!Arrays.equals(signature, V2_SIGNATURE)) {
            throw new MalformedException("not a PROXY protocol header: a bad version 2 signature");
        }
        int versionCommand = fixed[11] & 0xFF;
        int familyTransport = fixed[12] & 0xFF;
        int length = ((fixed[13] & 0xFF) << 8) | (fixed[14] & 0xFF);
        if (versionCommand >> 4 != 2) {
            throw new MalformedException("PROXY protocol version " + (versionCommand >> 4) + " is not supported");
        }
        if (length > V2_MAX_PAYLOAD) {
            throw new MalformedException("PROXY protocol v2 header of " + length + " bytes: longer than the "
                    + V2_MAX_PAYLOAD + " this server accepts");
        }
        byte[] payload = in.readExactly(length); // read in full even when ignored: it must not reach the session
        int command = versionCommand & 0x0F;
        if (command == 0x0) {
            return Optional.empty(); // LOCAL: the balancer's own connection (a health check)
        }
        if (command != 0x1) {
            throw new MalformedException("PROXY protocol v2 command " + command + " is not defined");
        }
        int family = familyTransport >> 4;
        int transport = familyTransport & 0x0F;
        int addressLength = switch (family) {
            case 0x1 -> 4;
            case 0x2 -> 16;
            default -> 0; // UNSPEC or UNIX: no IP address to use (spec: the receiver uses the real one)
        };
        if (addressLength == 0 || transport != 0x1) {
            return Optional.empty();
        }
        if (length < 2 * addressLength + 4) {
            throw new MalformedException("PROXY protocol v2 header too short for its addresses (" + length + " bytes)");
        }
        InetAddress source = InetAddress.getByAddress(Arrays.copyOfRange(payload, 0, addressLength));
        InetAddress destination = InetAddress.getByAddress(Arrays.copyOfRange(payload, addressLength, 2 * addressLength));
        int sourcePort = ((payload[2 * addressLength] & 0xFF) << 8) | (payload[2 * addressLength + 1] & 0xFF);
        int destinationPort = ((payload[2 * addressLength + 2] & 0xFF) << 8) | (payload[2 * addressLength + 3] & 0xFF);
        // The TLVs after the addresses (ALPN, SSL facts, cloud ids) are not used.
        return Optional.of(new ProxyHeader(new InetSocketAddress(source, sourcePort),
                new InetSocketAddress(destination, destinationPort)));
    }

    private static String describeByte(int b) {
        return b >= 0x20 && b < 0x7F ? "'" + (char) b + "'" : String.format("byte 0x%02X", b);
    }

    private static String printable(String s) {
        var sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return sb.toString();
    }

    /** Where the bytes come from: a socket with one deadline for the whole header, or (tests) an array. */
    interface ByteSource {
        /** The next byte, or -1 at the end of the stream. */
        int read() throws IOException;

        default byte[] readExactly(int n) throws IOException {
            byte[] out = new byte[n];
            for (int i = 0; i < n; i++) {
                int b = read();
                if (b < 0) {
                    throw new MalformedException("the connection closed inside a PROXY protocol v2 header");
                }
                out[i] = (byte) b;
            }
            return out;
        }
    }

    /** Reads the socket directly, byte by byte, with what is left of one deadline as its timeout. */
    private static final class DeadlineInput implements ByteSource {
        private final Socket socket;
        private final InputStream in;
        private final long deadline;

        DeadlineInput(Socket socket, Duration timeout) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.deadline = System.nanoTime() + timeout.toNanos();
        }

        @Override
        public int read() throws IOException {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new SocketTimeoutException();
            }
            socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
            return in.read();
        }

        @Override
        public byte[] readExactly(int n) throws IOException {
            byte[] out = new byte[n];
            int got = 0;
            while (got < n) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new SocketTimeoutException();
                }
                socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
                int r = in.read(out, got, n - got);
                if (r < 0) {
                    throw new EOFException();
                }
                got += r;
            }
            return out;
        }
    }
}
