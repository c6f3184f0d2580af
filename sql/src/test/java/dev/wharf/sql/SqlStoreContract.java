package dev.wharf.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.client.FtpsClient;
import dev.wharf.client.TlsMode;
import dev.wharf.client.TrustPolicy;
import dev.wharf.server.auth.AuthResult;
import dev.wharf.server.auth.ClientContext;
import dev.wharf.server.auth.LoginFailure;
import dev.wharf.server.auth.LoginRequest;
import dev.wharf.server.auth.Permission;
import dev.wharf.server.auth.UserAdmin;
import dev.wharf.server.support.RawClient;
import dev.wharf.server.support.TestServer;
import dev.wharf.server.support.TestServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link SqlUsers} and {@link SqlBanList} must do on every database they support: each
 * subclass gives a new, empty database per test (H2 in a file, a real PostgreSQL).
 */
@Timeout(120)
abstract class SqlStoreContract {
    static final String WRONG = "not-the-password";

    @RegisterExtension
    final TestServers servers = new TestServers();

    @TempDir
    Path homes;

    private final List<AutoCloseable> opened = new ArrayList<>();
    private String url;

    /** The JDBC URL of a new, empty database. */
    abstract String newDatabase() throws Exception;

    /** The database user, or null. */
    abstract String user();

    /** The database of this test, opened once more: another pool, as another node or {@code wharf user} has. */
    SqlDatabase database() throws Exception {
        if (url == null) {
            url = newDatabase();
        }
        SqlDatabase db = SqlDatabase.open(url, user(), null);
        opened.add(0, db);
        return db;
    }

    /** Users with few PBKDF2 rounds: fast logins. */
    SqlUsers users(SqlDatabase db) {
        SqlUsers users = new SqlUsers(db, 1000, Clock.systemUTC());
        opened.add(0, users);
        return users;
    }

