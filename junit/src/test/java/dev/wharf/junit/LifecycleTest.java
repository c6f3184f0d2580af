package dev.wharf.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.wharf.client.FtpsSession;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * When the extension starts and stops its server, seen from outside: the scenario classes below run
 * in a JUnit launcher of their own (Surefire skips nested classes), and record the servers they got.
 */
@Timeout(120)
class LifecycleTest {
    static final List<WharfTestServer> seen = new CopyOnWriteArrayList<>();

    @Test
    void aStaticExtensionServesTheWholeClassAndStopsAfterIt() {
        seen.clear();

        assertThat(run(PerClassScenario.class).getTestsSucceededCount()).isEqualTo(3);

        assertThat(seen).hasSize(4).allSatisfy(s -> assertThat(s).isSameAs(seen.get(0)));
        assertThat(seen.get(0).wharf().isAccepting()).isFalse();
        assertThat(seen.get(0).root()).doesNotExist();
    }

    @Test
    void anInstanceExtensionStartsAServerForEachTest() {
        seen.clear();

        assertThat(run(PerTestScenario.class).getTestsSucceededCount()).isEqualTo(2);

        assertThat(seen).hasSize(2).doesNotHaveDuplicates();
        assertThat(seen.get(0).fingerprint()).isNotEqualTo(seen.get(1).fingerprint());
        assertThat(seen).allSatisfy(s -> assertThat(s.wharf().isAccepting()).isFalse());
    }

    @Test
    void outsideItsTestsTheExtensionHasNoServer() {
        WharfExtension extension = WharfExtension.builder().user("alice", "secret").build();

        assertThatThrownBy(extension::server).isInstanceOf(IllegalStateException.class).hasMessageContaining("@RegisterExtension");
    }

    @Test
    void aServerNeedsAUserAndFilesGoInTheirHomes() {
        assertThatThrownBy(() -> WharfExtension.builder().build()).hasMessageContaining("user(");
        assertThatThrownBy(() -> WharfExtension.builder().user("alice", "s").file("carol/x.txt", "x").build())
                .hasMessageContaining("carol/x.txt");
        assertThatThrownBy(() -> WharfExtension.builder().file("alice/../x.txt", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    private static TestExecutionSummary run(Class<?> scenario) {
        var listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(scenario)).build(), listener);
        TestExecutionSummary summary = listener.getSummary();
        assertThat(summary.getFailures()).as("failures of %s", scenario.getSimpleName()).isEmpty();
        return summary;
    }

    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class PerClassScenario {
        @RegisterExtension
        static final WharfExtension FTPS = WharfExtension.builder().user("alice", "secret").file("alice/seed.txt", "seed").build();

        @BeforeAll
        static void before(WharfTestServer server) {
            seen.add(server);
        }

        @Test
        @Order(1)
        void uploads(WharfTestServer server) throws Exception {
            seen.add(server);
            try (FtpsSession alice = server.client("alice").build().connect()) {
                alice.upload(new ByteArrayInputStream(new byte[] {1, 2, 3}), "/left-over.bin");
            }
        }

        @Test
        @Order(2)
        void seesWhatTheTestBeforeLeftUntilReset(WharfTestServer server) {
            seen.add(server);
            assertThat(server.file("alice/left-over.bin")).exists();
            assertThat(server.events().uploads()).hasSize(1);

            server.reset();

            assertThat(server.file("alice/left-over.bin")).doesNotExist();
            assertThat(server.file("alice/seed.txt")).hasContent("seed");
            assertThat(server.events().all()).isEmpty();
        }

        @Nested
        class Inner {
            @Test
            void sharesTheOuterServer(WharfTestServer server) {
                seen.add(server);
            }
        }
    }

    static class PerTestScenario {
        @RegisterExtension
        final WharfExtension ftps = WharfExtension.builder().user("alice", "secret").build();

        @BeforeEach
        void before(WharfTestServer server) {
            assertThat(server).isSameAs(ftps.server());
        }

        @Test
        void one(WharfTestServer server) {
            seen.add(server);
        }

        @Test
        void two(WharfTestServer server) {
            seen.add(server);
        }
    }
}
