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
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * A real server on loopback for transfer tests: users alice (read-write) and bob (read-only), with
 * homes under {@code root}, which may be on the local disk or an in-memory file system.
 */
final class TransferServer implements AutoCloseable {
    static final String PASSWORD = "secret";
    static final Identity IDENTITY = dev.wharf.server.support.LoopbackServerConfig.IDENTITY;

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
            var builder = dev.wharf.server.support.LoopbackServerConfig.builder(users);
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
}
