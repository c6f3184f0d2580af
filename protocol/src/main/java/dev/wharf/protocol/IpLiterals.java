package dev.wharf.protocol;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IP address literals, parsed without ever asking DNS, and the one classification of addresses as
 * private. {@code InetAddress.getByName} takes {@code 999.1.1.1} and {@code example.com} for host
 * names and looks them up, and reads {@code 1.2.3} as {@code 1.2.0.3}: only strings that are
 * literals by these rules reach it.
 */
public final class IpLiterals {
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    /** Hex groups with colons (at least one), an optional embedded IPv4 tail, an optional %zone. */
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[\\w.-]+)?");

    private IpLiterals() {}

    public static boolean isIpv4(String s) {
        return IPV4.matcher(s).matches();
    }

    /** An IPv4 or IPv6 literal, IPv6 with or without [brackets]. */
    public static boolean isLiteral(String s) {
        return isIpv4(s) || isIpv6(unbracket(s));
    }

    /** The address of a literal; empty for anything else, never a DNS lookup. */
    public static Optional<InetAddress> parse(String s) {
        String bare = unbracket(s.strip());
        if (!isIpv4(bare) && !isIpv6(bare)) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(bare)); // a literal: no lookup (::ffff:a.b.c.d gives IPv4)
        } catch (UnknownHostException e) {
            return Optional.empty(); // a malformed IPv6 literal
        }
    }

    /**
     * Loopback, site-local (RFC 1918), link-local, the wildcard, and IPv6 unique local (fc00::/7):
     * the addresses of clients on this side of a NAT.
     */
    public static boolean isPrivate(InetAddress a) {
        return a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || (a instanceof Inet6Address && (a.getAddress()[0] & 0xFE) == 0xFC);
    }

    private static boolean isIpv6(String s) {
        return s.contains(":") && IPV6.matcher(s).matches();
    }

    private static String unbracket(String s) {
        return s.length() > 2 && s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
    }
}
