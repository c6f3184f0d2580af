package dev.wharf.server.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.server.auth.LoginFailure;
import dev.wharf.server.spi.FileChange;
import dev.wharf.server.spi.ServerEvents;
import dev.wharf.server.spi.SessionInfo;
import dev.wharf.server.spi.TlsInfo;
import dev.wharf.server.spi.Transfer;
import dev.wharf.server.support.Await;
import dev.wharf.server.support.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event listener seam, over real sockets: the recipe "add an event listener" is one class, like
 * {@link TransferCounter} here, registered on the builder.
 */
class EventsTest {
    @TempDir
    Path root;

    /** A listener that counts transfers and bytes: the whole of what a metrics listener needs for them. */
    static final class TransferCounter implements ServerEvents {
        final AtomicInteger uploads = new AtomicInteger();
        final AtomicInteger downloads = new AtomicInteger();
        final List<Transfer.Result> results = new CopyOnWriteArrayList<>();

        @Override
        public void transferCompleted(SessionInfo session, Transfer.Result r) {
            (r.transfer().direction() == Transfer.Direction.UPLOAD ? uploads : downloads).incrementAndGet();
            results.add(r);
        }
    }

    /** Everything else, as text, in order. */
    static final class Recorder implements ServerEvents {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public void sessionOpened(SessionInfo s) {
            seen.add("opened #" + s.id());
        }

        @Override
        public void sessionClosed(SessionInfo s, Duration lasted) {
            seen.add("closed #" + s.id() + " " + s.user());
        }

        @Override
        public void tlsEstablished(SessionInfo s, TlsInfo tls) {
            seen.add("tls " + tls.connection() + " resumed=" + tls.resumed());
        }

        @Override
        public void loginSucceeded(SessionInfo s, String user) {
            seen.add("login " + user);
        }

        @Override
        public void loginFailed(SessionInfo s, String user, LoginFailure reason) {
            seen.add("login failed " + user + " " + reason);
        }

        @Override
        public void commandHandled(SessionInfo s, String verb, int replyCode, Duration took) {
            seen.add(verb + " " + replyCode);
        }

        @Override
        public void dataConnectionRefused(SessionInfo s, DataRefusal reason, String detail) {
            seen.add("refused " + reason);
        }

        @Override
        public void fileChanged(SessionInfo s, FileChange change) {
            seen.add(change.kind() + " " + change.path() + (change.to() == null ? "" : " " + change.to()));
        }
    }

    @Test
    void listenersSeeSessionsLoginsCommandsTransfersAndChanges() throws IOException {
        var counter = new TransferCounter();
        var recorder = new Recorder();
        ServerEvents broken = new ServerEvents() {
            @Override
            public void commandHandled(SessionInfo s, String verb, int replyCode, Duration took) {
                throw new IllegalStateException("a listener with a bug");
            }
        };
        try (var server = TestServer.builder().root(root).readOnlyUser()
                .config(b -> b.eventListener(broken).eventListener(counter).eventListener(recorder))
                .start()) {
            try (var c = RawClient.explicit(server.explicitPort(), "alice", "P")) {
                c.stor("a.txt", "hello".getBytes(StandardCharsets.UTF_8));
                c.expect(226);
                assertThat(new String(c.retr("a.txt"), StandardCharsets.UTF_8)).isEqualTo("hello");
                c.expect(226);
                assertThat(c.retrRefused("a.txt", RawClient.trustAllTls()).code()).isEqualTo(522);
                c.command("RNFR a.txt", 350);
                c.command("RNTO b.txt", 250);
                c.command("MKD sub", 257);
                c.command("DELE b.txt", 250);
                c.command("QUIT", 221);
            }
            try (var wrong = RawClient.explicitTlsOnly(server.explicitPort())) {
                wrong.command("USER alice", 331);
                wrong.command("PASS wrong", 530);
                wrong.command("USER nobody", 331);
                wrong.command("PASS x", 530);
            }
            Await.until("both sessions closed", () -> recorder.seen.stream().filter(e -> e.startsWith("closed")).count() == 2,
                    () -> recorder.seen);
        }
        assertThat(counter.uploads).hasValue(1);
        assertThat(counter.downloads).hasValue(2); // the refused one too, as not completed
        assertThat(counter.results).extracting(r -> r.transfer().path() + " " + r.bytes() + " " + r.completed()
                + " " + r.dataTlsResumed()).containsExactly("/a.txt 5 true true", "/a.txt 5 true true", "/a.txt 0 false null");
        assertThat(recorder.seen).containsSubsequence("tls CONTROL resumed=false", "login alice", "PASS 230",
                "tls DATA resumed=true", "STOR 226", "RETR 226", "refused TLS_NOT_RESUMED", "RETR 522", "RENAME /a.txt /b.txt", "MKDIR /sub",
                "DELETE /b.txt", "QUIT 221");
        assertThat(recorder.seen).anyMatch(e -> e.startsWith("closed #") && e.endsWith(" alice"));
        assertThat(recorder.seen).contains("login failed alice WRONG_PASSWORD", "login failed nobody UNKNOWN_USER");
        assertThat(recorder.seen).noneMatch(e -> e.contains("wrong") || e.contains("secret")); // no password, ever
    }
}
