package dev.wharf.server.session;

import dev.wharf.protocol.Failures;
import dev.wharf.protocol.IpLiterals;
import dev.wharf.protocol.Reply;
import dev.wharf.protocol.ReplyCode;
import dev.wharf.protocol.tls.ClientHellos;
import dev.wharf.protocol.tls.SessionOrigin;
import dev.wharf.protocol.tls.Tls;
import dev.wharf.server.spi.ServerEvents;
import dev.wharf.server.spi.TlsInfo;
import dev.wharf.server.config.ServerConfig;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLSession;
import dev.wharf.protocol.tls.TlsConnection;

/**
 * How the next data connection of a session will be made: passive (the client connects to a port
 * we opened, PASV/EPSV) or active (we connect to the client, PORT/EPRT). Both accept only the control
 * connection's peer (RFC 2577), and under PROT P both make us the TLS server (RFC 4217 7).
 */
final class DataChannel {
    /** Why a data connection could not be made; carries the reply for the transfer command. */
    static final class DataConnectionException extends IOException {
        final int code;

        DataConnectionException(int code, String message) {
            super(message);
            this.code = code;
        }
    }

    private final Session session;
    private volatile ServerSocket passive;
    private InetSocketAddress activeTarget;
    private boolean lastTlsConnectionWasUpload;

    DataChannel(Session session) {
        this.session = session;
    }

    boolean isPrepared() {
        return passive != null || activeTarget != null;
    }

    /** Opens a passive listener on the control connection's local address; returns its port. */
    int openPassive() throws IOException {
        reset();
        ServerConfig c = session.server.config;
        InetAddress local = session.localAddress();
        if (c.passive().portMin() == 0) {
            passive = bind(local, 0);
        } else {
            int span = c.passive().portMax() - c.passive().portMin() + 1;
            int start = ThreadLocalRandom.current().nextInt(span);
            for (int i = 0; i < span && passive == null; i++) {
                try {
                    passive = bind(local, c.passive().portMin() + (start + i) % span);
                } catch (BindException e) {
                    // In use: try the next one.
                }
            }
            if (passive == null) {
                throw new IOException("every port of passive-ports " + c.passive().portMin() + "-" + c.passive().portMax() + " is in use");
            }
        }
        return passive.getLocalPort();
    }

