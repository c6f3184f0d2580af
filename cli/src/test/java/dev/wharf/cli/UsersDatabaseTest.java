package dev.wharf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.admin.AdminApi;
import dev.wharf.admin.AdminClient;
import dev.wharf.cli.config.ConfigFile;
import dev.wharf.cli.config.ConfigException;
import dev.wharf.cli.config.Deployment;
import dev.wharf.cli.config.Setting;
import dev.wharf.server.WharfServer;
import dev.wharf.server.support.RawClient;
import dev.wharf.sql.SqlBanList;
import dev.wharf.sql.SqlUsers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code users-database = embedded}: a server prepared as {@code wharf serve} prepares it, its users
 * and bans in the H2 file of the state folder, and {@code wharf user --database embedded} editing
 * them while it runs.
 */
@Timeout(120)
class UsersDatabaseTest {
    private static final String PASSWORD = "first-password-1";
    private static final String TOKEN = "a-test-token-of-the-admin-api";
    private static final Pattern FIRST_PASSWORD = Pattern.compile("Created user 'wharf' in the users database with password (\\S+) ");

    @TempDir
    Path state;

    private Deployment.Prepared prepared;
    private WharfServer server;
    private final List<RawClient> sessions = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (RawClient s : sessions) {
            s.close();
        }
        if (server != null) {
            server.stop(Duration.ofSeconds(2));
        }
        if (prepared != null) {
            prepared.closeUsersDatabase();
        }
    }

    /** {@code wharf user ARGS --database embedded --users-file STATE/users}, {@code stdin} the password. */
    private Cli wharfUser(String stdin, String... args) {
        var all = new ArrayList<>(List.of("user"));
        all.addAll(List.of(args));
        all.addAll(List.of("--database", "embedded", "--users-file", state.resolve("users").toString()));
        return Cli.runWithInput(stdin + "\n", all.toArray(String[]::new));
    }

    private Deployment.Prepared prepare() throws ConfigException {
        Map<Setting, ConfigFile.Value> values = new EnumMap<>(Setting.class);
        String[] keyValues = {"state-dir", state.toString(), "users-database", "embedded",
                "listen-addresses", RawClient.HOST, "explicit-port", "0", "implicit-port", "off",
                "failed-login-delay", "0s", "transfer-log", "off", "shutdown-grace", "2s"};
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(Setting.byKey(keyValues[i]).orElseThrow(), new ConfigFile.Value(keyValues[i + 1], "test"));
        }
        prepared = Deployment.prepare(values);
        return prepared;
    }

    private RawClient loggedIn(String name, String password) throws IOException {
        RawClient session = RawClient.connect(server.explicitPort());
        sessions.add(session);
        session.expectReply(220);
        session.authTls();
        session.login(name, password);
        return session;
    }

    @Test
    void wharfUserEditsTheDatabaseTheServerThenUses() throws Exception {
        Path home = state.resolve("alice");
        Cli added = wharfUser(PASSWORD, "add", "alice", "--home", home.toString(), "--password-stdin");
        assertThat(added.exitCode()).as(added.err()).isZero();
        assertThat(added.out()).contains("Added user 'alice' (read-write, home " + home + ") to jdbc:h2:file:");
        assertThat(wharfUser("other", "add", "alice", "--home", home.toString(), "--password-stdin").err())
                .contains("user 'alice' exists already");
        assertThat(wharfUser("", "disable", "alice").exitCode()).isZero();
        assertThat(wharfUser("", "list").out()).isEqualTo("alice\trw\t" + home + "\tdisabled\n");
        assertThat(wharfUser("", "enable", "alice").exitCode()).isZero();
        assertThat(wharfUser("", "remove", "bob").err()).contains("no user 'bob' in jdbc:h2:file:");

        server = WharfServer.start(prepare().config());
        assertThat(prepared.usersSource()).isEqualTo("users database: jdbc:h2:file:" + state.toAbsolutePath().resolve("users-db"));
        assertThat(prepared.config().authenticator()).isInstanceOf(SqlUsers.class);
        assertThat(prepared.config().banList()).isInstanceOf(SqlBanList.class);
        assertThat(prepared.notices()).as("alice is there: no first user").noneMatch(n -> n.contains("Created user"));
        loggedIn("alice", PASSWORD).expect(257, "PWD");
    }

    @Test
    void whileAServerProcessHasTheEmbeddedDatabaseOpenWharfUserSaysToUseTheAdminApi() throws Exception {
        try (var serve = ServeProcess.start(state.resolve("serve.log"), "--state-dir", state.toString(),
                "--users-database", "embedded", "--listen-addresses", RawClient.HOST, "--explicit-port", "0",
                "--implicit-port", "off", "--transfer-log", "off")) {
            Cli refused = wharfUser("", "list");
            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.err()).contains("is open in another process", "wharf admin");
        }
        assertThat(wharfUser("", "list").out()).as("once the server stopped").startsWith("wharf\trw\t");
    }

    @Test
    void theAdminApiEditsTheDatabaseAndTheServerActsAtOnce() throws Exception {
        Path home = state.resolve("alice");
        assertThat(wharfUser(PASSWORD, "add", "alice", "--home", home.toString(), "--password-stdin").exitCode()).isZero();
        server = WharfServer.start(prepare().config());
        assertThat(prepared.userAdmin(server)).as("the server's own store").isSameAs(prepared.config().authenticator());
        RawClient alice = loggedIn("alice", PASSWORD);
        try (var api = AdminApi.start(server, new InetSocketAddress(RawClient.HOST, 0), TOKEN,
                prepared.userAdmin(server), () -> new AdminApi.Outcome(List.of(), List.of(), List.of()))) {
            var client = new AdminClient(URI.create("http://" + RawClient.HOST + ":" + api.port() + AdminApi.PREFIX),
                    TOKEN, Duration.ofSeconds(10));
            assertThat(client.get("/users").toString()).contains("\"alice\"");

            client.post("/users/alice/disable", Map.of());

            assertThat(alice.expectReply(421).text()).contains("Your account was removed or disabled");
            assertThat(wharfUser("", "list").out()).isEqualTo("alice\trw\t" + home + "\tdisabled\n");
        }
    }

    @Test
    void anEmptyDatabaseGetsTheFirstUserWhosePasswordIsShownOnce() throws Exception {
        server = WharfServer.start(prepare().config());
        String password = prepared.notices().stream().map(FIRST_PASSWORD::matcher).filter(java.util.regex.Matcher::find)
                .map(m -> m.group(1)).findFirst().orElseThrow(() -> new AssertionError(prepared.notices()));
        loggedIn("wharf", password).expect(257, "PWD");
        assertThat(Files.isDirectory(state.resolve("files"))).isTrue();
        assertThat(state.resolve("users")).as("no users file").doesNotExist();

        Cli changed = wharfUser("second-password-2", "passwd", "wharf", "--password-stdin");
        assertThat(changed.exitCode()).as(changed.err()).isZero();
        loggedIn("wharf", "second-password-2").expect(257, "PWD");
    }
}
