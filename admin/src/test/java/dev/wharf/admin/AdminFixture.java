package dev.wharf.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.client.FtpsClient;
import dev.wharf.client.FtpsSession;
import dev.wharf.client.TlsMode;
import dev.wharf.client.TrustPolicy;
import dev.wharf.server.auth.UserAdmin;
import dev.wharf.server.auth.UsersFileAdmin;
import dev.wharf.server.auth.WatchedUsersFile;
import dev.wharf.server.support.TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A real server whose users are a real users file (watched, as {@code wharf serve} has it), its admin
 * API on a free loopback port, and a real HTTP client. The API's user edits reload the file at once,
 * so a test sees their effect on the next login.
 */
final class AdminFixture implements AutoCloseable {
    static final String TOKEN = "test-token-0123456789abcdef";
    static final String CAROL = "carol";
    static final String CAROL_PASSWORD = "carol-password";
    /** The fewest PBKDF2 rounds a users file accepts: fast logins. */
    static final int FAST_HASHING = 1000;

    final Path usersFile;
    final WatchedUsersFile watched;
    final UserAdmin users;
    final TestServer server;
    final AdminApi api;
    final AtomicInteger reloads = new AtomicInteger();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();

    AdminFixture(Path dir, Supplier<List<String>> reload) throws IOException {
        usersFile = dir.resolve("users");
        var bootstrap = new UsersFileAdmin(usersFile, FAST_HASHING, () -> { });
        bootstrap.add(TestServer.USER, TestServer.PASSWORD, dir.resolve("homes").resolve(TestServer.USER), false);
        watched = WatchedUsersFile.open(usersFile);
        users = new UsersFileAdmin(usersFile, FAST_HASHING, watched::reload);
        server = TestServer.builder().root(dir.resolve("homes")).home(dir.resolve("homes").resolve(TestServer.USER))
                .config(b -> b.authenticator(watched).maxLoginFailures(2)).start();
        api = AdminApi.start(server.wharf(), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), TOKEN, users,
                () -> {
                    reloads.incrementAndGet();
                    return new AdminApi.Outcome(reload.get(), List.of(), List.of());
                });
    }

    AdminFixture(Path dir) throws IOException {
        this(dir, List::of);
    }

    String url(String path) {
        return "http://127.0.0.1:" + api.port() + AdminApi.PREFIX + path;
    }

    record Response(int status, JsonNode body, HttpResponse<String> raw) {
        String error() {
            return body.path("error").asText(null);
        }
    }

    Response call(String method, String path) throws IOException, InterruptedException {
        return call(method, path, null, TOKEN);
    }

    Response call(String method, String path, String jsonBody) throws IOException, InterruptedException {
        return call(method, path, jsonBody, TOKEN);
    }

    /** With {@code token} null, no Authorization header. */
    Response call(String method, String path, String jsonBody, String token) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20))
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        boolean isJson = response.headers().firstValue("Content-Type").orElse("").equals("application/json");
        return new Response(response.statusCode(), isJson ? json.readTree(response.body()) : null, response);
    }

    /** A Wharf client of the server (explicit FTPS, its certificate pinned). */
    FtpsClient client(String user, String password) {
        return FtpsClient.builder()
                .host("127.0.0.1")
                .port(server.explicitPort())
                .mode(TlsMode.EXPLICIT)
                .credentials(user, password)
                .trust(TrustPolicy.pinned(TestServer.PIN))
                .replyTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** Whether {@code user} logs in with {@code password} now. */
    boolean logsIn(String user, String password) throws IOException {
        try (FtpsSession s = client(user, password).connect()) {
            return true;
        } catch (dev.wharf.client.LoginFailedException e) {
            return false;
        }
    }

    @Override
    public void close() {
        api.close();
        server.close();
    }
}