    @AfterEach
    void closeDatabases() throws Exception {
        servers.afterEach(null);
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    @Test
    void migrationsApplyOnAnEmptyDatabaseAndAgainChangeNothing() throws Exception {
        SqlDatabase db = database();
        SqlDatabase.migrate(db.dataSource());
        database(); // a second node starting: Flyway finds the schema up to date

        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM \"wharf_schema_history\" WHERE \"success\" = TRUE AND \"version\" IS NOT NULL")) {
                rs.next();
                assertThat(rs.getInt(1)).as("migrations recorded, each once").isEqualTo(migrationScripts());
            }
            for (String table : List.of("wharf_users", "wharf_user_settings", "wharf_user_counters", "wharf_login_failures", "wharf_bans")) {
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rs.next();
                    assertThat(rs.getInt(1)).as(table).isZero();
                }
            }
        }
    }

    /** The migrations shipped: in target/classes, or inside the module's jar (Failsafe runs on the jar). */
    private static int migrationScripts() throws Exception {
        java.net.URI folder = SqlDatabase.class.getResource("/db/migration").toURI();
        if (folder.getScheme().equals("jar")) {
            try (var jar = java.nio.file.FileSystems.newFileSystem(folder, java.util.Map.of())) {
                return countMigrations(jar.provider().getPath(folder));
            }
        }
        return countMigrations(Path.of(folder));
    }

    private static int countMigrations(Path folder) throws java.io.IOException {
        try (var files = Files.list(folder)) {
            return (int) files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        }
    }

    @Test
    void addPasswdDisableEnableRemove() throws Exception {
        SqlUsers users = users(database());
        Path home = homes.resolve("carol");

        assertThat(users.add("carol", "first-pw", home, false)).isEqualTo(new UserAdmin.Account("carol", false, home, false));
        assertThat(Files.isDirectory(home)).as("home created").isTrue();
        assertThatThrownBy(() -> users.add("carol", "other", home, true)).isInstanceOf(UserAdmin.UserExistsException.class)
                .hasMessage("user 'carol' exists already");
        users.add("dave", "dave-pw", homes.resolve("dave"), true);
        users.add("erin", "erin-pw", homes.resolve("erin"), EnumSet.of(Permission.LIST, Permission.READ, Permission.WRITE));
        assertThat(users.list()).containsExactly(new UserAdmin.Account("carol", false, home, false),
                new UserAdmin.Account("dave", true, homes.resolve("dave"), false),
                new UserAdmin.Account("erin", false, homes.resolve("erin"), false));
        assertThat(users.authenticate("erin", "erin-pw").orElseThrow().permissions())
                .as("finer rights than rw or ro").containsExactlyInAnyOrder(Permission.LIST, Permission.READ, Permission.WRITE);
        assertThat(users.homes()).containsExactlyInAnyOrder(home, homes.resolve("dave"), homes.resolve("erin"));

        assertThat(login(users, "carol", "first-pw")).isEqualTo(AuthResult.success(
                new dev.wharf.server.auth.User("carol", home, Permission.all())));
        assertThat(login(users, "carol", WRONG)).isEqualTo(AuthResult.failure(LoginFailure.WRONG_PASSWORD));
        assertThat(login(users, "nobody", WRONG)).isEqualTo(AuthResult.failure(LoginFailure.UNKNOWN_USER));

        users.setPassword("carol", "second-pw");
        assertThat(login(users, "carol", "first-pw")).isEqualTo(AuthResult.failure(LoginFailure.WRONG_PASSWORD));
        assertThat(users.authenticate("carol", "second-pw")).isPresent();

        assertThat(users.setDisabled("carol", true).disabled()).isTrue();
        assertThat(login(users, "carol", "second-pw")).isEqualTo(AuthResult.failure(LoginFailure.DISABLED));
        assertThat(login(users, "carol", WRONG)).as("a guess learns nothing of the flag")
                .isEqualTo(AuthResult.failure(LoginFailure.WRONG_PASSWORD));
        assertThat(users.setDisabled("carol", false).disabled()).isFalse();
        assertThat(users.authenticate("carol", "second-pw")).as("the password was kept").isPresent();

        users.remove("carol");
        String gone = "no user 'carol' in " + users.source();
        assertThatThrownBy(() -> users.remove("carol")).isInstanceOf(UserAdmin.NoSuchUserException.class).hasMessage(gone);
        assertThatThrownBy(() -> users.setPassword("carol", "x")).isInstanceOf(UserAdmin.NoSuchUserException.class).hasMessage(gone);
        assertThatThrownBy(() -> users.setDisabled("carol", true)).isInstanceOf(UserAdmin.NoSuchUserException.class);
        assertThat(login(users, "carol", "second-pw")).isEqualTo(AuthResult.failure(LoginFailure.UNKNOWN_USER));
        assertThat(users.list()).extracting(UserAdmin.Account::name).containsExactly("dave", "erin");

        assertThatThrownBy(() -> users.add("no way", "pw", home, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> users.add("erin", "", home, false)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void passwordHashesAreThoseOfTheUsersFile() throws Exception {
        SqlDatabase db = database();
        users(db).add("carol", "carol-pw", homes, false);
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement st = c.prepareStatement("SELECT password_hash FROM wharf_users WHERE name = 'carol'");
             ResultSet rs = st.executeQuery()) {
            rs.next();
            String hash = rs.getString(1);
            assertThat(hash).startsWith("$pbkdf2-sha256$i=1000$").doesNotContain("carol-pw");
            assertThat(dev.wharf.server.auth.PasswordHash.parse(hash).matches("carol-pw")).isTrue();
        }
    }

    private static AuthResult login(SqlUsers users, String name, String password) {
        return users.authenticate(new LoginRequest(name, password, ClientContext.unknown()));
    }

    @Test
    void aRealClientLogsInToAServerOnTheDatabaseAndTransfers() throws Exception {
        SqlUsers users = users(database());
        users.add(TestServer.USER, TestServer.PASSWORD, homes.resolve("alice"), false);
        TestServer server = servers.start(b -> b.authenticator(users));

        try (var session = client(server, TestServer.PASSWORD).connect()) {
            session.upload(new java.io.ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)), "hello.txt");
        }
        assertThat(Files.readString(homes.resolve("alice").resolve("hello.txt"))).isEqualTo("hello");
        assertThatThrownBy(() -> client(server, WRONG).connect()).isInstanceOf(IOException.class).hasMessageContaining("530");
    }

    @Test
    void aUserRemovedThroughAnotherConnectionIsRefusedAndItsSessionClosed() throws Exception {
        SqlUsers users = users(database());
        users.add(TestServer.USER, TestServer.PASSWORD, homes.resolve("alice"), false);
        users.add("bob", "bob-pw", homes.resolve("bob"), false);
        TestServer server = servers.start(b -> b.authenticator(users));
        RawClient alice = server.loggedIn();
        RawClient bob = server.explicitTls();
        bob.login("bob", "bob-pw");

        SqlUsers elsewhere = users(database()); // another node, or wharf user
        elsewhere.remove(TestServer.USER);

        assertThat(alice.expectReply(421).text()).contains("Your account was removed");
        alice.awaitClosedByServer();
        bob.expect(200, "NOOP");
        RawClient again = server.explicitTls();
        again.expect(331, "USER " + TestServer.USER);
        again.expect(530, "PASS " + TestServer.PASSWORD);
    }

    @Test
    void aUserDeletedInSqlByHandLosesItsSessionOnReloadOrWhenTheCounterIsRaised() throws Exception {
        SqlDatabase db = database();
        SqlUsers users = users(db);
        users.add(TestServer.USER, TestServer.PASSWORD, homes.resolve("alice"), false);
        users.add("bob", "bob-pw", homes.resolve("bob"), false);
        TestServer server = servers.start(b -> b.authenticator(users));
        RawClient alice = server.loggedIn();
        RawClient bob = server.explicitTls();
        bob.login("bob", "bob-pw");

        sql(db, "DELETE FROM wharf_users WHERE name = 'alice'");
        server.wharf().reloadUsers(); // SIGHUP: read now, whatever the counter says
        assertThat(alice.expectReply(421).text()).contains("Your account was removed");

        sql(db, "DELETE FROM wharf_users WHERE name = 'bob'");
        sql(db, "UPDATE wharf_user_changes SET counter = counter + 1 WHERE id = 1"); // as docs/deployment.md says
        assertThat(bob.expectReply(421).text()).contains("Your account was removed");
    }

    private static void sql(SqlDatabase db, String statement) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate(statement);
        }
    }

    @Test
    void aUserDisabledThroughAnotherConnectionLosesItsSession() throws Exception {
        SqlUsers users = users(database());
        users.add(TestServer.USER, TestServer.PASSWORD, homes.resolve("alice"), false);
        TestServer server = servers.start(b -> b.authenticator(users));
        RawClient alice = server.loggedIn();

        users(database()).setDisabled(TestServer.USER, true);

        alice.expectReply(421);
        alice.awaitClosedByServer();
        RawClient again = server.explicitTls();
        again.expect(331, "USER " + TestServer.USER);
        again.expect(530, "PASS " + TestServer.PASSWORD);
    }

    @Test
    void failuresSpreadOverTwoServersBanTheAddressAtBoth() throws Exception {
        SqlUsers users = users(database());
        users.add(TestServer.USER, TestServer.PASSWORD, homes.resolve("alice"), false);
        // Each server on a pool of its own, as on two machines.
        SqlBanList firstBans = banList();
        SqlBanList secondBans = banList();
        TestServer first = servers.start(b -> b.authenticator(users).maxLoginFailures(3).banList(firstBans));
        TestServer second = servers.start(b -> b.authenticator(users).maxLoginFailures(3).banList(secondBans));

        RawClient atFirst = first.explicitTls();
        atFirst.expect(331, "USER " + TestServer.USER);
        atFirst.expect(530, "PASS " + WRONG);
        RawClient atSecond = second.explicitTls();
        atSecond.expect(331, "USER " + TestServer.USER);
        atSecond.expect(530, "PASS " + WRONG);
        atFirst.expect(331, "USER " + TestServer.USER);
        assertThat(atFirst.expect(421, "PASS " + WRONG).text()).contains("Too many failed logins");

        for (TestServer server : List.of(first, second)) {
            RawClient refused = server.connect(server.explicitPort());
            assertThat(refused.expectReply(421).text()).contains("Too many failed logins");
            refused.assertClosedByServer();
        }
        assertThat(second.wharf().config().banList().bans()).singleElement()
                .satisfies(ban -> assertThat(ban.address().getHostAddress()).isEqualTo(RawClient.HOST));

        assertThat(first.wharf().config().banList().liftBan(java.net.InetAddress.getByName(RawClient.HOST))).isTrue();
        second.loggedIn().expect(257, "PWD");
    }

    private SqlBanList banList() throws Exception {
        return new SqlBanList(database());
    }

    static FtpsClient client(TestServer server, String password) {
        return FtpsClient.builder()
                .host(RawClient.HOST)
                .port(server.explicitPort())
                .mode(TlsMode.EXPLICIT)
                .credentials(TestServer.USER, password)
                .trust(TrustPolicy.pinned(TestServer.PIN))
                .replyTimeout(Duration.ofSeconds(10))
                .build();
    }
}
