package dev.wharf.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wharf.protocol.Reply;
import dev.wharf.server.auth.InMemoryUsers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;

/**
 * The session-level fuzz target: arbitrary sequences of command lines fed to one session's
 * dispatcher over an in-memory control connection (no sockets, no TLS: those are tested over real
 * sockets). Every line must get a well-formed reply, and none may be the 451 of a handler that
 * threw (the dispatcher's last-resort catch): that would be a finding.
 */
class SessionFuzzTest {
    private static final Path HOME = home();
    private static final InMemoryUsers USERS = new InMemoryUsers(1000).add("alice", "secret", HOME, true);

    private static Path home() {
        try {
            Path home = Files.createTempDirectory("wharf-fuzz-home-");
            Files.writeString(home.resolve("a.txt"), "a");
            Files.createDirectories(home.resolve("dir"));
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void removeHome() throws IOException {
        try (var files = Files.walk(HOME)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @FuzzTest(maxDuration = "2m")
    void commandSequences(FuzzedDataProvider data) {
        // TLS is not required, so that the fuzzer reaches what comes after login without a handshake.
        var session = new ScriptedSession(USERS, b -> b.requireTlsForLogin(false).allowClearData(true)
                .dataTimeout(java.time.Duration.ofMillis(1)));
        if (data.consumeBoolean()) {
            session.send("USER alice");
            session.send("PASS secret");
        }
        int commands = 0;
        while (data.remainingBytes() > 0 && commands++ < 20) {
            String line = data.consumeString(300).replace("\r", "").replace("\n", "");
            if (line.isBlank() || isTransferOrDataPort(line)) {
                continue; // data connections need sockets: DataChannelTest and the interop tests cover them
            }
            List<Reply> replies = session.send(line);
            for (Reply r : replies) {
                assertThat(r.code()).as(line).isBetween(100, 599);
                assertThat(r.toString()).as(line).doesNotContain("Internal error");
            }
        }
    }

    /** Verbs that open or wait for a data connection, which needs a socket. */
    private static boolean isTransferOrDataPort(String line) {
        String verb = line.strip().split(" ", 2)[0].toUpperCase(java.util.Locale.ROOT);
        return List.of("PASV", "EPSV", "PORT", "EPRT", "LPRT", "LPSV", "RETR", "STOR", "STOU", "APPE", "LIST",
                "NLST", "MLSD", "QUIT", "REIN", "AUTH", "CCC").contains(verb);
    }
}
