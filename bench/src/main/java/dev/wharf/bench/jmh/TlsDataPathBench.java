package dev.wharf.bench.jmh;

import dev.wharf.protocol.tls.Identity;
import dev.wharf.protocol.tls.Tls;
import dev.wharf.protocol.tls.TlsConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The server's TLS data path: {@link TlsConnection} (the SSLEngine the server uses on every
 * protected data connection) moving 8 MiB per call over a real loopback TCP connection to a JSSE
 * client, in both directions. Throughput in ops/s × 8 MiB is MB/s of a download ({@code send}) or an
 * upload ({@code receive}); the other end is drained or fed by a platform thread, so both ends share
 * this machine's cores just as a client and server on loopback do.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TlsDataPathBench {
    private static final int PER_CALL = 8 << 20;

    /** One TLS data connection over loopback; the JSSE client end runs on its own thread. */
    @State(Scope.Benchmark)
    public abstract static class Connection {
        @Param({"TLSv1.3", "TLSv1.2"})
        public String protocol;

        /** Bytes per write/read call on the server side: the server's file buffer size. */
        @Param({"262144"})
        public int chunk;

        Socket serverRaw;
        SSLSocket client;
        TlsConnection server;
        byte[] buffer;

        @Setup(Level.Trial)
        public void connect() throws Exception {
            Identity identity = Identity.selfSigned("localhost", List.of("localhost", "127.0.0.1"));
            Tls serverTls = new Tls(context(identity), List.of(protocol), Tls.DEFAULT_CIPHER_SUITES, Tls.ClientAuth.NONE, 10_000);
            Tls clientTls = new Tls(context(null), List.of(protocol), Tls.DEFAULT_CIPHER_SUITES, Tls.ClientAuth.NONE, 10_000);
            try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                Socket clientRaw = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                serverRaw = listener.accept();
                var handshake = Thread.ofPlatform().start(() -> {
                    try {
                        client = clientTls.clientHandshake(clientRaw, "localhost");
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                server = serverTls.serverDataHandshake(serverRaw, false);
                handshake.join();
            }
            buffer = new byte[chunk];
            new SecureRandom().nextBytes(buffer);
            Thread.ofPlatform().daemon().start(this::clientLoop);
        }

        /** The client's side: drains what the server sends, or feeds what it receives, until closed. */
        abstract void clientLoop();

        @TearDown(Level.Trial)
        public void close() throws IOException {
            // The server's side first: a client blocked writing to a server that stopped reading
            // gets a reset instead of holding the lock SSLSocket.close() needs for close_notify.
            serverRaw.close();
            client.close();
        }
    }

    public static class Download extends Connection {
        @Override
        void clientLoop() {
            byte[] local = new byte[256 << 10];
            try (InputStream in = client.getInputStream()) {
                while (in.read(local) >= 0) {
                    // drained
                }
            } catch (IOException closed) {
                // the trial is over
            }
        }
    }

    public static class Upload extends Connection {
        @Override
        void clientLoop() {
            byte[] local = new byte[256 << 10];
            try (OutputStream out = client.getOutputStream()) {
                while (true) {
                    out.write(local);
                }
            } catch (IOException closed) {
                // the trial is over
            }
        }
    }

    /** A download: the server encrypts and sends 8 MiB. */
    @Benchmark
    public int send(Download c) throws IOException {
        OutputStream out = c.server.out();
        for (int sent = 0; sent < PER_CALL; sent += c.chunk) {
            out.write(c.buffer, 0, c.chunk);
        }
        out.flush();
        return PER_CALL;
    }

    /** An upload: the server receives and decrypts 8 MiB. */
    @Benchmark
    public int receive(Upload c) throws IOException {
        InputStream in = c.server.in();
        int got = 0;
        while (got < PER_CALL) {
            int n = in.read(c.buffer, 0, c.chunk);
            if (n < 0) {
                throw new IOException("the client stopped sending");
            }
            got += n;
        }
        return got;
    }

    private static SSLContext context(Identity identity) throws GeneralSecurityException {
        // A benchmark of the record path, not of certificate checks: the client trusts anything.
        SSLContext ctx = SSLContext.getInstance("TLS");
        TrustManager[] trustAll = {new X509TrustManager() {
            @Override public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) { }
            @Override public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) { }
            @Override public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        }};
        ctx.init(identity == null ? null : identity.keyManagers(), trustAll, new SecureRandom());
        return ctx;
    }
}