    /**
     * Data sockets come from NIO channels so that clear binary downloads can go from file to socket
     * without a copy ({@link java.nio.channels.FileChannel#transferTo}, sendfile on Linux).
     */
    private static ServerSocket bind(InetAddress address, int port) throws IOException {
        var s = java.nio.channels.ServerSocketChannel.open().socket();
        try {
            s.bind(new InetSocketAddress(address, port), 1);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** The address to announce in a 227 reply: see passive-address and private-clients-get-local-address. */
    InetAddress passiveAnnouncedAddress() {
        ServerConfig c = session.server.config;
        InetAddress local = session.localAddress();
        InetAddress client = session.peerAddress();
        if (c.passive().address() == null) {
            return local;
        }
        boolean privateClient = IpLiterals.isPrivate(client); // IPv6 ULA
        return privateClient && c.passive().privateClientsGetLocalAddress() ? local : c.passive().address();
    }

    static boolean isIpv4(InetAddress a) {
        return a instanceof Inet4Address;
    }

    void setActive(InetSocketAddress target) {
        reset();
        activeTarget = target;
    }

    /**
     * Makes the data connection prepared by the last PASV/EPSV/PORT/EPRT, then starts TLS on it if
     * PROT P is in force and checks that it resumed the control session. One connection per
     * preparation: the next transfer needs a new PASV or PORT.
     */
    DataConnection connect(boolean upload) throws IOException {
        if (!isPrepared()) {
            throw new DataConnectionException(ReplyCode.CANT_OPEN_DATA, "No data connection: send PASV, EPSV, PORT or EPRT first");
        }
        ServerConfig c = session.server.config;
        int timeout = (int) c.timeouts().data().toMillis();
        Socket raw;
        try {
            raw = passive != null ? acceptFromPeer(timeout) : connectActive(timeout);
        } finally {
            reset();
        }
        try {
            raw.setTcpNoDelay(true);
            raw.setSoTimeout(timeout);
            // No SO_SNDBUF/SO_RCVBUF: setting them turns off Linux's buffer autotuning, which grows
            // them to megabytes on a fast path (PROT C downloads went from 1.4 to over 3 GB/s).
            if (session.security.protection != SecurityState.Protection.PRIVATE) {
                return new DataConnection(raw, null, false);
            }
            TlsConnection tls;
            long handshakeStart = System.currentTimeMillis();
            try {
                // Tickets held back in every case: a refused connection must not hand the client
                // a ticket to come back with (a ticket of an unknown session, refused next time too).
                tls = session.server.tls.serverDataHandshake(raw, true);
            } catch (IOException e) {
                String why = "Data connection must be protected with TLS (PROT P is in force): " + Failures.describe(e);
                session.server.events.tlsFailed(session.info(), TlsInfo.Connection.DATA, Failures.describe(e));
                session.server.events.dataConnectionRefused(session.info(), ServerEvents.DataRefusal.TLS_FAILED, why);
                throw new DataConnectionException(ReplyCode.DATA_TLS_REFUSED, why);
            }
            boolean resumed = SessionOrigin.isResumption(tls.session(), handshakeStart);
            session.server.events.tlsEstablished(session.info(), new TlsInfo(TlsInfo.Connection.DATA,
                    tls.session().getProtocol(), tls.session().getCipherSuite(), resumed));
            session.server.issuedTlsSessions.offered(tls.offeredPskIdentities().stream().map(ClientHellos::fingerprint).toList(),
                    resumed ? SessionOrigin.of(tls.session()) : null);
            checkSessionReuse(tls.session(), handshakeStart);
            lastTlsConnectionWasUpload = upload;
            if (!upload) {
                tls.sendHeldTickets(); // an upload's wait for the client's close_notify (TlsConnection)
            }
            return new DataConnection(raw, tls, resumed);
        } catch (IOException e) {
            raw.close();
            throw e;
        }
    }

    /**
     * RFC 4217 10: "It is reasonable for the server to insist that the data connection uses a TLS
     * cached session", and then "the '522' reply should indicate this". A data connection that
     * resumes no session this client was given may come from someone who stole the passive port.
     */
    private void checkSessionReuse(SSLSession data, long handshakeStartMillis) throws DataConnectionException {
        var policy = session.server.config.protection().dataSessionReuse();
        if (policy == ServerConfig.DataSessionReuse.OFF) {
            return;
        }
        var verdict = session.server.issuedTlsSessions.judge(data, handshakeStartMillis, session.tlsSessionForData(),
                session.user == null ? null : session.user.name(), session.peerAddress(),
                policy == ServerConfig.DataSessionReuse.REQUIRED_SAME_CONNECTION);
        if (verdict.accepted) {
            return;
        }
        if (policy == ServerConfig.DataSessionReuse.LOG) {
            session.log("data connection TLS session not resumed: " + verdict.reason + " (allowed: data-tls-session-reuse=log)");
            // Its tickets are this connection's now, so the next data connection may resume it.
            session.tlsSessions.issued(SessionOrigin.of(data));
            return;
        }
        session.log("refused a data connection: TLS session not resumed: " + verdict.reason);
        session.server.events.dataConnectionRefused(session.info(), ServerEvents.DataRefusal.TLS_NOT_RESUMED, verdict.reason);
        String setting = policy.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        throw new DataConnectionException(ReplyCode.DATA_TLS_REFUSED, "TLS session of data connection not resumed: "
                + verdict.reason + ". This server requires data connections to resume the TLS session of "
                + (policy == ServerConfig.DataSessionReuse.REQUIRED_SAME_CONNECTION ? "their control connection"
                        : "one of your control connections")
                + " (RFC 4217 10; server setting data-tls-session-reuse=" + setting + ")");
    }

    private Socket acceptFromPeer(int timeoutMillis) throws IOException {
        InetAddress peer = session.peerAddress();
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        ServerSocket listener = passive;
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new DataConnectionException(ReplyCode.CANT_OPEN_DATA, "Can't open data connection: the client did not connect in time");
            }
            listener.setSoTimeout((int) left);
            Socket s;
            try {
                s = listener.accept();
            } catch (SocketTimeoutException e) {
                throw new DataConnectionException(ReplyCode.CANT_OPEN_DATA, "Can't open data connection: the client did not connect in time");
            }
            InetAddress from;
            try {
                from = dataClient(s, left);
            } catch (IOException e) {
                String why = "a passive data connection from load balancer " + s.getInetAddress().getHostAddress()
                        + " without a valid PROXY protocol header: " + Failures.describe(e);
                session.log("closed " + why);
                session.server.events.dataConnectionRefused(session.info(), ServerEvents.DataRefusal.PROXY_HEADER, why);
                s.close();
                continue;
            }
            if (from.equals(peer)) {
                return s;
            }
            // RFC 2577 / vsftpd pasv_promiscuous=NO: only the control connection's peer may connect.
            String why = "a passive data connection from " + from.getHostAddress()
                    + ", which is not the control connection's address";
            session.log("closed " + why);
            session.server.events.dataConnectionRefused(session.info(), ServerEvents.DataRefusal.FOREIGN_ADDRESS, why);
            s.close();
        }
    }

