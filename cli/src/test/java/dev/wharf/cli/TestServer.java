package dev.wharf.cli;

import dev.wharf.protocol.tls.Identity;
import dev.wharf.server.WharfServer;
import dev.wharf.server.auth.InMemoryUsers;
import dev.wharf.server.config.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/** A real Wharf server on loopback for the client command tests: user alice, password "secret". */
final class TestServer implements AutoCloseable {
    static final String USER = "alice";
    static final String PASSWORD = "secret";
    static final Identity IDENTITY = dev.wharf.server.support.LoopbackServerConfig.IDENTITY;
    /** The server certificate's SHA-256 fingerprint, for --pin. */
    static final String PIN = IDENTITY.sha256Fingerprint();

    final WharfServer server;
    final Path home;

    private TestServer(WharfServer server, Path home) {
        this.server = server;
        this.home = home;
    }

    static TestServer start(Path root) {
        return start(root, b -> { });
    }

    static TestServer start(Path root, Consumer<ServerConfig.Builder> tweak) {
        try {
            Path home = Files.createDirectories(root.resolve(USER));
            var builder = dev.wharf.server.support.LoopbackServerConfig.builder(
                    new InMemoryUsers(1000).add(USER, PASSWORD, home, true));
            tweak.accept(builder);
            return new TestServer(WharfServer.start(builder.build()), home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** ftp://alice@127.0.0.1:PORT/path: explicit FTPS. */
    String explicitUrl(String path) {
        return "ftp://" + USER + "@127.0.0.1:" + server.explicitPort() + path;
    }

    /** ftps://alice@127.0.0.1:PORT/path: implicit FTPS. */
    String implicitUrl(String path) {
        return "ftps://" + USER + "@127.0.0.1:" + server.implicitPort() + path;
    }

    @Override
    public void close() {
        server.stop(Duration.ofSeconds(2));
    }

    /** A port nothing listens on (bound and released at once). */
    static int closedPort() {
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path randomFile(Path file, int size, long seed) throws IOException {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.write(file, b);
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
