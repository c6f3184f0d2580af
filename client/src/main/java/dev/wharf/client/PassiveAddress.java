package dev.wharf.client;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * Which address to connect to after a 227 reply. A server behind NAT often announces its private
 * address; when the 227 address cannot be reached from where the control connection goes (it is
 * private, loopback, link-local or the wildcard, and the control peer is not), the control
 * connection's address is used instead, as curl, FileZilla and WinSCP do.
 */
final class PassiveAddress {
    private PassiveAddress() {}

    static InetAddress choose(InetAddress announced, InetAddress controlPeer) {
        if (announced.isAnyLocalAddress()) {
            return controlPeer;
        }
        if (isUnroutable(announced) && !isUnroutable(controlPeer)) {
            return controlPeer;
        }
        return announced;
    }

    static boolean isUnroutable(InetAddress a) {
        if (a.isSiteLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()) {
            return true;
        }
        if (a instanceof Inet4Address) {
            byte[] b = a.getAddress();
            int first = b[0] & 0xFF;
            int second = b[1] & 0xFF;
            return first == 0 || (first == 100 && second >= 64 && second < 128); // 0/8, RFC 6598 CGNAT 100.64/10
        }
        byte[] b = a.getAddress();
        return (b[0] & 0xFE) == 0xFC; // RFC 4193 unique local fc00::/7
    }
}
