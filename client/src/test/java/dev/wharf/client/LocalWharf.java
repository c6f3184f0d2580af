package dev.wharf.client;

import dev.wharf.protocol.tls.Identity;
import dev.wharf.server.WharfServer;
import dev.wharf.server.auth.InMemoryUsers;
import dev.wharf.server.config.ServerConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Wharf's server on loopback for the client's tests: explicit and implicit listeners on free
 * ports, user {@code alice}/{@code secret} at {@code home}, and a client builder that pins its
 * self-signed certificate.
 */
final class LocalWharf implements AutoCloseable {
    static final Identity IDENTITY = dev.wharf.server.support.LoopbackServerConfig.IDENTITY;

    private final WharfServer server;

    private LocalWharf(WharfServer server) {
        this.server = server;
    }

    /** {@code settings} adds what a test needs (CCC, clear data) to the common configuration. */
    static LocalWharf start(Path home, UnaryOperator<ServerConfig.Builder> settings) throws IOException {
        return new LocalWharf(WharfServer.start(settings.apply(dev.wharf.server.support.LoopbackServerConfig.builder(
                        new InMemoryUsers(1000).add("alice", "secret", home, true))
                        .shutdownGrace(Duration.ofSeconds(1)))
                .build()));
    }

    int explicitPort() {
        return server.explicitPort();
    }

    int implicitPort() {
        return server.implicitPort();
    }

    FtpsClient.Builder client(TlsMode mode) {
        return FtpsClient.builder()
                .host("127.0.0.1")
                .port(mode == TlsMode.EXPLICIT ? explicitPort() : implicitPort())
                .mode(mode)
                .credentials("alice", "secret")
                .trust(TrustPolicy.pinned(IDENTITY.sha256Fingerprint()))
                .replyTimeout(Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        server.close();
    }
}
