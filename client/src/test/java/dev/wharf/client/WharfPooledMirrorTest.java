package dev.wharf.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.protocol.testing.TestFiles;
import dev.wharf.server.auth.Authenticator;
import dev.wharf.server.auth.InMemoryUsers;
import dev.wharf.server.config.ServerConfig.DataSessionReuse;
import dev.wharf.server.support.TestServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The client's mirror with a pool of four connections, up and back down, against Wharf's server
 * with its default data-tls-session-reuse (a session issued to the same user) and with the
 * strictest level (the data connection's own control connection, as vsftpd and ProFTPD demand).
 * Each pooled session has a TLS context of its own, so its data connections can only resume its own
 * control session: both levels must let every transfer through, byte-exact.
 */
@Timeout(120)
class WharfPooledMirrorTest {
    private static final int FILES = 100;

    @TempDir
    static Path data;
    @TempDir
    Path home;
    @TempDir
    Path local;

    private static Path tree;
    private static Map<String, String> expected;

    @BeforeAll
    static void makeTree() throws IOException {
        tree = TestFiles.randomTree(data.resolve("tree"), FILES - 1, 100);
        TestFiles.randomFile(tree.resolve("a/five-mebibytes.bin"), 5L << 20, 5); // one transfer that takes a while
        expected = TestFiles.sha256Tree(tree);
    }

    static Stream<Arguments> levelsModesAndVersions() {
        Stream.Builder<Arguments> all = Stream.builder();
        for (DataSessionReuse level : List.of(DataSessionReuse.REQUIRED, DataSessionReuse.REQUIRED_SAME_CONNECTION)) {
            for (TlsMode mode : TlsMode.values()) {
                for (String tls : List.of("TLSv1.3", "TLSv1.2")) {
                    all.add(Arguments.of(level, mode, tls));
                }
            }
        }
        return all.build();
    }

    @ParameterizedTest(name = "data-tls-session-reuse {0}, {1}, {2}")
    @MethodSource("levelsModesAndVersions")
    void mirrorsATreeUpAndBackOverFourConnections(DataSessionReuse level, TlsMode mode, String tls) throws Exception {
        Path back = local.resolve("back");
        // Counts the logins, to see the pool: no login cache, so every login reaches the user store.
        var users = new InMemoryUsers(1000).add("alice", "secret", home, true);
        var logins = new AtomicInteger();
        Authenticator counting = (name, password) -> {
            var user = users.authenticate(name, password);
            user.ifPresent(u -> logins.incrementAndGet());
            return user;
        };
        try (TestServer wharf = TestServer.builder().home(home).config(config -> config.dataSessionReuse(level)
                     .authenticator(counting).loginCacheTtl(Duration.ZERO)).start();
             FtpsSession s = TestClients.to(wharf, mode).tlsProtocols(List.of(tls)).build().connect()) {
            MirrorResult up = s.mirrorUp(tree, "/tree", new MirrorOptions(true, 4));
            assertThat(up.transferred()).hasSize(FILES);
            assertThat(TestFiles.sha256Tree(home.resolve("tree"))).as("the tree on the server")
                    .containsExactlyInAnyOrderEntriesOf(expected);

            MirrorResult down = s.mirrorDown("/tree", back, new MirrorOptions(true, 4));
            assertThat(down.transferred()).hasSize(FILES);
        }
        assertThat(logins).as("logins: this session, then three more sessions for each mirror").hasValue(1 + 3 + 3);
        assertThat(TestFiles.sha256Tree(back)).as("the tree mirrored back down")
                .containsExactlyInAnyOrderEntriesOf(expected);
    }
}
