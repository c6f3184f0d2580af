package dev.wharf.client;

import dev.wharf.protocol.tls.Tls;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * The client's end of a data connection before the transfer command: a socket already connected
 * to the server's passive port, or a listening socket the server will connect to (active mode).
 * Either way the socket reports the control port, so its TLS handshake resumes the control session.
 */
abstract sealed class DataEndpoint implements Closeable {

    /** The connected TCP socket; in active mode, waits for the server to connect. */
    abstract Socket socket(int timeoutMillis) throws IOException;

    static DataEndpoint connect(InetSocketAddress target, int controlPort, int timeoutMillis) throws IOException {
        Socket socket = Tls.sessionSharingSocket(controlPort);
        try {
            socket.setTcpNoDelay(true);
            socket.connect(target, timeoutMillis);
            return new Passive(socket);
        } catch (IOException e) {
            ControlConnection.closeQuietly(socket);
            throw e;
        }
    }

    static Active listen(InetAddress bindAddress, int controlPort, InetAddress expectedPeer) throws IOException {
        var server = new SessionSharingServerSocket(controlPort);
        try {
            server.bind(new InetSocketAddress(bindAddress, 0), 1);
            return new Active(server, expectedPeer);
        } catch (IOException e) {
            server.close();
            throw e;
        }
    }

    static final class Passive extends DataEndpoint {
        private final Socket socket;

        Passive(Socket socket) {
            this.socket = socket;
        }

        @Override
        Socket socket(int timeoutMillis) {
            return socket;
        }

        @Override
        public void close() {
            ControlConnection.closeQuietly(socket);
        }
    }

    static final class Active extends DataEndpoint {
        private final ServerSocket server;
        private final InetAddress expectedPeer;

        Active(ServerSocket server, InetAddress expectedPeer) {
            this.server = server;
            this.expectedPeer = expectedPeer;
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        Socket socket(int timeoutMillis) throws IOException {
            server.setSoTimeout(timeoutMillis);
            Socket s;
            try {
                s = server.accept();
            } catch (SocketTimeoutException e) {
                throw new SocketTimeoutException("the server did not connect to the active data port "
                        + server.getLocalPort() + " within " + timeoutMillis + " ms (a firewall or NAT in between?)");
            } finally {
                server.close();
            }
            // Only the server may connect: anyone else could inject or steal data (RFC 2577 bounce/theft).
            if (!s.getInetAddress().equals(expectedPeer)) {
                ControlConnection.closeQuietly(s);
                throw new IOException("refused a data connection from " + s.getInetAddress().getHostAddress()
                        + ", which is not the server (" + expectedPeer.getHostAddress() + ")");
            }
            s.setTcpNoDelay(true);
            return s;
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /** Accepts into sockets that report the control port, for session resumption (jsse-notes Q1). */
    private static final class SessionSharingServerSocket extends ServerSocket {
        private final int controlPort;

        SessionSharingServerSocket(int controlPort) throws IOException {
            super();
            this.controlPort = controlPort;
        }

        @Override
        public Socket accept() throws IOException {
            Socket socket = Tls.sessionSharingSocket(controlPort);
            implAccept(socket);
            return socket;
        }
    }
}
