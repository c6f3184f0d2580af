package dev.wharf.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.server.config.ServerConfig.ProxyProtocol.Mode;
import dev.wharf.server.proxy.AddressRange;
import dev.wharf.server.spi.ServerEvents;
import dev.wharf.server.spi.SessionInfo;
import dev.wharf.server.support.Await;
import dev.wharf.server.support.ExternalPeer;
import dev.wharf.protocol.testing.TestFiles;
import dev.wharf.server.support.TestServer;
import dev.wharf.server.support.TestServers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wharf behind a real HAProxy (Debian package {@code haproxy}) in TCP mode: {@code send-proxy} (v1) in
 * front of the explicit listener, {@code send-proxy-v2} in front of the implicit one; only HAProxy
 * (127.0.0.1) is trusted. curl and lftp connect to HAProxy from 127.0.0.2 and make their data
 * connections straight to Wharf's passive ports, as clients of a balancer that forwards only the
 * control port do: they work only if Wharf takes 127.0.0.2 from the header as the client.
 */
@Timeout(180)
class HaproxyIT {
    private static final String CLIENT = "127.0.0.2";

    @RegisterExtension
    final TestServers servers = new TestServers();

    @TempDir
    Path dir;

    private final Set<String> clients = ConcurrentHashMap.newKeySet();
    private TestServer server;
    private Process haproxy;
    private int explicitFront;
    private int implicitFront;

    @BeforeEach
    void start() throws Exception {
        ExternalPeer.assumeInstalled("haproxy");
        server = servers.start(b -> b.proxyProtocol(Mode.REQUIRED).proxyTrusted(List.of(AddressRange.parse("127.0.0.1")))
                .eventListener(new ServerEvents() {
                    @Override
                    public void loginSucceeded(SessionInfo session, String user) {
                        clients.add(session.client().getAddress().getHostAddress());
                    }
                }));
        explicitFront = freePort();
        implicitFront = freePort();
        Path config = dir.resolve("haproxy.cfg");
        Files.writeString(config, String.join("\n",
                "global",
                "  maxconn 200",
                "defaults",
                "  mode tcp",
                "  timeout connect 5s",
                "  timeout client 60s",
                "  timeout server 60s",
                "frontend explicit",
                "  bind 127.0.0.1:" + explicitFront,
                "  default_backend wharf_explicit",
                "backend wharf_explicit",
                "  server node1 127.0.0.1:" + server.explicitPort() + " send-proxy",
                "frontend implicit",
                "  bind 127.0.0.1:" + implicitFront,
                "  default_backend wharf_implicit",
                "backend wharf_implicit",
                "  server node1 127.0.0.1:" + server.implicitPort() + " send-proxy-v2",
                ""));
        haproxy = new ProcessBuilder("haproxy", "-db", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile()).start();
        Await.until("HAProxy listening", () -> accepts(explicitFront) && accepts(implicitFront),
                () -> read(dir.resolve("haproxy.log")));
    }

    @AfterEach
    void stopHaproxy() throws InterruptedException {
        if (haproxy != null) {
            haproxy.destroy();
            if (!haproxy.waitFor(10, TimeUnit.SECONDS)) {
                haproxy.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void curlUploadsAndDownloadsThroughHaproxyExplicitAndImplicit() throws Exception {
        ExternalPeer.assumeInstalled("curl");
        Path file = TestFiles.randomFile(dir.resolve("up.bin"), 3 * 1024 * 1024 + 17, 1);
        for (String url : List.of("ftp://127.0.0.1:" + explicitFront + "/explicit.bin",
                "ftps://127.0.0.1:" + implicitFront + "/implicit.bin")) {
            curl("-T", file.toString(), url).assertOk();
            Path back = dir.resolve("back.bin");
            curl("-o", back.toString(), url).assertOk();
            assertThat(Files.mismatch(back, file)).as(url).isEqualTo(-1);
        }
        assertThat(Files.mismatch(server.home().resolve("explicit.bin"), file)).isEqualTo(-1);
        assertThat(clients).containsExactly(CLIENT);
    }

    @Test
    void lftpUploadsAndDownloadsThroughHaproxyExplicitAndImplicit() throws Exception {
        ExternalPeer.assumeInstalled("lftp");
        Path file = TestFiles.randomFile(dir.resolve("up.bin"), 1024 * 1024 + 5, 2);
        for (String open : List.of("set ftp:ssl-force true; open ftp://127.0.0.1:" + explicitFront,
                "open ftps://127.0.0.1:" + implicitFront)) {
            Path back = dir.resolve("back.bin");
            Files.deleteIfExists(back);
            var result = ExternalPeer.run(List.of("lftp", "-c", "set cmd:fail-exit yes; set net:max-retries 1;"
                    + " set net:timeout 20; set ssl:verify-certificate no; set ftp:ssl-protect-data true;"
                    + " set net:socket-bind-ipv4 " + CLIENT + "; " + open
                    + "; user " + TestServer.USER + " " + TestServer.PASSWORD
                    + "; put " + file + " -o lftp.bin; get lftp.bin -o " + back));
            assertThat(result.exitCode()).as("%s", result).isZero();
            assertThat(Files.mismatch(back, file)).as(open).isEqualTo(-1);
        }
        assertThat(clients).containsExactly(CLIENT);
    }

    private ExternalPeer.Result curl(String... args) throws Exception {
        var command = new java.util.ArrayList<>(List.of("curl", "--silent", "--show-error", "--ssl-reqd", "--insecure",
                "--interface", CLIENT, "--max-time", "60", "--user", TestServer.USER + ":" + TestServer.PASSWORD));
        command.addAll(List.of(args));
        return ExternalPeer.run(command);
    }

    private static int freePort() throws IOException {
        try (var s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (var s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }
}
