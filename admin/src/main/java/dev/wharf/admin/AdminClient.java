package dev.wharf.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A client of the {@link AdminApi}: one request, its JSON answer, and a refusal as an
 * {@link ApiError} with the API's message. What {@code wharf admin} runs on.
 */
public final class AdminClient {
    private final URI base;
    private final String token;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    /** {@code base}: the API's root, like {@code http://127.0.0.1:9465} (the {@value AdminApi#PREFIX} is added). */
    public AdminClient(URI base, String token, Duration timeout) {
        String root = base.toString().replaceAll("/+$", "");
        this.base = URI.create(root.endsWith(AdminApi.PREFIX) ? root : root + AdminApi.PREFIX);
        this.token = token.strip();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** The API answered with an error status. */
    public static final class ApiError extends IOException {
        private final int status;

        ApiError(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    public JsonNode get(String path) throws IOException {
        return send("GET", path, null);
    }

    public JsonNode delete(String path) throws IOException {
        return send("DELETE", path, null);
    }

    /** {@code body}: an object Jackson writes (a Map, a record), or null for none. */
    public JsonNode post(String path, Object body) throws IOException {
        return send("POST", path, body);
    }

    private JsonNode send(String method, String path, Object body) throws IOException {
        var request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        JsonNode answer;
        try {
            answer = json.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new IOException(base + " answered " + response.statusCode() + " without JSON: is it a Wharf admin API?");
        }
        if (response.statusCode() >= 400) {
            String message = answer == null ? null : answer.path("error").asText(null);
            throw new ApiError(response.statusCode(), message != null ? message : "HTTP status " + response.statusCode());
        }
        return answer;
    }
}
