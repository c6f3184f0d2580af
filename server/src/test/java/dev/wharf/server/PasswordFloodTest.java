package dev.wharf.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.server.auth.InMemoryUsers;
import dev.wharf.server.auth.PasswordHash;
import dev.wharf.server.support.RawClient;
import dev.wharf.server.support.TestServer;
import dev.wharf.server.support.TestServers;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A password-hash flood (issue 14 §3): many parallel wrong passwords from many loopback addresses,
 * against real PBKDF2 hashes (600,000 iterations). The addresses that failed share one check at a
 * time (PasswordCheckLanes), bans stop each after three failures, and a legitimate login from an
 * address with no failure still gets in during the flood. The figures are printed, not asserted.
 */
@Timeout(300)
class PasswordFloodTest {
    private static final int ATTACKING_ADDRESSES = 8;
    private static final int CONNECTIONS_PER_ADDRESS = 3;

    @RegisterExtension
    final TestServers servers = new TestServers();

    @TempDir
    Path home;

    @Test
    void aLegitimateLoginGetsInDuringAFloodOfWrongPasswords() throws Exception {
        var users = new InMemoryUsers(PasswordHash.DEFAULT_ITERATIONS).add("alice", "right password", home, true);
        TestServer server = servers.start(b -> b.authenticator(users).loginCacheTtl(Duration.ZERO)
                .failedLoginDelay(Duration.ZERO).maxLoginFailures(3));
        var wrong = new AtomicInteger();
        var banned = new AtomicInteger();
        var attackers = new ArrayList<Thread>();
        long cpuBefore = processCpuNanos();
        long started = System.nanoTime();
        for (int a = 0; a < ATTACKING_ADDRESSES; a++) {
            InetAddress from = InetAddress.getByName("127.0.1." + (10 + a));
            for (int c = 0; c < CONNECTIONS_PER_ADDRESS; c++) {
                attackers.add(Thread.ofVirtual().start(() -> attack(server, from, wrong, banned)));
            }
        }
        while (wrong.get() < ATTACKING_ADDRESSES) {
            Thread.sleep(10); // the flood is under way: every address has failed once
        }
        long loginStart = System.nanoTime();
        try (RawClient legit = RawClient.connectFrom(InetAddress.getByName("127.0.0.2"), server.explicitPort())) {
            legit.expectReply(220);
            legit.authTls();
            legit.login("alice", "right password");
        }
        long loginMillis = (System.nanoTime() - loginStart) / 1_000_000;
        for (Thread t : attackers) {
            t.join(); // each attacker ends when its address is banned
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpu = (processCpuNanos() - cpuBefore) / 1e9;
        System.out.printf("PasswordFloodTest: %d addresses x %d connections; %d wrong passwords checked, %d connections"
                        + " refused as banned; legitimate login took %d ms; %.1f s of CPU in %.1f s (%.2f cores)%n",
                ATTACKING_ADDRESSES, CONNECTIONS_PER_ADDRESS, wrong.get(), banned.get(), loginMillis, cpu, seconds, cpu / seconds);
        assertThat(server.wharf().bans()).as("every attacking address banned").hasSize(ATTACKING_ADDRESSES);
    }

    /** Wrong passwords from {@code from} until its address is banned. */
    private static void attack(TestServer server, InetAddress from, AtomicInteger wrong, AtomicInteger banned) {
        while (true) {
            try (RawClient c = RawClient.connectFrom(from, server.explicitPort())) {
                var greeting = c.read();
                if (greeting.code() == 421) {
                    banned.incrementAndGet();
                    return; // banned: this address is done
                }
                c.authTls();
                while (true) {
                    c.expect(331, "USER alice");
                    var reply = c.command("PASS wrong");
                    if (reply.code() != 530) {
                        banned.incrementAndGet();
                        return; // 421: banned now
                    }
                    wrong.incrementAndGet();
                }
            } catch (IOException e) {
                return; // the server closed us
            }
        }
    }

    private static long processCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO).toNanos();
    }
}
