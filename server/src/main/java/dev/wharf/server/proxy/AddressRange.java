package dev.wharf.server.proxy;

import dev.wharf.protocol.IpLiterals;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * An address block in CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/8}), or one address
 * ({@code 192.0.2.7}, a /32 or /128). IP literals only: a host name would need DNS, which a security
 * decision must not depend on.
 */
public record AddressRange(InetAddress network, int prefixLength) {
    public AddressRange {
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length /" + prefixLength + " is out of range for " + network.getHostAddress());
        }
    }

    /** {@code 10.0.0.0/8}, or one address. */
    public static AddressRange parse(String text) {
        String s = text.strip();
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        InetAddress network = IpLiterals.parse(address).orElseThrow(() -> new IllegalArgumentException(
                "'" + s + "' is not an IP address or a CIDR block like 10.0.0.0/8"));
        int bits = network.getAddress().length * 8;
        int prefix;
        if (slash < 0) {
            prefix = bits;
        } else {
            try {
                prefix = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + s + "': the prefix length after / must be a number");
            }
        }
        return new AddressRange(network, prefix);
    }

    /** Comma-separated blocks; empty for none. */
    public static List<AddressRange> parseList(String text) {
        var out = new ArrayList<AddressRange>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                out.add(parse(part));
            }
        }
        return List.copyOf(out);
    }

    public boolean contains(InetAddress address) {
        byte[] a = normalized(address).getAddress();
        byte[] n = network.getAddress();
        if (a.length != n.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != n[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (a[full] & mask) == (n[full] & mask);
    }

    /** An IPv4-mapped IPv6 address (::ffff:192.0.2.7, from a dual-stack socket) is its IPv4 address. */
    private static InetAddress normalized(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length == 16) {
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= a[i] == 0;
            }
            mapped &= a[10] == (byte) 0xFF && a[11] == (byte) 0xFF;
            if (mapped) {
                try {
                    return InetAddress.getByAddress(new byte[] {a[12], a[13], a[14], a[15]});
                } catch (java.net.UnknownHostException e) {
                    throw new IllegalStateException(e); // four bytes are always an address
                }
            }
        }
        return address;
    }

    /** Whether any of {@code ranges} contains {@code address}. */
    public static boolean anyContains(List<AddressRange> ranges, InetAddress address) {
        for (AddressRange r : ranges) {
            if (r.contains(address)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }
}
