package dev.wharf.client;

import dev.wharf.server.support.TestServer;
import java.time.Duration;

/** Clients of the in-process {@link TestServer}: its user, its certificate pinned. */
final class TestClients {
    private TestClients() {}

    static FtpsClient.Builder to(TestServer server, TlsMode mode) {
        return FtpsClient.builder()
                .host("127.0.0.1")
                .port(mode == TlsMode.EXPLICIT ? server.explicitPort() : server.implicitPort())
                .mode(mode)
                .credentials(TestServer.USER, TestServer.PASSWORD)
                .trust(TrustPolicy.pinned(TestServer.PIN))
                .replyTimeout(Duration.ofSeconds(10));
    }
}
