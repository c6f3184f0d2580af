package dev.wharf.client;

import dev.wharf.protocol.Failures;
import dev.wharf.protocol.HostPort;
import dev.wharf.protocol.Reply;
import dev.wharf.protocol.ReplyCode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data port of each transfer: passive with EPSV, then PASV (RFC 2428 3, RFC 959 4.1.2), or active
 * with EPRT, then PORT (RFC 2428 2). A server that refuses EPSV or EPRT for good (5xx) is not asked
 * again in this session, also after the control connection was renewed: it is the same server.
 */
final class DataPorts {
    private static final Logger LOG = LoggerFactory.getLogger(DataPorts.class);

    private final FtpsClient client;
    private boolean epsvRefused;
    private boolean eprtRefused;

    DataPorts(FtpsClient client) {
        this.client = client;
    }

    /** Negotiates the port on {@code control} and, when passive, connects to it. */
    DataEndpoint open(ControlConnection control) throws IOException {
        return client.activeMode() ? openActive(control) : openPassive(control);
    }

    private DataEndpoint openPassive(ControlConnection control) throws IOException {
        InetSocketAddress target = null;
        if (!epsvRefused && client.epsv()) {
            Reply r = control.command("EPSV", "");
            if (r.code() == ReplyCode.ENTERING_EXTENDED_PASSIVE) {
                target = control.passiveTarget(r);
            } else if (ReplyCodeSets.isPermanentRefusal(r.code())) {
                LOG.debug("EPSV refused ({}): using PASV from now on", r.code());
                epsvRefused = true;
            } else {
                throw new DataConnectionException(ReplyMeaning.describe("EPSV", r), r, null, false);
            }
        }
        if (target == null) {
            Reply r = control.command("PASV", "");
            if (r.code() != ReplyCode.ENTERING_PASSIVE) {
                throw new DataConnectionException(ReplyMeaning.describe("PASV", r)
                        + "; the server offers no passive mode (try active mode)", r, null, false);
            }
            target = control.passiveTarget(r);
        }
        try {
            return DataEndpoint.connect(target, control.port(), FtpsClient.millis(client.connectTimeout()));
        } catch (IOException e) {
            throw new DataConnectionException("could not connect to the server's data port " + target.getAddress()
                    .getHostAddress() + ":" + target.getPort() + ": " + Failures.describe(e)
                    + " (a firewall in between? try active mode)", null, e, false);
        }
    }

    private DataEndpoint openActive(ControlConnection control) throws IOException {
        InetAddress advertised = client.activeAddress() != null ? client.activeAddress() : control.localAddress();
        DataEndpoint.Active endpoint = DataEndpoint.listen(control.localAddress(), control.port(), control.remoteAddress());
        try {
            var hostPort = new HostPort(advertised, endpoint.port());
            if (!eprtRefused) {
                Reply r = control.command("EPRT", hostPort.toEprtArgument());
                if (r.code() == ReplyCode.COMMAND_OK) {
                    return endpoint;
                }
                boolean portCanSayIt = advertised.getAddress().length == 4; // PORT is IPv4 only
                if (!ReplyCodeSets.isPermanentRefusal(r.code()) || !portCanSayIt) {
                    throw new DataConnectionException(ReplyMeaning.describe("EPRT", r), r, null, false);
                }
                LOG.debug("EPRT refused ({}): using PORT from now on", r.code());
                eprtRefused = true;
            }
            Reply r = control.command("PORT", hostPort.toPortArgument());
            if (r.code() != ReplyCode.COMMAND_OK) {
                throw new DataConnectionException(ReplyMeaning.describe("PORT", r), r, null, false);
            }
            return endpoint;
        } catch (IOException | RuntimeException e) {
            endpoint.close();
            throw e;
        }
    }
}