    /**
     * Whom a passive data connection is from: the client its PROXY header names when a trusted
     * balancer forwards the data ports too (proxy-protocol-data), else its own peer. The header is
     * read to its last byte and no further, so that neither a TLS ClientHello nor an upload's first
     * byte is taken with it.
     */
    private InetAddress dataClient(Socket s, long timeoutMillis) throws IOException {
        ServerConfig.ProxyProtocol proxy = session.server.config.proxyProtocol();
        if (!proxy.dataConnections() || !proxy.trusts(s.getInetAddress())) {
            return s.getInetAddress();
        }
        return dev.wharf.server.proxy.ProxyHeader.read(s, java.time.Duration.ofMillis(Math.max(1, timeoutMillis)))
                .map(h -> h.source().getAddress())
                .orElse(s.getInetAddress());
    }

    private Socket connectActive(int timeoutMillis) throws IOException {
        var s = java.nio.channels.SocketChannel.open().socket();
        try {
            // MS-FTPS 1.9 and RFC 959 3.2: active data comes from port L-1 of the control listener
            // (20 for 21, 989 for 990), where the process may bind it.
            int fromPort = session.localPort() - 1;
            if (fromPort > 0) {
                try {
                    s.setReuseAddress(true);
                    s.bind(new InetSocketAddress(session.localAddress(), fromPort));
                } catch (IOException e) {
                    s.close();
                    s = java.nio.channels.SocketChannel.open().socket();
                    s.bind(new InetSocketAddress(session.localAddress(), 0));
                }
            }
            s.connect(activeTarget, timeoutMillis);
            return s;
        } catch (IOException e) {
            s.close();
            throw new DataConnectionException(ReplyCode.CANT_OPEN_DATA, "Can't open data connection to "
                    + activeTarget.getAddress().getHostAddress() + " port " + activeTarget.getPort() + ": " + Failures.describe(e));
        }
    }

    /**
     * The reply to PASV, EPSV, PORT or EPRT, with a fresh session ticket on the control connection
     * when the client may have none left for the data connection it is about to make: TLS 1.3
     * clients such as curl use each ticket once, and get a new one from each download's data
     * connection but none from an upload, which they never read. (FileZilla Server issues one on the
     * control connection for every data connection.)
     *
     * <p>JSSE writes such a ticket after the next record of application data, which would put it
     * behind this reply, where a client that connects as soon as it has read the reply finds it only
     * for the transfer after. So the reply's first byte goes in a record of its own: the ticket
     * follows it, ahead of the rest that the client waits for.
     *
     * <p>JSSE can make such a ticket only stateful, accepted once. So it is not given to a client
     * whose control connections share their session (pooled clients such as rclone hand their newest
     * ticket to all their connections, and all but one would be refused: {@link
     * IssuedTlsSessions#shared}), nor to one seen offering a ticket twice ({@link
     * IssuedTlsSessions#reused}); both are served by the stateless, reusable tickets of their
     * handshakes. The decision is per client program, by the session its connections descend from,
     * not per user: curl and rclone of one user from one address each get what they need.
     */
    void replyWithFreshTicket(Reply reply) throws java.io.IOException {
        SSLSession control = session.controlTlsSession();
        IssuedTlsSessions issued = session.server.issuedTlsSessions;
        if (lastTlsConnectionWasUpload && control != null
                && !issued.reused(SessionOrigin.of(control)) && !issued.shared(SessionOrigin.of(control))) {
            Tls.issueFreshTicket(control);
            session.replyInTwoRecords(reply);
        } else {
            session.reply(reply);
        }
    }

    synchronized void reset() {
        activeTarget = null;
        if (passive != null) {
            try {
                passive.close();
            } catch (IOException ignored) {
                // Nothing more to do.
            }
            passive = null;
        }
    }

}
