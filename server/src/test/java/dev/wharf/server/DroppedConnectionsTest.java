package dev.wharf.server;

import dev.wharf.server.support.OpenFiles;
import dev.wharf.server.support.RawClient;
import dev.wharf.server.support.TestServer;
import dev.wharf.server.support.TestServers;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Clients that vanish in every state of a session, with an orderly close (FIN) or a reset (RST). The
 * server must end the session, count it out, close its socket (the JVM's open file descriptors
 * return to where they were) and go on serving.
 */
@Timeout(180)
class DroppedConnectionsTest {
    /** Descriptors the JVM may open or close on its own meanwhile (class loading, caches). */
    private static final int FD_SLACK = 5;
    /** Each state is dropped this often, so that a descriptor leaked per connection exceeds the slack. */
    private static final int REPEATS = 2 * FD_SLACK;

    @RegisterExtension
    final TestServers servers = new TestServers();

    private TestServer server;
    private long baselineFds;

    @BeforeEach
    void startServerAndMeasure() throws Exception {
        OpenFiles.assumeCountable();
        server = servers.start();
        server.assertServesNewSessions(); // loads and opens whatever a session needs, once
        baselineFds = OpenFiles.count();
    }

    /** A client brought to some state of its session. */
    @FunctionalInterface
    interface Stage {
        RawClient reach(TestServer server) throws Exception;
    }

    enum Drop {
        CLOSE, RESET;

        void apply(RawClient client) throws Exception {
            if (this == RESET) {
                client.reset();
            } else {
                client.close();
            }
        }
    }

    static Stream<Arguments> stagesAndDrops() {
        Stream<Arguments> stages = Stream.of(
                Arguments.of("implicit, before the handshake", (Stage) s -> s.connect(s.implicitPort())),
                Arguments.of("implicit, mid-handshake", (Stage) s -> {
                    RawClient c = s.connect(s.implicitPort());
                    c.sendClientHelloOnly();
                    return c;
                }),
                Arguments.of("implicit, before login", (Stage) TestServer::implicit),
                Arguments.of("implicit, logged in", (Stage) s -> {
                    RawClient c = s.implicit();
                    c.login();
                    return c;
                }),
                Arguments.of("implicit, during the TLS closure of REIN", (Stage) s -> {
                    RawClient c = s.implicit();
                    c.expect(220, "REIN"); // the server now waits for the client's close_notify
                    return c;
                }),
                Arguments.of("explicit, greeting not read", (Stage) s -> s.connect(s.explicitPort())),
                Arguments.of("explicit, in the middle of a line", (Stage) s -> {
                    RawClient c = s.explicit();
                    c.sendBytes("NOO".getBytes(StandardCharsets.US_ASCII));
                    return c;
                }),
                Arguments.of("explicit, after AUTH before the handshake", (Stage) s -> {
                    RawClient c = s.explicit();
                    c.expect(234, "AUTH TLS");
                    return c;
                }),
                Arguments.of("explicit, mid-handshake", (Stage) s -> {
                    RawClient c = s.explicit();
                    c.expect(234, "AUTH TLS");
                    c.sendClientHelloOnly();
                    return c;
                }),
                Arguments.of("explicit, logged in", (Stage) TestServer::loggedIn));
        return stages.flatMap(stage -> Arrays.stream(Drop.values())
                .map(drop -> Arguments.of(stage.get()[0], stage.get()[1], drop)));
    }

    @ParameterizedTest(name = "{0}, {2}")
    @MethodSource("stagesAndDrops")
    void droppedConnection(String description, Stage stage, Drop drop) throws Exception {
        for (int i = 0; i < REPEATS; i++) {
            drop.apply(stage.reach(server));
        }

        assertServerRecovered();
    }

    @Test
    void manyConnectionsOpenedAndDroppedQuickly() throws Exception {
        long before = server.wharf().acceptedConnections();
        for (int i = 0; i < 500; i++) {
            RawClient client = RawClient.connect(i % 2 == 0 ? server.explicitPort() : server.implicitPort());
            (i % 3 == 0 ? Drop.RESET : Drop.CLOSE).apply(client);
        }
        // All 500 taken from the listen queue first: "no session open" alone can be a moment
        // between two of them, with more still waiting to be accepted.
        dev.wharf.server.support.Await.until("all 500 connections accepted",
                () -> server.wharf().acceptedConnections() >= before + 500, () -> server.wharf().acceptedConnections() - before);

        assertServerRecovered();
    }

    private void assertServerRecovered() throws Exception {
        server.awaitNoSessions();
        OpenFiles.awaitBackTo(baselineFds, FD_SLACK);
        server.assertServesNewSessions();
    }
}
