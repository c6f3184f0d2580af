package dev.wharf.server.session;

import dev.wharf.protocol.HostPort;
import dev.wharf.protocol.Reply;
import dev.wharf.protocol.ReplyCode;
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
        t.define("PASV", "RFC 959 4.1.2", DataPortCommands::pasv).loggedIn()
                .requires(Requirement.NOT_AFTER_EPSV_ALL).keepsRestart();
        t.define("EPSV", "RFC 2428 3", DataPortCommands::epsv).syntax("EPSV [1|2|ALL]").loggedIn().keepsRestart()
                .feature("EPSV");
        t.define("PORT", "RFC 959 4.1.2", PORT_ARGUMENT, (s, target) -> setActive(s, target, "PORT"))
                .syntax("PORT h1,h2,h3,h4,p1,p2").loggedIn().requires(Requirement.NOT_AFTER_EPSV_ALL).keepsRestart();
        t.define("EPRT", "RFC 2428 2", EPRT_ARGUMENT, (s, target) -> setActive(s, target, "EPRT"))
                .syntax("EPRT |proto|address|port|").loggedIn().requires(Requirement.NOT_AFTER_EPSV_ALL).keepsRestart()
                .feature("EPRT");
    }

    private static final Argument<HostPort> PORT_ARGUMENT = raw -> {
        try {
            return HostPort.parsePortArgument(raw);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ReplyCode.SYNTAX_ERROR_IN_ARGUMENTS, "PORT: " + e.getMessage());
        }
    };

    private static final Argument<HostPort> EPRT_ARGUMENT = raw -> {
        try {
            return HostPort.parseEprtArgument(raw);
        } catch (HostPort.UnsupportedNetworkProtocolException e) {
            throw new CommandFailure(ReplyCode.EXTENDED_PORT_UNKNOWN_PROTOCOL, "Network protocol not supported, use (1,2)");
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ReplyCode.SYNTAX_ERROR_IN_ARGUMENTS, "EPRT: " + e.getMessage());
        }
    };

    static void pasv(Session s, String argument) throws IOException {
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
        s.data.replyWithFreshTicket(Reply.of(ReplyCode.ENTERING_PASSIVE, new HostPort(announced, port).toPassiveReplyText()));
    }

    /** RFC 2428 3: the reply names only the port; the client connects to the control connection's address. */
    static void epsv(Session s, String argument) throws IOException {
        String a = argument.strip().toUpperCase(Locale.ROOT);
        if (a.equals("ALL")) {
            s.params.epsvAll = true;
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
        s.data.replyWithFreshTicket(Reply.of(ReplyCode.ENTERING_EXTENDED_PASSIVE, HostPort.extendedPassiveReplyText(port)));
    }


    private static int openPassive(Session s) throws IOException {
        try {
            return s.data.openPassive();
        } catch (IOException e) {
            s.log("cannot open a passive port: " + Session.describe(e));
            boolean range = s.server.config.passive().portMin() != 0;
            s.reply(ReplyCode.CANT_OPEN_DATA, range
                    ? "Can't open passive connection: every port of the server's passive range is in use; try again shortly"
                    : "Can't open passive connection: the server has no free port; try again shortly");
            return -1;
        }
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
        s.data.replyWithFreshTicket(Reply.of(ReplyCode.COMMAND_OK, verb + " command successful"));
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
