package dev.wharf.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.wharf.server.auth.LoginFailure;
import dev.wharf.server.spi.FileChange;
import dev.wharf.server.spi.ServerEvents;
import dev.wharf.server.spi.SessionInfo;
import dev.wharf.server.spi.TlsInfo;
import dev.wharf.server.spi.Transfer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log of a server: one JSON object per line for every event, to a file or to a stream such
 * as standard output. Register it as an event listener and close it after the server:
 *
 * <pre>{@code
 * try (var audit = JsonAuditLog.toFile(Path.of("/var/log/wharf/audit.json"), "ftp-1");
 *      var server = WharfServer.start(builder.eventListener(audit).build())) {
 *     ...
 * }
 * }</pre>
 *
 * <p>The field and event names are stable (README, "Audit log"); a field whose value is unknown is
 * left out, never written as null. No line ever holds a password: the events carry verbs, not
 * command arguments ({@link ServerEvents}).
 *
 * <p>Each line is encoded apart and written with one write, under a lock, then flushed: lines of
 * concurrent sessions never interleave, and an appended file gets whole lines even when other
 * processes append too. A line that cannot be written (a full disk) is dropped, with one warning
 * until writing works again; the session it belongs to goes on.
 */
public final class JsonAuditLog implements ServerEvents, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JsonAuditLog.class);
    /** Thread-safe once configured; each line gets a generator of its own. */
    private static final JsonFactory JSON = JsonFactory.builder().build();
    /** Millisecond precision, always the same width, so that the lines sort as text. */
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final OutputStream out;
    private final boolean ownsOut;
    private final String node;
    /** Lines dropped since writing last failed; guarded by {@code this}. */
    private long dropped;
    private boolean closed;

    private JsonAuditLog(OutputStream out, boolean ownsOut, String node) {
        this.out = out;
        this.ownsOut = ownsOut;
        this.node = Objects.requireNonNull(node, "node");
    }

    /**
     * Appends to {@code file}. A new file is readable by its owner only (where the file system has
     * POSIX permissions): it tells who logged in from where and what they moved.
     *
     * @param node this server's name in every line ({@code node}), to tell the nodes of a cluster apart
     */
    public static JsonAuditLog toFile(Path file, String node) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        FileAttribute<?>[] ownerOnly = file.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        // Unbuffered: a line is written by one write(2), so that a line is never split.
        OutputStream out = Channels.newOutputStream(FileChannel.open(file, options, ownerOnly));
        return new JsonAuditLog(out, true, node);
    }

    /** Writes to {@code out} (standard output, say), which stays open when this log closes. */
    public static JsonAuditLog to(OutputStream out, String node) {
        return new JsonAuditLog(Objects.requireNonNull(out, "out"), false, node);
    }

    // ---- the events ----

    @Override
    public void sessionOpened(SessionInfo session) {
        write("session_opened", session, null, g -> { });
    }

    @Override
    public void sessionClosed(SessionInfo session, Duration lasted) {
        write("session_closed", session, null, g -> g.writeNumberField("duration_ms", lasted.toMillis()));
    }

    @Override
    public void tlsEstablished(SessionInfo session, TlsInfo tls) {
        write("tls_established", session, null, g -> {
            g.writeStringField("tls_connection", lower(tls.connection()));
            optional(g, "tls_protocol", tls.protocol());
            optional(g, "tls_cipher", tls.cipherSuite());
            g.writeBooleanField("tls_resumed", tls.resumed());
        });
    }

    @Override
    public void loginSucceeded(SessionInfo session, String user) {
        write("login_ok", session, user, g -> { });
    }

    @Override
    public void loginFailed(SessionInfo session, String user, LoginFailure reason) {
        write("login_failed", session, user, g -> g.writeStringField("reason", lower(reason)));
    }

    /** The verb only: the server passes no argument, so PASS and ACCT give nothing away here. */
    @Override
    public void commandHandled(SessionInfo session, String verb, int replyCode, Duration took) {
        write("command", session, null, g -> {
            g.writeStringField("verb", verb);
            g.writeNumberField("reply_code", replyCode);
            g.writeNumberField("duration_ms", took.toMillis());
        });
    }

    @Override
    public void transferStarting(SessionInfo session, Transfer.Start transfer) {
        write("transfer_started", session, null, g -> transfer(g, transfer));
    }

    @Override
    public void transferCompleted(SessionInfo session, Transfer.Result result) {
        write("transfer_completed", session, null, g -> {
            transfer(g, result.transfer());
            g.writeNumberField("bytes", result.bytes());
            g.writeNumberField("duration_ms", result.duration().toMillis());
            g.writeStringField("result", result.completed() ? "completed" : "failed");
            if (result.dataTlsResumed() != null) {
                g.writeBooleanField("tls_resumed", result.dataTlsResumed());
            }
        });
    }

    @Override
    public void tlsFailed(SessionInfo session, TlsInfo.Connection connection, String detail) {
        write("tls_failed", session, null, g -> {
            g.writeStringField("tls_connection", lower(connection));
            optional(g, "detail", detail);
        });
    }

    @Override
    public void dataConnectionRefused(SessionInfo session, DataRefusal reason, String detail) {
        write("data_connection_refused", session, null, g -> {
            g.writeStringField("reason", lower(reason));
            optional(g, "detail", detail);
        });
    }

    @Override
    public void fileChanged(SessionInfo session, FileChange change) {
        write("file_changed", session, null, g -> {
            g.writeStringField("change", lower(change.kind()));
            optional(g, "path", change.path());
            optional(g, "to", change.to());
        });
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (ownsOut) {
                out.close();
            } else {
                out.flush();
            }
        } catch (IOException e) {
            LOG.warn("cannot close the audit log: {}", e.toString());
        }
    }

    // ---- encoding and writing ----

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    /**
     * One line: the fields every event has, then the event's own. {@code user} is the name the event
     * is about when the session does not have it yet (a login), else null for the session's.
     */
    private void write(String event, SessionInfo session, String user, Fields fields) {
        byte[] line = encode(event, session, user, fields);
        synchronized (this) {
            if (closed) {
                return;
            }
            try {
                out.write(line);
                out.flush();
            } catch (IOException e) {
                if (dropped++ == 0) {
                    LOG.warn("cannot write the audit log, dropping its lines until it works again: {}", e.toString());
                }
                return;
            }
            if (dropped > 0) {
                LOG.info("the audit log is written again; {} line(s) were dropped", dropped);
                dropped = 0;
            }
        }
    }

    private byte[] encode(String event, SessionInfo session, String user, Fields fields) {
        var buffer = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(buffer)) {
            g.writeStartObject();
            g.writeStringField("time", TIME.format(Instant.now()));
            g.writeStringField("node", node);
            g.writeStringField("event", event);
            g.writeNumberField("session", session.id());
            if (session.client() != null) {
                g.writeStringField("client_address", session.client().getAddress().getHostAddress());
                g.writeNumberField("client_port", session.client().getPort());
            }
            g.writeStringField("listener", session.implicit() ? "implicit" : "explicit");
            optional(g, "user", user != null ? user : session.user());
            optional(g, "host", session.host());
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            // Only a buffer is written to, and every string is encodable (lone surrogates are escaped).
            throw new UncheckedIOException(e);
        }
        buffer.write('\n');
        return buffer.toByteArray();
    }

    private static void transfer(JsonGenerator g, Transfer.Start t) throws IOException {
        g.writeStringField("direction", lower(t.direction()));
        optional(g, "path", t.path());
        g.writeNumberField("offset", t.offset());
        g.writeStringField("type", t.ascii() ? "ascii" : "binary");
    }

    private static void optional(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
