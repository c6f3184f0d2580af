package dev.wharf.server;

import dev.wharf.protocol.Failures;
import dev.wharf.server.config.ServerConfig;
import dev.wharf.server.proxy.ProxyHeader;
import dev.wharf.server.session.ServerContext;
import dev.wharf.server.session.Session;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One listening socket, explicit or implicit, and its accept loop. Each connection gets a virtual thread. */
final class Listener {
    private static final Logger LOG = LoggerFactory.getLogger(Listener.class);

    private final ServerContext context;
    private final Sessions sessions;
    private final boolean implicit;
    private final ServerSocket socket;
    private volatile boolean stopping;
    private Thread acceptThread;

    Listener(ServerContext context, Sessions sessions, boolean implicit, InetAddress address, int port)
            throws IOException {
        this.context = context;
        this.sessions = sessions;
        this.implicit = implicit;
        this.socket = new ServerSocket();
        socket.setReuseAddress(true);
        try {
            socket.bind(new InetSocketAddress(address, port), 128);
        } catch (BindException e) {
            socket.close();
            throw new IOException(bindAdvice(e, implicit, address, port), e);
        }
    }

    /** What a failed bind means and what to do about it, for the admin reading the error. */
    static String bindAdvice(BindException e, boolean implicit, InetAddress address, int port) {
        String which = implicit ? "implicit FTPS" : "explicit FTPS";
        String where = (address == null ? "" : address.getHostAddress() + " ") + "port " + port;
        String msg = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (msg.contains("permission") || msg.contains("access")) {
            return "cannot listen on " + where + " (" + which + "): permission denied. Ports below 1024 need root or"
                    + " the CAP_NET_BIND_SERVICE capability: choose ports of 1024 or above (for example"
                    + " --explicit-port 2121 --implicit-port 9990), or grant the capability with"
                    + " 'setcap cap_net_bind_service=+ep <path to java>'";
        }
        if (msg.contains("in use")) {
            return "cannot listen on " + where + " (" + which + "): the port is already in use by another program."
                    + " Stop that program or choose another port (--" + (implicit ? "implicit" : "explicit") + "-port)";
        }
        if (msg.contains("assign")) {
            return "cannot listen on " + where + " (" + which + "): this machine has no such address; check listen-addresses";
        }
        return "cannot listen on " + where + " (" + which + "): " + e.getMessage();
    }

    int port() {
        return socket.getLocalPort();
    }

    boolean implicit() {
        return implicit;
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    void start() {
        acceptThread = Thread.ofVirtual().name("wharf-accept-" + (implicit ? "implicit-" : "explicit-") + port())
                .start(this::acceptLoop);
    }

    private void acceptLoop() {
        while (!stopping) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                if (!stopping) {
                    LOG.warn("accept failed on port {}: {}", port(), e.toString());
                    pauseAfterAcceptFailure();
                }
                continue;
            }
            serve(client);
        }
    }

    private void serve(Socket client) {
        ServerConfig.ProxyProtocol proxy = context.config().proxyProtocol();
        if (proxy.mode() == ServerConfig.ProxyProtocol.Mode.OFF) {
            Session session = admit(client, (InetSocketAddress) client.getRemoteSocketAddress());
            if (session != null) {
                Thread.ofVirtual().name("wharf-session-" + session.id()).start(session);
            }
            return;
        }
        // Reading the header waits for the peer: on the connection's own thread, never the accept loop's.
        Thread.ofVirtual().name("wharf-proxy-" + client.getPort()).start(() -> {
            InetSocketAddress clientAddress = proxiedClient(client, proxy);
            Session session = clientAddress == null ? null : admit(client, clientAddress);
            if (session != null) {
                Thread.currentThread().setName("wharf-session-" + session.id());
                session.run();
            }
        });
    }

    /**
     * The client a connection is from: the one its PROXY header names when it comes from a trusted
     * balancer, its own peer otherwise. Null when it is refused (and closed, with a log line saying why).
     */
    private InetSocketAddress proxiedClient(Socket client, ServerConfig.ProxyProtocol proxy) {
        InetSocketAddress peer = (InetSocketAddress) client.getRemoteSocketAddress();
        if (!proxy.trusts(peer.getAddress())) {
            if (proxy.mode() == ServerConfig.ProxyProtocol.Mode.REQUIRED) {
                LOG.warn("refused a connection from {}: it is not a trusted load balancer (proxy-protocol = required,"
                        + " proxy-trusted = {})", peer.getAddress().getHostAddress(), proxy.trusted());
                closeQuietly(client);
                return null;
            }
            return peer; // optional: served as it is; a header it sends is refused by the session
        }
        try {
            return ProxyHeader.read(client, context.config().tls().handshakeTimeout())
                    .map(ProxyHeader::source)
                    .orElse(peer); // UNKNOWN or LOCAL: the balancer's own connection
        } catch (IOException e) {
            LOG.warn("closed a connection from load balancer {}: {}", peer.getAddress().getHostAddress(), Failures.describe(e));
            closeQuietly(client);
            return null;
        }
    }

    /** Counts the connection in (caps and bans by {@code clientAddress}); null if it could not be set up. */
    private Session admit(Socket client, InetSocketAddress clientAddress) {
        InetAddress address = clientAddress.getAddress();
        String refusal = sessions.admit(address);
        if (refusal == null && context.loginGuard().isBanned(address)) {
            refusal = "Too many failed logins from your address; try again later";
        }
        Session session;
        try {
            Session[] self = new Session[1];
            session = new Session(context, client, clientAddress, implicit, refusal, () -> sessions.ended(self[0], address));
            self[0] = session;
        } catch (IOException e) {
            sessions.released(address);
            closeQuietly(client);
            return null;
        }
        sessions.started(session);
        return session;
    }

    void stop() {
        stopping = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already closed.
        }
        if (acceptThread != null) {
            try {
                acceptThread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void pauseAfterAcceptFailure() {
        try {
            Thread.sleep(50); // e.g. out of file descriptors: don't spin
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // Nothing to do.
        }
    }
}
