package dev.wharf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.server.WharfServer;
import dev.wharf.cli.config.ConfigFile;
import dev.wharf.cli.config.Deployment;
import dev.wharf.cli.config.Setting;
import dev.wharf.server.support.Await;
import dev.wharf.server.support.ExternalPeer;
import dev.wharf.server.support.RawClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, part 3, end to end: a server prepared as {@code wharf serve} prepares it, from a real
 * users file; curl logging in as a process; {@code wharf user} run through the command line's entry
 * point on the same file while the server runs. The remembered-login cache is on (the default).
 */
@Timeout(300)
class UsersChangedWhileServingIT {
    private static final String PASSWORD = "first-password-1";
    private static final String NEW_PASSWORD = "second-password-2";
    /** curl's exit code for a refused login (CURLE_LOGIN_DENIED). */
    private static final int LOGIN_DENIED = 67;

    @TempDir
    Path dir;

    private Path users;
    private WharfServer server;
    private final List<RawClient> sessions = new ArrayList<>();

    @BeforeEach
    void serveAlice() throws Exception {
        ExternalPeer.assumeInstalled("curl");
        users = dir.resolve("users");
        Path home = Files.createDirectories(dir.resolve("alice"));
        Files.writeString(home.resolve("hello.txt"), "hello\n");
        wharfUser(PASSWORD, "add", "alice", "--home", home.toString(), "--password-stdin");

        var values = new EnumMap<Setting, ConfigFile.Value>(Setting.class);
        String[] keyValues = {"state-dir", dir.resolve("state").toString(), "users-file", users.toString(),
                "listen-addresses", RawClient.HOST, "explicit-port", "0", "implicit-port", "off",
                // The polls below fail logins on purpose: no delay, no ban.
                "failed-login-delay", "0s", "max-login-failures", "0", "transfer-log", "off", "shutdown-grace", "2s"};
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(Setting.byKey(keyValues[i]).orElseThrow(), new ConfigFile.Value(keyValues[i + 1], "test"));
        }
        server = WharfServer.start(Deployment.prepare(values).config());
    }

    @AfterEach
    void stop() throws IOException {
        for (RawClient s : sessions) {
            s.close();
        }
        if (server != null) {
            server.stop(Duration.ofSeconds(2));
        }
    }

    /** {@code wharf user ARGS --users-file USERS} through the command line's entry point, with {@code stdin}. */
    private Cli wharfUser(String stdin, String... args) {
        var all = new ArrayList<>(List.of("user"));
        all.addAll(List.of(args));
        all.addAll(List.of("--users-file", users.toString()));
        Cli result = Cli.runWithInput(stdin + "\n", all.toArray(String[]::new));
        assertThat(result.exitCode()).as("wharf %s: %s", all, result.err()).isZero();
        return result;
    }

    /** {@code curl --ssl-reqd --insecure --user alice:PASSWORD ftp://127.0.0.1:PORT/}: log in and list. */
    private ExternalPeer.Result curl(String password) {
        try {
            return ExternalPeer.run(List.of("curl", "--ssl-reqd", "--insecure", "--silent", "--show-error",
                    "--user", "alice:" + password, "ftp://" + RawClient.HOST + ":" + server.explicitPort() + "/"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void assertListsHome(String password) {
        assertThat(curl(password).assertOk().output()).contains("hello.txt");
    }

    /**
     * Polls with curl until alice's login with {@code password} is refused, and returns that refusal.
     * Only a refused login ends the wait: a curl that logged in just before a removal may have its
     * session closed under it (421), which is not the refusal looked for.
     */
    private ExternalPeer.Result awaitRefused(String password) {
        var last = new AtomicReference<ExternalPeer.Result>();
        Await.until("refusing alice's login", () -> {
            last.set(curl(password));
            return last.get().exitCode() == LOGIN_DENIED;
        }, last::get);
        return last.get();
    }

    private RawClient openSessionOfAlice(String password) throws IOException {
        RawClient session = RawClient.connect(server.explicitPort());
        sessions.add(session);
        session.expectReply(220);
        session.authTls();
        session.login("alice", password);
        return session;
    }

    @Test
    void aRemovedUserIsRefusedAndHerOpenSessionGets421() throws Exception {
        assertListsHome(PASSWORD);
        assertListsHome(PASSWORD); // the second login comes from the remembered-login cache
        RawClient open = openSessionOfAlice(PASSWORD);

        assertThat(wharfUser("", "remove", "alice").out()).contains("Removed user 'alice'.");

        assertThat(awaitRefused(PASSWORD).output()).contains("530");
        assertThat(open.expectReply(421).text()).isEqualTo("Your account was removed or disabled; closing the connection");
        open.awaitClosedByServer();
    }

    @Test
    void aNewPasswordReplacesTheOldOneAlsoWhenTheOldLoginWasRemembered() throws Exception {
        assertListsHome(PASSWORD);
        RawClient open = openSessionOfAlice(PASSWORD);

        wharfUser(NEW_PASSWORD, "passwd", "alice", "--password-stdin");

        assertThat(awaitRefused(PASSWORD).output()).contains("530");
        assertListsHome(NEW_PASSWORD);
        open.expect(200, "NOOP"); // sessions of a user whose password changed stay open
    }

    @Test
    void aBrokenEditKeepsAliceLoggingIn() throws Exception {
        assertListsHome(PASSWORD);
        RawClient open = openSessionOfAlice(PASSWORD);
        int broken = Files.readAllLines(users).size() + 1;
        String warning = users + ":" + broken + ": password hash must start with $pbkdf2-sha256$ (create entries with"
                + " 'wharf user add', never by hand); users file not reloaded, keeping the 1 user read before";

        String log = withLogCaptured(() -> {
            Files.writeString(users, "bob:not-a-hash:rw:/srv/bob\n", StandardOpenOption.APPEND); // an edit in place
            Await.until("warned about line " + broken, () -> logged().contains(warning), this::logged);
        });

        assertThat(log).contains(warning).doesNotContain("not-a-hash");
        assertListsHome(PASSWORD);
        open.expect(200, "NOOP");
    }

    // ---- the server's log: slf4j-simple writes each line to whatever System.err is at the time ----

    private ByteArrayOutputStream captured;

    private String logged() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    interface Step {
        void run() throws IOException;
    }

    /** Runs {@code step} with the server's log captured (and still shown); returns what was logged. */
    private String withLogCaptured(Step step) throws IOException {
        PrintStream original = System.err;
        captured = new ByteArrayOutputStream();
        OutputStream both = new OutputStream() {
            @Override
            public synchronized void write(int b) {
                captured.write(b);
                original.write(b);
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                captured.write(b, off, len);
                original.write(b, off, len);
            }
        };
        System.setErr(new PrintStream(both, true, StandardCharsets.UTF_8));
        try {
            step.run();
            return logged();
        } finally {
            System.setErr(original);
        }
    }
}
