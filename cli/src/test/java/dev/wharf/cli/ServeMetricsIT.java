package dev.wharf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.server.support.ExternalPeer;
import dev.wharf.server.support.RawClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wharf serve --metrics-address}: the program serves the metrics module's endpoint on a
 * listener of its own, counting from the first connection (the metrics module's own tests check the
 * names with promtool; here, that the program wires it).
 */
@Timeout(120)
class ServeMetricsIT {
    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesMetricsAndHealthOnTheConfiguredAddress() throws Exception {
        ExternalPeer.assumeInstalled("curl");
        Path users = ServeProcess.usersFileWithAlice(dir, "metrics-password");
        try (var serve = ServeProcess.start(dir.resolve("serve.log"),
                "--state-dir", dir.resolve("state").toString(), "--users-file", users.toString(),
                "--listen-addresses", RawClient.HOST, "--explicit-port", "0", "--implicit-port", "off",
                "--metrics-address", RawClient.HOST + ":0", "--transfer-log", "off")) {
            String metrics = "http://" + serve.metricsAddress();
            assertThat(get(metrics + "/health/ready")).isEqualTo(200);
            assertThat(get(metrics + "/health/live")).isEqualTo(200);

            var login = ExternalPeer.run(List.of("curl", "--ssl-reqd", "--insecure", "--silent",
                    "--user", "alice:wrong", "ftp://" + RawClient.HOST + ":" + serve.explicitPort() + "/"));
            assertThat(login.exitCode()).as(login.output()).isEqualTo(67); // CURLE_LOGIN_DENIED

            String scraped = http.send(HttpRequest.newBuilder(URI.create(metrics + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(scraped)
                    .contains("wharf_logins_total{result=\"wrong_password\"} 1.0")
                    .contains("wharf_sessions_total{listener=\"explicit\"} 1.0");
        }
    }

    @Test
    void refusesAHostNameAsTheMetricsAddress() {
        Cli result = Cli.run("serve", "--state-dir", dir.resolve("state").toString(),
                "--metrics-address", "localhost:9464");
        assertThat(result.exitCode()).isEqualTo(dev.wharf.cli.client.ExitCode.CONFIG);
        assertThat(result.err()).contains("metrics-address").contains("expected an IP address and a port");
    }

    private int get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
