package dev.wharf.protocol;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Data-connection addresses as they appear on the control connection: PORT arguments and 227
 * replies (RFC 959 4.1.2, 4.2; RFC 1123 4.1.2.6), EPRT arguments and 229 replies (RFC 2428).
 */
public record HostPort(InetAddress address, int port) {
    private static final Pattern SIX_NUMBERS =
            Pattern.compile("(\\d{1,3}),(\\d{1,3}),(\\d{1,3}),(\\d{1,3}),(\\d{1,3}),(\\d{1,3})");

    public HostPort {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(address, port);
    }

    /** {@code h1,h2,h3,h4,p1,p2}: the PORT argument, and the inside of a 227 reply. */
    public String toPortArgument() {
        if (!(address instanceof Inet4Address)) {
            throw new IllegalArgumentException("PORT and PASV carry IPv4 addresses only: " + address);
        }
        byte[] a = address.getAddress();
        return (a[0] & 0xFF) + "," + (a[1] & 0xFF) + "," + (a[2] & 0xFF) + "," + (a[3] & 0xFF)
                + "," + (port >> 8) + "," + (port & 0xFF);
    }

    /** RFC 1123 4.1.2.6 form of the 227 text; clients find the numbers in parentheses. */
    public String toPassiveReplyText() {
        return "Entering Passive Mode (" + toPortArgument() + ")";
    }

    /** Parses a PORT argument. Throws {@link IllegalArgumentException} with a reason on bad input. */
    public static HostPort parsePortArgument(String argument) {
        var m = SIX_NUMBERS.matcher(argument.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("expected h1,h2,h3,h4,p1,p2");
        }
        return fromSixNumbers(m);
    }

    /** Finds the six numbers in a 227 reply text, with or without parentheses (RFC 1123 4.1.2.6). */
    public static HostPort parsePassiveReply(String text) {
        var m = SIX_NUMBERS.matcher(text);
        if (!m.find()) {
            throw new IllegalArgumentException("no h1,h2,h3,h4,p1,p2 in 227 reply: " + text);
        }
        return fromSixNumbers(m);
    }

    private static HostPort fromSixNumbers(java.util.regex.Matcher m) {
        int[] n = new int[6];
        for (int i = 0; i < 6; i++) {
            n[i] = Integer.parseInt(m.group(i + 1));
            if (n[i] > 255) {
                throw new IllegalArgumentException("number above 255 in host-port");
            }
        }
        try {
            var addr = InetAddress.getByAddress(new byte[] {(byte) n[0], (byte) n[1], (byte) n[2], (byte) n[3]});
            return new HostPort(addr, n[4] << 8 | n[5]);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** RFC 2428 2: {@code |1|132.235.1.2|6275|} or {@code |2|1080::8:800:200C:417A|5282|}. */
    public String toEprtArgument() {
        int proto = address instanceof Inet6Address ? 2 : 1;
        String host = address.getHostAddress();
        int scope = host.indexOf('%');
        if (scope >= 0) {
            host = host.substring(0, scope);
        }
        return "|" + proto + "|" + host + "|" + port + "|";
    }

    /**
     * Parses an EPRT argument. The first character is the delimiter (RFC 2428 2). Throws
     * {@link UnsupportedNetworkProtocolException} for a protocol other than 1 or 2, so the server can
     * answer 522, and {@link IllegalArgumentException} for anything malformed.
     */
    public static HostPort parseEprtArgument(String argument) {
        String arg = argument.strip();
        if (arg.length() < 7) {
            throw new IllegalArgumentException("expected <d>proto<d>address<d>port<d>");
        }
        char d = arg.charAt(0);
        if (d < 33 || d > 126 || arg.charAt(arg.length() - 1) != d) {
            throw new IllegalArgumentException("bad delimiter in EPRT argument");
        }
        String[] parts = arg.substring(1, arg.length() - 1).split(Pattern.quote(String.valueOf(d)), -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("expected <d>proto<d>address<d>port<d>");
        }
        String proto = parts[0];
        if (!proto.equals("1") && !proto.equals("2")) {
            throw new UnsupportedNetworkProtocolException(proto);
        }
        InetAddress addr = parseLiteralAddress(parts[1], proto.equals("1") ? 4 : 16);
        int port = parsePort(parts[2]);
        return new HostPort(addr, port);
    }

    /** The 229 reply text, RFC 2428 3: {@code Entering Extended Passive Mode (|||6446|)}. */
    public static String extendedPassiveReplyText(int port) {
        return "Entering Extended Passive Mode (|||" + port + "|)";
    }

    /** The port of a 229 reply text. */
    public static int parseExtendedPassiveReply(String text) {
        int open = text.indexOf('(');
        int close = text.lastIndexOf(')');
        if (open < 0 || close < open + 5) {
            throw new IllegalArgumentException("no (<d><d><d>port<d>) in 229 reply: " + text);
        }
        String inner = text.substring(open + 1, close);
        char d = inner.charAt(0);
        if (inner.charAt(1) != d || inner.charAt(2) != d || inner.charAt(inner.length() - 1) != d) {
            throw new IllegalArgumentException("bad 229 reply: " + text);
        }
        return parsePort(inner.substring(3, inner.length() - 1));
    }

    private static int parsePort(String s) {
        // ASCII digits only: Character.isDigit and parseInt also take Arabic-Indic and other digits.
        if (s.isEmpty() || s.length() > 5 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("bad port: " + s);
        }
        int port = Integer.parseInt(s);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + s);
        }
        return port;
    }

    /** Parses a numeric address without ever doing a DNS lookup ({@link IpLiterals}). */
    private static InetAddress parseLiteralAddress(String s, int expectedLength) {
        boolean rightShape = expectedLength == 4 ? IpLiterals.isIpv4(s) : s.contains(":");
        InetAddress addr = rightShape ? IpLiterals.parse(s).orElse(null) : null;
        if (addr == null) {
            throw new IllegalArgumentException("not a numeric IPv" + (expectedLength == 4 ? "4" : "6") + " address: " + s);
        }
        if (addr.getAddress().length != expectedLength) {
            throw new IllegalArgumentException("address family does not match protocol: " + s);
        }
        return addr;
    }

    /** An EPRT/EPSV network protocol number this implementation does not know (RFC 2428: reply 522). */
    public static final class UnsupportedNetworkProtocolException extends IllegalArgumentException {
        public UnsupportedNetworkProtocolException(String proto) {
            super("network protocol " + proto + " not supported, use (1,2)");
        }
    }
}
