package dev.wharf.server.transfer;

import dev.wharf.protocol.tls.Identity;
import dev.wharf.server.WharfServer;
import dev.wharf.server.auth.InMemoryUsers;
import dev.wharf.server.config.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * A real server on loopback for transfer tests: users alice (read-write) and bob (read-only), with
 * homes under {@code root}, which may be on the local disk or an in-memory file system.
 */
final class TransferServer implements AutoCloseable {
    static final String PASSWORD = "secret";
    static final Identity IDENTITY = Identity.selfSigned("localhost", List.of("localhost", "127.0.0.1", "::1"));

    final WharfServer server;
    final Path aliceHome;
    final Path bobHome;

    private TransferServer(WharfServer server, Path aliceHome, Path bobHome) {
        this.server = server;
        this.aliceHome = aliceHome;
        this.bobHome = bobHome;
    }

    static TransferServer start(Path root, Consumer<ServerConfig.Builder> tweak) {
        try {
            Path alice = Files.createDirectories(root.resolve("alice"));
            Path bob = Files.createDirectories(root.resolve("bob"));
            var users = new InMemoryUsers(1000)
                    .add("alice", PASSWORD, alice, true)
                    .add("bob", PASSWORD, bob, false);
            var builder = ServerConfig.builder()
                    .listenAddresses(List.of(InetAddress.getLoopbackAddress()))
                    .explicitPort(0)
                    .implicitPort(0)
                    .identity(IDENTITY)
                    .authenticator(users)
                    .failedLoginDelay(Duration.ZERO)
                    .shutdownGrace(Duration.ofSeconds(2));
            tweak.accept(builder);
            return new TransferServer(WharfServer.start(builder.build()), alice, bob);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int explicitPort() {
        return server.explicitPort();
    }

    int implicitPort() {
        return server.implicitPort();
    }

    @Override
    public void close() {
        server.stop(Duration.ofSeconds(2));
    }

    // ---- data helpers shared by the transfer tests ----

    static byte[] randomBytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A file of {@code size} pseudo-random bytes, written in chunks so large files need no large array. */
    static Path randomFile(Path file, long size, long seed) throws IOException {
        var random = new Random(seed);
        byte[] chunk = new byte[1 << 20];
        try (var out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        }
        return file;
    }

    static String sha256(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            var md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
