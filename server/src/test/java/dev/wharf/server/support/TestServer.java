package dev.wharf.server.support;

import dev.wharf.server.WharfServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One running server of a test (see {@link TestServers}) and the raw clients connected to it, which
 * are closed with it.
 */
public final class TestServer implements AutoCloseable {
    private final WharfServer wharf;
    private final Path home;
    private final List<RawClient> clients = new CopyOnWriteArrayList<>();
    private String[] clientTlsProtocols;

    TestServer(WharfServer wharf, Path home) {
        this.wharf = wharf;
        this.home = home;
    }

    public WharfServer wharf() {
        return wharf;
    }

    public int explicitPort() {
        return wharf.explicitPort();
    }

    public int implicitPort() {
        return wharf.implicitPort();
    }

    /** The home folder of {@value TestServers#USER}. */
    public Path home() {
        return home;
    }

    public String greeting() {
        return wharf.config().greeting();
    }

    // ---- raw clients ----

    /** Restricts the TLS protocols of the clients made from now on ("TLSv1.2"...). */
    public TestServer clientTlsProtocols(String... protocols) {
        this.clientTlsProtocols = protocols.clone();
        return this;
    }

    /** A TCP connection to {@code port}, nothing read or sent. */
    public RawClient connect(int port) throws IOException {
        RawClient client = RawClient.connect(port);
        if (clientTlsProtocols != null) {
            client.tlsProtocols(clientTlsProtocols);
        }
        clients.add(client);
        return client;
    }

    /** Connected to the explicit port, greeting (220) read. */
    public RawClient explicit() throws IOException {
        RawClient client = connect(explicitPort());
        client.expectReply(220);
        return client;
    }

    /** Connected to the explicit port, AUTH TLS done. */
    public RawClient explicitTls() throws IOException {
        RawClient client = explicit();
        client.authTls();
        return client;
    }

    /** Connected to the implicit port, TLS handshake done, greeting (220) read. */
    public RawClient implicit() throws IOException {
        RawClient client = connect(implicitPort());
        client.startTls();
        client.expectReply(220);
        return client;
    }

    /** AUTH TLS and logged in as {@value TestServers#USER} on the explicit port. */
    public RawClient loggedIn() throws IOException {
        RawClient client = explicitTls();
        client.login();
        return client;
    }

    // ---- checks ----

    /** Waits until every connection the server had has ended (a session ends on its own thread). */
    public void awaitNoSessions() {
        awaitSessions(0);
    }

    /** Waits until the server counts {@code n} open connections. */
    public void awaitSessions(int n) {
        Await.until("at " + n + " sessions", () -> wharf.activeSessions() == n, wharf::activeSessions);
    }

    /** A complete session works: explicit and implicit, TLS, login, a command, QUIT. */
    public void assertServesNewSessions() throws IOException {
        try (RawClient explicit = loggedIn(); RawClient implicit = implicit()) {
            explicit.expect(257, "PWD");
            explicit.expect(221, "QUIT");
            implicit.login();
            implicit.expect(200, "NOOP");
            implicit.expect(221, "QUIT");
        }
        awaitNoSessions();
    }

    @Override
    public void close() {
        for (RawClient client : clients) {
            try {
                client.close();
            } catch (IOException ignored) {
                // Already gone.
            }
        }
        clients.clear();
        wharf.close();
    }
}
