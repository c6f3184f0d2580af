package dev.wharf.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.wharf.protocol.IpLiterals;
import dev.wharf.server.WharfServer;
import dev.wharf.server.auth.UserAdmin;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API of one server: JSON over HTTP under {@value #PREFIX}, on a listener of its own
 * (bind it to a loopback address unless a firewall or a TLS proxy stands in front: it speaks plain
 * HTTP), every request behind {@code Authorization: Bearer <token>}. The routes and their bodies are
 * described in {@code openapi.yaml}, served at {@value #PREFIX}{@code /openapi.yaml}.
 *
 * <pre>{@code
 * var api = AdminApi.start(server, new InetSocketAddress("127.0.0.1", 9465), token,
 *         UserAdmin.of(usersFile), () -> List.of());
 * }</pre>
 *
 * <p>Errors are {@code {"error": "..."}} with the status that fits: 400 bad input, 401 no or a wrong
 * token, 404 no such route, session, ban or user, 405 a method the route does not take, 409 a user
 * that exists, 413 a body over 64 KiB, 500 a failure, whose details go to the server's log only. The
 * log names each request's method, path and status, never the token or a body (passwords).
 */
public final class AdminApi implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
    public static final String PREFIX = "/api/v1";
    static final int MAX_BODY = 64 * 1024;
    private static final String OPENAPI = "openapi.yaml";

    /**
     * What {@code POST /reload} does: read the program's files again (certificate, users, settings),
     * as SIGHUP does.
     */
    @FunctionalInterface
    public interface Reload {
        Outcome reload();
    }

    /**
     * What a reload did: {@code problems} in words for the administrator (what could not be read; its
     * old version stays), empty when everything was read; the settings that changed and now apply, and
     * those that changed but need a restart.
     */
    public record Outcome(List<String> problems, List<String> applied, List<String> needRestart) {
        public Outcome {
            problems = List.copyOf(problems);
            applied = List.copyOf(applied);
            needRestart = List.copyOf(needRestart);
        }
    }

    private final WharfServer server;
    private final byte[] tokenDigest;
    private final UserAdmin users;
    private final HttpServer http;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final ObjectMapper json = new ObjectMapper();
    private final List<Route> routes = new ArrayList<>();

    private AdminApi(WharfServer server, String token, UserAdmin users, Reload reload, HttpServer http) {
        this.server = server;
        this.tokenDigest = sha256(token);
        this.users = users;
        this.http = http;
        route("GET", "/sessions", r -> new Views.Sessions(server.sessions().stream().map(Views.Session::of).toList()));
        route("DELETE", "/sessions/{id}", this::closeSession);
        route("GET", "/bans", r -> new Views.Bans(server.bans().stream().map(Views.Ban::of).toList()));
        route("DELETE", "/bans/{address}", this::liftBan);
        route("POST", "/reload", r -> {
            Outcome outcome = reload.reload();
            return new Views.Reloaded(outcome.problems(), outcome.applied(), outcome.needRestart());
        });
        route("GET", "/users", r -> new Views.Users(users().list().stream().map(Views.User::of).toList()));
        route("POST", "/users", this::addUser);
        route("DELETE", "/users/{name}", this::removeUser);
        route("POST", "/users/{name}/password", this::setPassword);
        route("POST", "/users/{name}/disable", r -> setDisabled(r, true));
        route("POST", "/users/{name}/enable", r -> setDisabled(r, false));
        route("GET", "/" + OPENAPI, r -> new Raw("application/yaml", openApi()));
    }

    /**
     * Serves the API of {@code server} on {@code bind} (port 0: any free one).
     *
     * @param token  the secret every request must present; at least 16 characters
     * @param users  the users' editor, the same that {@code wharf user} uses (the users file's, or a users
     *               database's); null when the users live elsewhere (LDAP): the user routes then answer 409
     * @param reload what {@code POST /reload} runs
     */
    public static AdminApi start(WharfServer server, InetSocketAddress bind, String token, UserAdmin users, Reload reload)
            throws IOException {
        if (token == null || token.strip().length() < 16) {
            throw new IllegalArgumentException("the admin token must have at least 16 characters");
        }
        var api = new AdminApi(server, token.strip(), users, reload, HttpServer.create(bind, 0));
        api.http.createContext("/", api::handle);
        api.http.setExecutor(api.threads);
        api.http.start();
        LOG.info("admin API listening on http://{}:{}{}", api.address().getAddress().getHostAddress(), api.port(), PREFIX);
        return api;
    }

    public InetSocketAddress address() {
        return http.getAddress();
    }

    /** The bound port (useful when started on port 0). */
    public int port() {
        return http.getAddress().getPort();
    }

    /** Every route as {@code METHOD /api/v1/path/{param}}: what openapi.yaml must describe. */
    List<String> routes() {
        return routes.stream().map(r -> r.method + " " + PREFIX + r.pattern).toList();
    }

    /** Stops at once: a request still being answered is cut. */
    @Override
    public void close() {
        http.stop(0);
        threads.shutdownNow();
    }

    // ---- routing ----

    private interface Handler {
        Object handle(Request request) throws IOException;
    }

    /** A body that is not JSON: the OpenAPI file. */
    @SuppressWarnings("ArrayRecordComponent") // a holder, never compared
    private record Raw(String contentType, byte[] body) {}

    /** 201 Created, with what was made. */
    private record Created(Object body) {}

    private record Route(String method, String pattern, List<String> segments, Handler handler) {
        /** The path parameters if {@code path} matches, else null. */
        List<String> match(List<String> path) {
            if (path.size() != segments.size()) {
                return null;
            }
            var params = new ArrayList<String>();
            for (int i = 0; i < path.size(); i++) {
                String s = segments.get(i);
                if (s.startsWith("{")) {
                    params.add(path.get(i));
                } else if (!s.equals(path.get(i))) {
                    return null;
                }
            }
            return params;
        }
    }

    private void route(String method, String pattern, Handler handler) {
        routes.add(new Route(method, pattern, segments(pattern), handler));
    }

    private static List<String> segments(String path) {
        return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    }

    /** One request: its path parameters and its body, read on demand. */
    private final class Request {
        final HttpExchange exchange;
        final List<String> params;

        Request(HttpExchange exchange, List<String> params) {
            this.exchange = exchange;
            this.params = params;
        }

        String param(int i) {
            return params.get(i);
        }

        /** The body as a JSON object with only the fields in {@code allowed}. */
        JsonNode body(Set<String> allowed) throws IOException {
            byte[] bytes = readBody(exchange);
            JsonNode node;
            try {
                node = bytes.length == 0 ? null : json.readTree(bytes);
            } catch (JsonProcessingException e) {
                throw ApiException.badRequest("the body is not JSON: " + e.getOriginalMessage());
            }
            if (node == null || !node.isObject()) {
                throw ApiException.badRequest("the body must be a JSON object");
            }
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!allowed.contains(name)) {
                    throw ApiException.badRequest("unknown field '" + name + "' (expected " + String.join(", ", allowed) + ")");
                }
            }
            return node;
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            throw ApiException.badRequest("'" + field + "' is missing");
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest("'" + field + "' must be a string");
        }
        return v.textValue();
    }

    private static boolean flag(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw ApiException.badRequest("'" + field + "' must be true or false");
        }
        return v.booleanValue();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        int status;
        try {
            status = answer(exchange, dispatch(exchange, method, path));
        } catch (ApiException e) {
            status = error(exchange, e.status, e.getMessage());
        } catch (UserAdmin.NoSuchUserException e) {
            status = error(exchange, 404, e.getMessage());
        } catch (UserAdmin.UserExistsException e) {
            status = error(exchange, 409, e.getMessage());
        } catch (IllegalArgumentException e) {
            status = error(exchange, 400, e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.error("admin API: {} {} failed", method, path, e);
            status = error(exchange, 500, "internal error; the server's log says more");
        } finally {
            exchange.close();
        }
        LOG.info("admin API: {} {} {} from {}", method, path, status, exchange.getRemoteAddress().getAddress().getHostAddress());
    }

    private Object dispatch(HttpExchange exchange, String method, String rawPath) throws IOException {
        // Before routing: without the token, not even which paths exist is told.
        if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"wharf-admin\"");
            throw new ApiException(401, "missing or wrong token: send 'Authorization: Bearer <token>'"
                    + " with the token of the server's admin-token-file");
        }
        if (!rawPath.startsWith(PREFIX + "/")) {
            throw ApiException.notFound("no such path; the API is under " + PREFIX);
        }
        List<String> path = segments(rawPath.substring(PREFIX.length())).stream().map(AdminApi::decode).toList();
        List<String> allowed = new ArrayList<>();
        for (Route r : routes) {
            List<String> params = r.match(path);
            if (params == null) {
                continue;
            }
            if (r.method.equals(method)) {
                return r.handler.handle(new Request(exchange, params));
            }
            allowed.add(r.method);
        }
        if (allowed.isEmpty()) {
            throw ApiException.notFound("no such path: " + rawPath);
        }
        exchange.getResponseHeaders().set("Allow", String.join(", ", allowed));
        throw new ApiException(405, method + " is not allowed on " + rawPath + " (allowed: " + String.join(", ", allowed) + ")");
    }

    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8); // '+' is itself in a path
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("bad percent-encoding in the path");
        }
    }

    /** Compared as SHA-256 digests in constant time: neither the token's bytes nor its length leak through timing. */
    private boolean authorized(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(tokenDigest, sha256(header.substring(7).strip()));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.strip()) > MAX_BODY) {
                    throw tooLarge();
                }
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("bad Content-Length");
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                throw tooLarge();
            }
            return body;
        }
    }

    private static ApiException tooLarge() {
        return new ApiException(413, "the body is larger than " + MAX_BODY / 1024 + " KiB");
    }

    private int answer(HttpExchange exchange, Object body) throws IOException {
        if (body instanceof Raw raw) {
            send(exchange, 200, raw.contentType(), raw.body());
            return 200;
        }
        if (body instanceof Created created) {
            send(exchange, 201, "application/json", json.writeValueAsBytes(created.body()));
            return 201;
        }
        send(exchange, 200, "application/json", json.writeValueAsBytes(body));
        return 200;
    }

    private int error(HttpExchange exchange, int status, String message) throws IOException {
        send(exchange, status, "application/json", json.writeValueAsBytes(new Views.Failure(message)));
        return status;
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
    }

    private static byte[] openApi() throws IOException {
        try (InputStream in = AdminApi.class.getResourceAsStream(OPENAPI)) {
            if (in == null) {
                throw new IOException(OPENAPI + " is missing from the admin module's jar");
            }
            return in.readAllBytes();
        }
    }

    // ---- the operations ----

    /** The users file's editor; a server whose users live elsewhere (LDAP) has none. */
    private UserAdmin users() {
        if (users == null) {
            throw new ApiException(409, "this server's users are not kept in a users file (a directory or database"
                    + " holds them): manage them there");
        }
        return users;
    }

    private Object closeSession(Request r) {
        long id;
        try {
            id = Long.parseLong(r.param(0));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("a session id is a number, not '" + r.param(0) + "'");
        }
        if (!server.closeSession(id)) {
            throw ApiException.notFound("no open session " + id);
        }
        return new Views.SessionClosed(id);
    }

    private Object liftBan(Request r) {
        String literal = r.param(0);
        var address = IpLiterals.parse(literal) // never a DNS lookup
                .orElseThrow(() -> ApiException.badRequest("'" + literal + "' is not an IP address"));
        if (!server.liftBan(address)) {
            throw ApiException.notFound(literal + " is not banned");
        }
        return new Views.BanLifted(address.getHostAddress());
    }

    private Object addUser(Request r) throws IOException {
        JsonNode body = r.body(Set.of("name", "password", "home", "readOnly"));
        var added = users().add(text(body, "name"), text(body, "password"), Path.of(text(body, "home")), flag(body, "readOnly"));
        return new Created(Views.User.of(added));
    }

    private Object removeUser(Request r) throws IOException {
        users().remove(r.param(0));
        return new Views.UserRemoved(r.param(0));
    }

    private Object setPassword(Request r) throws IOException {
        JsonNode body = r.body(Set.of("password"));
        return Views.User.of(users().setPassword(r.param(0), text(body, "password")));
    }

    private Object setDisabled(Request r, boolean disabled) throws IOException {
        return Views.User.of(users().setDisabled(r.param(0), disabled));
    }
}
