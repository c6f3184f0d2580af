package dev.wharf.protocol.testing;

import dev.wharf.protocol.tls.Identity;
import dev.wharf.protocol.tls.Tls;
import dev.wharf.protocol.tls.TlsConnection;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A real TLS server and client over loopback TCP, for tests of what JSSE does on the wire: the
 * server side is Wharf's {@link Tls} with a self-signed identity, the client side trusts any
 * certificate and keeps one session cache, like an FTPS client that resumes sessions.
 */
public final class LoopbackTls implements AutoCloseable {
    private static final Identity IDENTITY = Identity.selfSigned("localhost", List.of("localhost", "127.0.0.1"));

    public final Tls server;
    public final Tls client;
    private final List<String> protocols;
    private final ServerSocket listener;

    /** @param protocols "TLSv1.2", "TLSv1.3" or both, for both sides */
    public LoopbackTls(String... protocols) throws IOException {
        try {
            SSLContext serverContext = SSLContext.getInstance("TLS");
            serverContext.init(IDENTITY.keyManagers(), null, new SecureRandom());
            server = new Tls(serverContext, List.of(protocols), Tls.DEFAULT_CIPHER_SUITES, Tls.ClientAuth.NONE, 10_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        this.protocols = List.of(protocols);
        client = newClient();
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    /** Another client with a session cache of its own: its handshakes resume nothing of {@link #client}'s. */
    public Tls newClient() {
        try {
            SSLContext clientContext = SSLContext.getInstance("TLS");
            clientContext.init(null, new TrustManager[] {TRUST_ANY}, new SecureRandom());
            return new Tls(clientContext, protocols, Tls.DEFAULT_CIPHER_SUITES, Tls.ClientAuth.NONE, 10_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** A TCP connection from {@code clientSocket} (unconnected, optionally bound) and the server's end of it. */
    public Socket[] connect(Socket clientSocket) throws IOException {
        clientSocket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port()), 10_000);
        clientSocket.setSoTimeout(10_000);
        Socket accepted = listener.accept();
        accepted.setSoTimeout(10_000);
        return new Socket[] {clientSocket, accepted};
    }

    /** A TLS connection: the server's socket ([0]) and the client's ([1]), both handshaken. */
    public SSLSocket[] handshake(Socket clientSocket) throws Exception {
        return handshake(client, clientSocket);
    }

    /** The same, with {@code clientTls} as the client. */
    public SSLSocket[] handshake(Tls clientTls, Socket clientSocket) throws Exception {
        Socket[] tcp = connect(clientSocket);
        CompletableFuture<SSLSocket> serverSide = CompletableFuture.supplyAsync(() -> {
            try {
                return server.serverHandshake(tcp[1], null);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        SSLSocket clientSide = clientTls.clientHandshake(tcp[0], "127.0.0.1");
        return new SSLSocket[] {await(serverSide), clientSide};
    }

    /**
     * A server data connection as Wharf makes it ({@link Tls#serverDataHandshake}), with
     * {@code clientTls} as the client; returns both ends once both handshakes are done.
     */
    public DataPair dataHandshake(Tls clientTls, Socket clientSocket, boolean upload) throws Exception {
        Socket[] tcp = connect(clientSocket);
        CompletableFuture<TlsConnection> serverSide = CompletableFuture.supplyAsync(() -> {
            try {
                return server.serverDataHandshake(tcp[1], upload);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        SSLSocket clientSide = clientTls.clientHandshake(tcp[0], "127.0.0.1");
        return new DataPair(await(serverSide), clientSide);
    }

    public record DataPair(TlsConnection server, SSLSocket client) {}

    public static <T> T await(CompletableFuture<T> f) throws Exception {
        try {
            return f.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        } catch (TimeoutException e) {
            throw new AssertionError("the other side did not finish within 20 s", e);
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }

    private static final X509TrustManager TRUST_ANY = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) { }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) { }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    };
}
