import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The JDK's share of the physical limits in bench/physical-limits.sh, run as a source file:
 * {@code java JdkLimits.java SECONDS KEYSTORE.p12 [tcp]}. Prints one tab-separated line per probe:
 * key, MB/s (10^6 bytes per second), what was measured.
 *
 * <ul>
 *   <li>AES-GCM on one core: Cipher.doFinal over 16 KiB blocks with a fresh IV each, as one TLS
 *       record is sealed; 128- and 256-bit keys.
 *   <li>JSSE to JSSE over loopback, TLS 1.3 TLS_AES_128_GCM_SHA256 (the suite Wharf negotiates): a
 *       writer thread and a reader, 64 KiB writes; the TLS ceiling of the Java load generator's rows.
 *   <li>with "tcp": a plain loopback TCP stream the same way, for machines without iperf3.
 * </ul>
 * Each probe first runs unmeasured for at least one second and 1 GiB (at most 20 s): until then
 * the JIT has not compiled the AES-GCM intrinsics and the figure would be the interpreter's.
 */
public class JdkLimits {
    private static final long WARM_BYTES = 1L << 30;

    public static void main(String[] args) throws Exception {
        double seconds = Math.min(10, Double.parseDouble(args[0]));
        aesGcm(16, seconds);
        aesGcm(32, seconds);
        SSLContext server = serverContext(args[1]);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, new TrustManager[] {new TrustAll()}, null);
        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setEnabledProtocols(new String[] {"TLSv1.3"});
            listener.setEnabledCipherSuites(new String[] {"TLS_AES_128_GCM_SHA256"});
            SSLSocket reader = (SSLSocket) client.getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
            print("tls_jsse", stream(listener, reader, seconds),
                    "JSSE -> JSSE over loopback, TLS 1.3 AES-128-GCM, Java " + Runtime.version().feature());
        }
        if (args.length > 2 && args[2].equals("tcp")) {
            try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                Socket reader = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                print("tcp_loopback", stream(listener, reader, seconds), "loopback TCP, one Java stream (no iperf3)");
            }
        }
    }

    private static void aesGcm(int keyBytes, double seconds) throws Exception {
        var random = new SecureRandom();
        byte[] key = new byte[keyBytes];
        byte[] iv = new byte[12];
        byte[] in = new byte[16384];
        byte[] out = new byte[16384 + 16];
        random.nextBytes(key);
        var k = new SecretKeySpec(key, "AES");
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        long sequence = 0;
        long bytes = 0;
        long warmEnd = System.nanoTime() + 1_000_000_000L;
        long warmCap = System.nanoTime() + 20_000_000_000L;
        long counted = Long.MAX_VALUE;
        long end = Long.MAX_VALUE;
        long now;
        while ((now = System.nanoTime()) < end) {
            if (counted == Long.MAX_VALUE && ((now >= warmEnd && bytes >= WARM_BYTES) || now >= warmCap)) {
                counted = now;
                end = now + (long) (seconds * 1e9);
                bytes = 0;
            }
            for (int i = 0; i < 32; i++) {
                // a GCM key must never see an IV twice: a counter in the last 8 bytes, as TLS 1.3 does
                java.nio.ByteBuffer.wrap(iv, 4, 8).putLong(++sequence);
                c.init(Cipher.ENCRYPT_MODE, k, new GCMParameterSpec(128, iv));
                c.doFinal(in, 0, in.length, out, 0);
                bytes += in.length;
            }
        }
        print("aes" + keyBytes * 8 + "_gcm_core", bytes / seconds,
                "JDK AES-" + keyBytes * 8 + "-GCM on one core, 16 KiB records, Java " + Runtime.version().feature());
    }

    /** Bytes per second the reader receives from a thread that writes to the accepted socket. */
    private static double stream(ServerSocket listener, Socket reader, double seconds) throws Exception {
        Thread writer = new Thread(() -> {
            try (Socket s = listener.accept(); OutputStream o = s.getOutputStream()) {
                byte[] buf = new byte[65536];
                long end = System.nanoTime() + (long) ((seconds + 22) * 1e9);
                while (System.nanoTime() < end) {
                    o.write(buf);
                }
            } catch (IOException e) {
                // the reader closed first: the probe is over
            }
        });
        writer.start();
        try (reader; InputStream in = reader.getInputStream()) {
            byte[] buf = new byte[65536];
            long bytes = 0;
            long warmEnd = System.nanoTime() + 1_000_000_000L;
            long warmCap = System.nanoTime() + 20_000_000_000L;
            long counted = Long.MAX_VALUE;
            long end = Long.MAX_VALUE;
            int n;
            long now;
            while ((now = System.nanoTime()) < end && (n = in.read(buf)) > 0) {
                bytes += n;
                if (counted == Long.MAX_VALUE && ((now >= warmEnd && bytes >= WARM_BYTES) || now >= warmCap)) {
                    counted = now;
                    end = now + (long) (seconds * 1e9);
                    bytes = 0;
                }
            }
            return bytes / seconds;
        } finally {
            writer.join(20_000); // the reader is closed by now: the writer's next write fails
        }
    }

    private static SSLContext serverContext(String keystore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var f = new FileInputStream(keystore)) {
            ks.load(f, "benchpass".toCharArray());
        }
        var kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "benchpass".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    private static void print(String key, double bytesPerSecond, String what) {
        System.out.printf(java.util.Locale.ROOT, "%s\t%.0f\t%s%n", key, bytesPerSecond / 1e6, what);
    }

    /** The probe's own certificate on loopback: nothing to verify. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
