package dev.wharf.protocol.tls;

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
    private final ServerSocket listener;

    /** @param protocols "TLSv1.2", "TLSv1.3" or both, for both sides */
    public LoopbackTls(String... protocols) throws IOException {
        try {
            SSLContext serverContext = SSLContext.getInstance("TLS");
            serverContext.init(IDENTITY.keyManagers(), null, new SecureRandom());
            server = new Tls(serverContext, List.of(protocols), Tls.DEFAULT_CIPHER_SUITES, Tls.ClientAuth.NONE, 10_000);
            SSLContext clientContext = SSLContext.getInstance("TLS");
            clientContext.init(null, new TrustManager[] {TRUST_ANY}, new SecureRandom());
            client = new Tls(clientContext, List.of(protocols), Tls.DEFAULT_CIPHER_SUITES, Tls.ClientAuth.NONE, 10_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
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
        Socket[] tcp = connect(clientSocket);
        CompletableFuture<SSLSocket> serverSide = CompletableFuture.supplyAsync(() -> {
            try {
                return server.serverHandshake(tcp[1], null);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        SSLSocket clientSide = client.clientHandshake(tcp[0], "127.0.0.1");
        return new SSLSocket[] {await(serverSide), clientSide};
    }

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
