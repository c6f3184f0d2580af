package dev.wharf.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.protocol.tls.Identity;
import dev.wharf.server.auth.InMemoryUsers;
import dev.wharf.server.config.ServerConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting and stopping: nothing leaks when start fails, and stop is safe from several threads. */
class ServerLifecycleTest {
    private static final Identity IDENTITY = Identity.selfSigned("localhost", List.of("localhost", "127.0.0.1"));

    @TempDir
    Path dir;

    private ServerConfig.Builder config() {
        return ServerConfig.builder()
                .listenAddresses(List.of(InetAddress.getLoopbackAddress()))
                .explicitPort(0).implicitPort(0)
                .identity(IDENTITY)
                .authenticator(new InMemoryUsers(1000).add("alice", "secret", dir, true))
                .transferLog(dir.resolve("xferlog"));
    }

    /** The open descriptors of this JVM that point at {@code file} (Linux /proc). */
    private static long openHandlesOf(Path file) throws IOException {
        long n = 0;
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    if (Files.readSymbolicLink(fd).equals(file.toAbsolutePath())) {
                        n++;
                    }
                } catch (IOException gone) {
                    // closed while listing
                }
            }
        }
        return n;
    }

    @Test
    void aTlsSettingThatCannotWorkFailsTheStartAndLeavesNoFileOpen() throws IOException {
        dev.wharf.server.support.OpenFiles.assumeCountable();
        assertThatThrownBy(() -> WharfServer.start(config().tlsProtocols(List.of("TLSv9")).build()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot set up TLS").hasMessageContaining("TLSv9");
        assertThat(openHandlesOf(dir.resolve("xferlog"))).isZero();
    }

    @Test
    void stopFromSeveralThreadsAtOnceStopsOnceAndEveryCallReturns() throws Exception {
        var server = WharfServer.start(config().build());
        var go = new CountDownLatch(1);
        var threads = new ArrayList<Thread>();
        var failures = new ArrayList<Throwable>();
        for (int i = 0; i < 8; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                    server.stop(Duration.ofSeconds(5));
                } catch (Throwable t) {
                    synchronized (failures) {
                        failures.add(t);
                    }
                }
            }));
        }
        go.countDown();
        for (Thread t : threads) {
            t.join(30_000);
            assertThat(t.isAlive()).isFalse();
        }
        assertThat(failures).isEmpty();
        assertThat(server.activeSessions()).isZero();
        assertThat(openHandlesOf(dir.resolve("xferlog"))).isZero();
    }
}
