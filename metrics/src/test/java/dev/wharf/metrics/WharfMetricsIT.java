package dev.wharf.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.server.support.ExternalPeer;
import dev.wharf.server.support.RawClient;
import dev.wharf.server.support.TestServer;
import dev.wharf.server.support.TestServers;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The metrics listener scraped for real while curl logs in, uploads and fails a login. */
@Timeout(120)
class WharfMetricsIT {
    @RegisterExtension
    final TestServers servers = new TestServers();

    @Test
    void countersMoveAsCurlWorksAndTheTextPassesPromtool() throws Exception {
        ExternalPeer.assumeInstalled("curl");
        ExternalPeer.assumeInstalled("promtool", "prometheus");
        try (var metrics = new WharfMetrics()) {
            TestServer server = servers.start(b -> b.eventListener(metrics));
            metrics.attach(server.wharf());
            metrics.listen(new InetSocketAddress(RawClient.HOST, 0));
            Path upload = Files.createTempFile("wharf-upload-", ".txt");
            Files.writeString(upload, "hello metrics\n");
            String url = "ftp://" + RawClient.HOST + ":" + server.explicitPort() + "/up.txt";

            ExternalPeer.run(List.of("curl", "--silent", "--show-error", "--insecure", "--ssl-reqd", "--max-time", "20",
                    "--user", TestServer.USER + ":" + TestServer.PASSWORD, "-T", upload.toString(), url)).assertOk();
            var failed = ExternalPeer.run(List.of("curl", "--silent", "--insecure", "--ssl-reqd", "--max-time", "20",
                    "--user", TestServer.USER + ":wrong", url));
            assertThat(failed.exitCode()).as("%s", failed).isEqualTo(67); // CURLE_LOGIN_DENIED
            // Not TLS on the implicit port: a failed handshake.
            try (var notTls = new java.net.Socket(RawClient.HOST, server.implicitPort())) {
                notTls.getOutputStream().write("USER alice\r\n".getBytes(StandardCharsets.US_ASCII));
                notTls.getInputStream().read();
            } catch (java.io.IOException closedByTheServer) {
                // also what a failed handshake may look like from here
            }
            server.awaitNoSessions();
            Files.delete(upload);

            String text = get(metrics, "/metrics").body();
            assertThat(text).contains(
                    "wharf_sessions_total{listener=\"explicit\"} 2.0",
                    "wharf_tls_handshake_failures_total{connection=\"control\"} 1.0",
                    "wharf_sessions_open{listener=\"explicit\"} 0.0",
                    "wharf_logins_total{result=\"ok\"} 1.0",
                    "wharf_logins_total{result=\"wrong_password\"} 1.0",
                    "wharf_transfer_bytes_total{direction=\"upload\"} 14.0",
                    "wharf_transfers_total{direction=\"upload\",result=\"completed\"} 1.0",
                    "wharf_transfer_duration_seconds_count{direction=\"upload\"} 1",
                    "wharf_commands_total{reply_class=\"2xx\",verb=\"STOR\"}",
                    "wharf_tls_handshakes_total{connection=\"control\"",
                    "jvm_threads_current");
            Path scraped = Files.createTempFile("wharf-metrics-", ".txt");
            try {
                Files.writeString(scraped, text);
                ExternalPeer.run(List.of("sh", "-c", "promtool check metrics < " + scraped)).assertOk();
            } finally {
                Files.delete(scraped);
            }
        }
    }

    @Test
    void bannedAddressesAreCountedWhileTheBanLasts() throws Exception {
        ExternalPeer.assumeInstalled("curl");
        try (var metrics = new WharfMetrics()) {
            TestServer server = servers.start(b -> b.eventListener(metrics).maxLoginFailures(1)
                    .failedLoginDelay(java.time.Duration.ZERO));
            metrics.attach(server.wharf());
            metrics.listen(new InetSocketAddress(RawClient.HOST, 0));
            assertThat(get(metrics, "/metrics").body()).contains("wharf_banned_addresses 0.0");

            var failed = ExternalPeer.run(List.of("curl", "--silent", "--insecure", "--ssl-reqd", "--max-time", "20",
                    "--user", TestServer.USER + ":wrong", "ftp://" + RawClient.HOST + ":" + server.explicitPort() + "/"));
            assertThat(failed.exitCode()).as("%s", failed).isNotZero();
            assertThat(get(metrics, "/metrics").body()).contains("wharf_banned_addresses 1.0",
                    "wharf_logins_total{result=\"banned\"} 1.0");

            server.wharf().liftBan(java.net.InetAddress.getByName(RawClient.HOST));
            assertThat(get(metrics, "/metrics").body()).contains("wharf_banned_addresses 0.0");
        }
    }

    @Test
    void readyOnlyWhileTheServerRuns() throws Exception {
        try (var metrics = new WharfMetrics()) {
            metrics.listen(new InetSocketAddress(RawClient.HOST, 0));
            assertThat(get(metrics, "/health/live").statusCode()).isEqualTo(200);
            assertThat(get(metrics, "/health/ready").statusCode()).as("before start").isEqualTo(503);

            TestServer server = servers.start(b -> b.eventListener(metrics));
            metrics.attach(server.wharf());
            assertThat(get(metrics, "/health/ready").statusCode()).isEqualTo(200);

            server.close();
            assertThat(get(metrics, "/health/ready").statusCode()).as("stopped").isEqualTo(503);
            assertThat(get(metrics, "/health/live").statusCode()).isEqualTo(200);
        }
    }

    /** What a GET answered. HttpURLConnection, not java.net.http: the module reads no more than it needs. */
    private record Response(int statusCode, String body) {}

    private static Response get(WharfMetrics metrics, String path) throws Exception {
        var uri = URI.create("http://" + RawClient.HOST + ":" + metrics.port() + path);
        var connection = (HttpURLConnection) uri.toURL().openConnection();
        try {
            int status = connection.getResponseCode();
            var stream = status < 400 ? connection.getInputStream() : connection.getErrorStream();
            try (stream) {
                return new Response(status, new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            }
        } finally {
            connection.disconnect();
        }
    }
}
