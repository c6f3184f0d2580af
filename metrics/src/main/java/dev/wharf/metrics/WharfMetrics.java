package dev.wharf.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.wharf.server.WharfServer;
import dev.wharf.server.auth.LoginFailure;
import dev.wharf.server.spi.ServerEvents;
import dev.wharf.server.spi.SessionInfo;
import dev.wharf.server.spi.TlsInfo;
import dev.wharf.server.spi.Transfer;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * Prometheus metrics of one Wharf server, and its health, on an HTTP listener of their own.
 * Register it as the server's event listener, start the server, then {@link #attach} it:
 *
 * <pre>{@code
 * var metrics = new WharfMetrics();
 * var server = WharfServer.start(builder.eventListener(metrics).build());
 * metrics.attach(server);
 * metrics.listen(new InetSocketAddress("127.0.0.1", 9464));
 * }</pre>
 *
 * <p>Each instance has its own registry, so several servers in one JVM (tests) do not share counts.
 */
public final class WharfMetrics implements ServerEvents, AutoCloseable {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Gauge sessionsOpen = Gauge.builder().name("wharf_sessions_open")
            .help("Control connections open now").labelNames("listener").register(registry);
    private final Counter sessions = Counter.builder().name("wharf_sessions")
            .help("Control connections accepted").labelNames("listener").register(registry);
    private final Counter tlsHandshakes = Counter.builder().name("wharf_tls_handshakes")
            .help("TLS sessions established").labelNames("connection", "protocol", "resumed").register(registry);
    private final Counter tlsHandshakeFailures = Counter.builder().name("wharf_tls_handshake_failures")
            .help("TLS handshakes that did not complete").labelNames("connection").register(registry);
    private final Counter dataConnectionsRefused = Counter.builder().name("wharf_data_connections_refused")
            .help("Data connections made and then refused").labelNames("reason").register(registry);
    private final Counter logins = Counter.builder().name("wharf_logins")
            .help("Login attempts").labelNames("result").register(registry);
    private final Counter commands = Counter.builder().name("wharf_commands")
            .help("Commands handled").labelNames("verb", "reply_class").register(registry);
    private final Counter bytes = Counter.builder().name("wharf_transfer_bytes")
            .help("File data moved").labelNames("direction").register(registry);
    private final Counter transfers = Counter.builder().name("wharf_transfers")
            .help("File transfers ended").labelNames("direction", "result").register(registry);
    private final Histogram transferDuration = Histogram.builder().name("wharf_transfer_duration_seconds")
            .help("How long file transfers took").labelNames("direction").register(registry);

    private volatile WharfServer server;
    private HttpServer http;

    public WharfMetrics() {
        JvmMetrics.builder().register(registry);
        // Read when scraped: a ban ends by time, with no event to count it down.
        GaugeWithCallback.builder().name("wharf_banned_addresses")
                .help("Client addresses banned now after too many failed logins")
                .callback(callback -> {
                    WharfServer s = server;
                    callback.call(s == null ? 0 : s.bans().size());
                })
                .register(registry);
    }

    /** The server these metrics are of: until then, and once it begins to stop, it is not ready. */
    public void attach(WharfServer server) {
        this.server = server;
    }

    /** Serves {@code /metrics}, {@code /health/live} and {@code /health/ready} on {@code address}. */
    public void listen(InetSocketAddress address) throws IOException {
        http = HttpServer.create(address, 0);
        http.createContext("/metrics", new MetricsHandler(registry));
        http.createContext("/health/live", exchange -> answer(exchange, 200, "live\n"));
        http.createContext("/health/ready", exchange -> {
            if (isReady()) {
                answer(exchange, 200, "ready\n");
            } else {
                answer(exchange, 503, "not ready\n");
            }
        });
        http.start();
    }

    /** The bound HTTP port (useful when listening on port 0). */
    public int port() {
        return http.getAddress().getPort();
    }

    /**
     * Ready once the server started (every listener bound, users and certificate loaded: starting
     * fails otherwise) and until it begins to stop.
     */
    public boolean isReady() {
        WharfServer s = server;
        return s != null && s.isAccepting();
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        if (http != null) {
            http.stop(0);
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String listener(SessionInfo session) {
        return session.implicit() ? "implicit" : "explicit";
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public void sessionOpened(SessionInfo session) {
        sessions.labelValues(listener(session)).inc();
        sessionsOpen.labelValues(listener(session)).inc();
    }

    @Override
    public void sessionClosed(SessionInfo session, Duration lasted) {
        sessionsOpen.labelValues(listener(session)).dec();
    }

    @Override
    public void tlsEstablished(SessionInfo session, TlsInfo tls) {
        tlsHandshakes.labelValues(lower(tls.connection()), tls.protocol(), String.valueOf(tls.resumed())).inc();
    }

    @Override
    public void tlsFailed(SessionInfo session, TlsInfo.Connection connection, String detail) {
        tlsHandshakeFailures.labelValues(lower(connection)).inc();
    }

    @Override
    public void loginSucceeded(SessionInfo session, String user) {
        logins.labelValues("ok").inc();
    }

    @Override
    public void loginFailed(SessionInfo session, String user, LoginFailure reason) {
        logins.labelValues(lower(reason)).inc();
    }

    @Override
    public void commandHandled(SessionInfo session, String verb, int replyCode, Duration took) {
        // A client can send any word: unknown and unimplemented verbs (500, 502) share one label value,
        // so that they cannot grow the series without bound.
        String known = replyCode == 500 || replyCode == 502 ? "OTHER" : verb.toUpperCase(Locale.ROOT);
        commands.labelValues(known, (replyCode / 100) + "xx").inc();
    }

    @Override
    public void dataConnectionRefused(SessionInfo session, DataRefusal reason, String detail) {
        dataConnectionsRefused.labelValues(lower(reason)).inc();
    }

    @Override
    public void transferCompleted(SessionInfo session, Transfer.Result result) {
        String direction = lower(result.transfer().direction());
        bytes.labelValues(direction).inc(result.bytes());
        transfers.labelValues(direction, result.completed() ? "completed" : "failed").inc();
        transferDuration.labelValues(direction).observe(result.duration().toNanos() / 1e9);
    }
}
