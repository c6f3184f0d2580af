package dev.wharf.server.session;

import dev.wharf.protocol.HostPort;
import dev.wharf.protocol.ReplyCode;
import dev.wharf.protocol.tls.Tls;
import java.io.IOException;
import java.net.Inet6Address;
import java.util.Locale;

/**
 * PASV, EPSV, PORT and EPRT (RFC 959 4.1.2, RFC 2428). Active connections go only to the control
 * connection's peer (RFC 2577: no bounce attacks).
 */
final class DataPortCommands {
    private DataPortCommands() {}

    static void register(CommandTable t) {
        t.add("PASV", Need.LOGIN, DataPortCommands::pasv, "PASV");
        t.add("EPSV", Need.LOGIN, DataPortCommands::epsv, "EPSV [1|2|ALL]", s -> "EPSV");
        t.add("PORT", Need.LOGIN, DataPortCommands::port, "PORT h1,h2,h3,h4,p1,p2");
        t.add("EPRT", Need.LOGIN, DataPortCommands::eprt, "EPRT |proto|address|port|", s -> "EPRT");
    }

    static void pasv(Session s, String argument) throws IOException {
        if (refusedAfterEpsvAll(s)) {
            return;
        }
        if (!DataChannel.isIpv4(s.localAddress())) {
            s.reply(ReplyCode.EXTENDED_PORT_UNKNOWN_PROTOCOL, "PASV cannot describe an IPv6 address: use EPSV");
            return;
        }
        int port = openPassive(s);
        if (port < 0) {
            return;
        }
        var announced = s.data.passiveAnnouncedAddress();
        if (!DataChannel.isIpv4(announced)) {
            announced = s.localAddress();
        }
        Tls.issueFreshTicket(s.controlTlsSession());
        s.reply(ReplyCode.ENTERING_PASSIVE, new HostPort(announced, port).toPassiveReplyText());
    }

    /** RFC 2428 3: the reply names only the port; the client connects to the control connection's address. */
    static void epsv(Session s, String argument) throws IOException {
        String a = argument.strip().toUpperCase(Locale.ROOT);
        if (a.equals("ALL")) {
            s.epsvAll = true;
            s.reply(ReplyCode.COMMAND_OK, "EPSV ALL accepted: only EPSV will be used");
            return;
        }
        if (!a.isEmpty()) {
            boolean v6 = s.localAddress() instanceof Inet6Address;
            if (!(a.equals("1") && !v6) && !(a.equals("2") && v6)) {
                s.reply(ReplyCode.EXTENDED_PORT_UNKNOWN_PROTOCOL, "Network protocol not supported, use (" + (v6 ? 2 : 1) + ")");
                return;
            }
        }
        int port = openPassive(s);
        if (port < 0) {
            return;
        }
        Tls.issueFreshTicket(s.controlTlsSession());
        s.reply(ReplyCode.ENTERING_EXTENDED_PASSIVE, HostPort.extendedPassiveReplyText(port));
    }

    /** RFC 2428 4: after EPSV ALL, every other data-connection command is refused. */
    private static boolean refusedAfterEpsvAll(Session s) throws IOException {
        if (s.epsvAll) {
            s.reply(ReplyCode.BAD_SEQUENCE, "EPSV ALL is in force: only EPSV may be used (RFC 2428 4)");
        }
        return s.epsvAll;
    }

    private static int openPassive(Session s) throws IOException {
        try {
            return s.data.openPassive();
        } catch (IOException e) {
            s.log("cannot open a passive port: " + Session.describe(e));
            s.reply(ReplyCode.CANT_OPEN_DATA, "Can't open passive connection: no free port");
            return -1;
        }
    }

    static void port(Session s, String argument) throws IOException {
        if (refusedAfterEpsvAll(s)) {
            return;
        }
        HostPort target;
        try {
            target = HostPort.parsePortArgument(argument);
        } catch (IllegalArgumentException e) {
            s.reply(ReplyCode.SYNTAX_ERROR_IN_ARGUMENTS, "PORT: " + e.getMessage());
            return;
        }
        setActive(s, target, "PORT");
    }

    static void eprt(Session s, String argument) throws IOException {
        if (refusedAfterEpsvAll(s)) {
            return;
        }
        HostPort target;
        try {
            target = HostPort.parseEprtArgument(argument);
        } catch (HostPort.UnsupportedNetworkProtocolException e) {
            s.reply(ReplyCode.EXTENDED_PORT_UNKNOWN_PROTOCOL, "Network protocol not supported, use (1,2)");
            return;
        } catch (IllegalArgumentException e) {
            s.reply(ReplyCode.SYNTAX_ERROR_IN_ARGUMENTS, "EPRT: " + e.getMessage());
            return;
        }
        setActive(s, target, "EPRT");
    }

    private static void setActive(Session s, HostPort target, String verb) throws IOException {
        if (!sameHost(target, s)) {
            // RFC 2577 4: a data connection to a third host is a bounce attack.
            s.log(verb + " to " + target.address().getHostAddress() + " refused: not the client's address");
            s.reply(ReplyCode.SYNTAX_ERROR_IN_ARGUMENTS, verb + " refused: data connections go only to your own address ("
                    + s.peerAddress().getHostAddress() + ")");
            return;
        }
        if (target.port() < 1024) {
            s.log(verb + " to privileged port " + target.port() + " refused");
            s.reply(ReplyCode.SYNTAX_ERROR_IN_ARGUMENTS, verb + " refused: ports below 1024 are not allowed for data connections");
            return;
        }
        s.data.setActive(target.socketAddress());
        Tls.issueFreshTicket(s.controlTlsSession());
        s.reply(ReplyCode.COMMAND_OK, verb + " command successful");
    }

    /** The same host, comparing an IPv4-mapped IPv6 control address with a plain IPv4 target. */
    private static boolean sameHost(HostPort target, Session s) {
        byte[] a = target.address().getAddress();
        byte[] b = s.peerAddress().getAddress();
        return java.util.Arrays.equals(last4IfMapped(a), last4IfMapped(b));
    }

    private static byte[] last4IfMapped(byte[] addr) {
        if (addr.length == 16) {
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= addr[i] == 0;
            }
            mapped &= addr[10] == (byte) 0xFF && addr[11] == (byte) 0xFF;
            if (mapped) {
                return java.util.Arrays.copyOfRange(addr, 12, 16);
            }
        }
        return addr;
    }
}
