package dev.wharf.sql;

import dev.wharf.server.auth.AuthResult;
import dev.wharf.server.auth.Authenticator;
import dev.wharf.server.auth.ClientContext;
import dev.wharf.server.auth.LoginFailure;
import dev.wharf.server.auth.LoginRequest;
import dev.wharf.server.auth.PasswordHash;
import dev.wharf.server.auth.Permission;
import dev.wharf.server.auth.User;
import dev.wharf.server.auth.UserAdmin;
import dev.wharf.server.auth.UserChanges;
import dev.wharf.server.auth.UsersFile;
import dev.wharf.server.fs.Poller;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users in a SQL database ({@link SqlDatabase}): what the users file holds (the same PBKDF2 hash,
 * the rights, the home) and a disabled flag, in the table {@code wharf_users}. Every login reads its
 * row, so a change made through any node, or straight in the database, holds for the next login.
 *
 * <p>While watched, the one-row change counter {@code wharf_user_changes} is read about once a
 * second; when another node (or {@code wharf user}) raised it, the users are read and compared with
 * those read before, and the watchers are told who changed, and who is gone or disabled (the server
 * then forgets their remembered logins and ends their sessions). The edits here raise it in the
 * same transaction; an edit made by hand in SQL must raise it too
 * ({@code UPDATE wharf_user_changes SET counter = counter + 1}) to end open sessions.
 *
 * <p>It is also the database's {@link UserAdmin}: the edits {@code wharf user --database} and the
 * admin API make. The server's own instance tells its watchers at once after an edit.
 *
 * <p>Passwords are hashed here and never kept, logged or put in an exception.
 */
public final class SqlUsers implements Authenticator, UserAdmin {
    private static final Logger LOG = LoggerFactory.getLogger(SqlUsers.class);
    static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
    /** The rights in one column: the names of {@link Permission}, comma-separated. */
    private static final String RIGHTS_SEPARATOR = ",";
    /** PostgreSQL and H2 both report a primary key already taken with the SQL standard's state. */
    private static final String UNIQUE_VIOLATION = "23505";

    /** A row but its hash: the user it logs in as, and whether it may. */
    private record Entry(User user, boolean disabled) {
        Account account() {
            return new Account(user.name(), !user.writable(), user.home(), disabled);
        }
    }

    /** Checked against when the user does not exist, so an unknown name costs as much as a wrong password. */
    private static final class Dummy {
        static final PasswordHash HASH = PasswordHash.create("dummy", PasswordHash.DEFAULT_ITERATIONS);
    }

    /** What a login depends on, to tell a change from none. */
    private record Row(String hash, Set<Permission> permissions, String home, boolean disabled) {}

    private final SqlDatabase database;
    private final boolean ownsDatabase;
    private final int hashIterations;
    private final Clock clock;
    private final List<UserChanges> listeners = new CopyOnWriteArrayList<>();

    // Guarded by this.
    private long counterRead = -1;
    private Map<String, Row> rowsRead = Map.of();
    private String problem; // the reading problem logged last, so that it is logged once
    private Thread poller;

    /** The users of {@code database}, new passwords hashed with {@link PasswordHash#DEFAULT_ITERATIONS}. */
    public SqlUsers(SqlDatabase database) {
        this(database, PasswordHash.DEFAULT_ITERATIONS, Clock.systemUTC());
    }

    /** @param hashIterations PBKDF2 iterations of new passwords (tests take few: fast logins) */
    public SqlUsers(SqlDatabase database, int hashIterations, Clock clock) {
        this(database, false, hashIterations, clock);
    }

    private SqlUsers(SqlDatabase database, boolean ownsDatabase, int hashIterations, Clock clock) {
        this.database = database;
        this.ownsDatabase = ownsDatabase;
        this.hashIterations = hashIterations;
        this.clock = clock;
    }

    /** The users of {@code database}, which {@link #close} closes too: for one edit ({@code wharf user}). */
    public static SqlUsers owning(SqlDatabase database) {
        return new SqlUsers(database, true, PasswordHash.DEFAULT_ITERATIONS, Clock.systemUTC());
    }

    @Override
    public AuthResult authenticate(LoginRequest request) {
        Optional<Stored> stored;
        try {
            stored = read(request.name());
        } catch (SQLException e) {
            // The server refuses the login as a store error (LoginFailure.STORE_ERROR), the session goes on.
            throw new IllegalStateException("the users database failed: " + SqlDatabase.rootMessage(e), e);
        }
        if (stored.isEmpty()) {
            Dummy.HASH.matches(request.password()); // as slow as a wrong password
            return AuthResult.failure(LoginFailure.UNKNOWN_USER);
        }
        Stored s = stored.get();
        // The password first: a disabled account answers like any other wrong password to a guesser.
        if (!s.hash().matches(request.password())) {
            return AuthResult.failure(LoginFailure.WRONG_PASSWORD);
        }
        return s.entry().disabled() ? AuthResult.failure(LoginFailure.DISABLED) : AuthResult.success(s.entry().user());
    }

    @Override
    public Optional<User> authenticate(String name, String password) {
        return Authenticator.user(authenticate(new LoginRequest(name, password, ClientContext.unknown())));
    }

    @Override
    public List<Path> homes() {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("SELECT DISTINCT home FROM wharf_users");
             ResultSet rs = st.executeQuery()) {
            var homes = new ArrayList<Path>();
            while (rs.next()) {
                homes.add(Path.of(rs.getString(1)));
            }
            return homes;
        } catch (SQLException e) {
            LOG.warn("cannot read the homes from the users database: {}", SqlDatabase.rootMessage(e));
            return List.of();
        }
    }

    // --- What an administrator does (wharf user, the admin API): each edit raises the change
    // counter in its transaction.

    @Override
    public String source() {
        return database.description();
    }

    @Override
    public List<Account> list() throws IOException {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement(
                     "SELECT name, password_hash, permissions, home, disabled FROM wharf_users ORDER BY name");
             ResultSet rs = st.executeQuery()) {
            var accounts = new ArrayList<Account>();
            while (rs.next()) {
                accounts.add(stored(rs).entry().account());
            }
            return accounts;
        } catch (SQLException e) {
            throw failed("list the users", e);
        }
    }

    @Override
    public Optional<Account> find(String name) throws IOException {
        try {
            return read(name).map(s -> s.entry().account());
        } catch (SQLException e) {
            throw failed("read user '" + name + "'", e);
        }
    }

    @Override
    public Account add(String name, String password, Path home, boolean readOnly) throws IOException {
        return add(name, password, home, readOnly ? Permission.readOnly() : Permission.all());
    }

    /** {@link #add(String, String, Path, boolean)} with any rights, finer than read-write or read-only. */
    public Account add(String name, String password, Path home, Set<Permission> permissions) throws IOException {
        UsersFile.checkName(name);
        UserAdmin.checkPassword(password);
        Path dir = home.toAbsolutePath().normalize();
        Files.createDirectories(dir);
        OffsetDateTime now = now();
        try {
            change(c -> {
                try (PreparedStatement st = c.prepareStatement("INSERT INTO wharf_users"
                        + " (name, password_hash, permissions, home, disabled, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, FALSE, ?, ?)")) {
                    st.setString(1, name);
                    st.setString(2, PasswordHash.create(password, hashIterations).encode());
                    st.setString(3, encode(permissions));
                    st.setString(4, dir.toString());
                    st.setObject(5, now);
                    st.setObject(6, now);
                    st.executeUpdate();
                }
                return true;
            });
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new UserExistsException(name);
            }
            throw failed("add user '" + name + "'", e);
        }
        return new Entry(new User(name, dir, permissions), false).account();
    }

    /** Removes a user, and its settings and counters; its files stay. */
    @Override
    public void remove(String name) throws IOException {
        update(name, "remove user '" + name + "'", "DELETE FROM wharf_users WHERE name = ?", st -> st.setString(1, name));
    }

    @Override
    public Account setPassword(String name, String password) throws IOException {
        UserAdmin.checkPassword(password);
        String hash = PasswordHash.create(password, hashIterations).encode();
        OffsetDateTime now = now();
        update(name, "set the password of '" + name + "'", "UPDATE wharf_users SET password_hash = ?, updated_at = ? WHERE name = ?",
                st -> {
                    st.setString(1, hash);
                    st.setObject(2, now);
                    st.setString(3, name);
                });
        return find(name).orElseThrow(() -> new NoSuchUserException(name, source()));
    }

    @Override
    public Account setDisabled(String name, boolean disabled) throws IOException {
        OffsetDateTime now = now();
        update(name, (disabled ? "disable" : "enable") + " user '" + name + "'",
                "UPDATE wharf_users SET disabled = ?, updated_at = ? WHERE name = ?", st -> {
                    st.setBoolean(1, disabled);
                    st.setObject(2, now);
                    st.setString(3, name);
                });
        return find(name).orElseThrow(() -> new NoSuchUserException(name, source()));
    }

    // --- Watching: the change counter, polled.

    @Override
    public synchronized Subscription watch(UserChanges listener) {
        UserChanges registered = listener; // its own identity: one close removes this one only
        if (listeners.isEmpty()) {
            look(); // the users now: what a change is compared with
        }
        listeners.add(registered);
        if (poller == null) {
            poller = Poller.every(POLL_INTERVAL, "wharf-sql-users", this::check, LOG, "the users database");
            poller.start();
        }
        return () -> unwatch(registered);
    }

    private synchronized void unwatch(UserChanges registered) {
        listeners.remove(registered);
        if (listeners.isEmpty() && poller != null) {
            poller.interrupt();
            poller = null;
        }
    }

    /** One look at the change counter: the poller's step, called directly after an edit here. */
    void check() {
        Changes changes;
        synchronized (this) {
            if (listeners.isEmpty()) {
                return;
            }
            changes = look();
        }
        tell(changes);
    }

    /** Reads the users now, whatever the counter says, and tells the watchers what changed. */
    @Override
    public void reload() throws IOException {
        Changes changes;
        synchronized (this) {
            try {
                changes = adopt(readCounter(), readAll());
            } catch (SQLException e) {
                throw failed("read the users", e);
            }
        }
        tell(changes);
    }

    private record Changes(Set<String> changedOrRemoved, Set<String> removed) {}

    private Changes look() {
        try {
            long counter = readCounter();
            if (counter == counterRead) {
                return null;
            }
            return adopt(counter, readAll());
        } catch (SQLException e) {
            String text = "cannot read the users database (" + SqlDatabase.rootMessage(e) + "); logins fail until it is back";
            if (!text.equals(problem)) {
                LOG.warn("{}", text);
                problem = text;
            }
            return null;
        }
    }

    private Changes adopt(long counter, Map<String, Row> now) {
        Map<String, Row> before = rowsRead;
        boolean first = counterRead < 0;
        counterRead = counter;
        rowsRead = now;
        if (problem != null) {
            LOG.info("the users database can be read again");
            problem = null;
        }
        if (first) {
            return null;
        }
        var changedOrRemoved = new HashSet<String>();
        var removed = new HashSet<String>();
        before.forEach((name, row) -> {
            Row next = now.get(name);
            if (next == null || (next.disabled() && !row.disabled())) {
                removed.add(name);
                changedOrRemoved.add(name);
            } else if (!next.equals(row)) {
                changedOrRemoved.add(name);
            }
        });
        if (!changedOrRemoved.isEmpty()) {
            LOG.info("users database changed: {} users ({} changed, {} removed or disabled)", now.size(),
                    changedOrRemoved.size() - removed.size(), removed.size());
        }
        return new Changes(Set.copyOf(changedOrRemoved), Set.copyOf(removed));
    }

    private void tell(Changes changes) {
        if (changes == null || changes.changedOrRemoved().isEmpty()) {
            return;
        }
        for (UserChanges l : listeners) {
            try {
                l.changed(changes.changedOrRemoved(), changes.removed());
            } catch (RuntimeException e) {
                // One broken listener must not keep the others (the login cache, the server) uninformed.
                LOG.error("a listener of user changes failed", e);
            }
        }
    }

    /** Stops watching; the database stays open (its owner closes it), unless it was made {@link #owning} it. */
    @Override
    public synchronized void close() {
        listeners.clear();
        if (poller != null) {
            poller.interrupt();
            poller = null;
        }
        if (ownsDatabase) {
            database.close();
        }
    }

    // --- Reading and writing rows.

    private record Stored(Entry entry, PasswordHash hash) {}

    private Optional<Stored> read(String name) throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement(
                     "SELECT name, password_hash, permissions, home, disabled FROM wharf_users WHERE name = ?")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(stored(rs)) : Optional.empty();
            }
        }
    }

    private static Stored stored(ResultSet rs) throws SQLException {
        String name = rs.getString(1);
        PasswordHash hash;
        try {
            hash = PasswordHash.parse(rs.getString(2));
        } catch (IllegalArgumentException e) {
            // Never quote the column: it is a hash, and the message goes to the log.
            throw new SQLException("user '" + name + "': " + e.getMessage(), e);
        }
        return new Stored(new Entry(new User(name, Path.of(rs.getString(4)), decode(rs.getString(3))), rs.getBoolean(5)), hash);
    }

    private long readCounter() throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("SELECT counter FROM wharf_user_changes WHERE id = 1");
             ResultSet rs = st.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("the row of wharf_user_changes is missing");
            }
            return rs.getLong(1);
        }
    }

    private Map<String, Row> readAll() throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("SELECT name, password_hash, permissions, home, disabled FROM wharf_users");
             ResultSet rs = st.executeQuery()) {
            var rows = new HashMap<String, Row>();
            while (rs.next()) {
                rows.put(rs.getString(1), new Row(rs.getString(2), decode(rs.getString(3)), rs.getString(4), rs.getBoolean(5)));
            }
            return rows;
        }
    }

    private interface Statement {
        void bind(PreparedStatement st) throws SQLException;
    }

    private interface Edit<T> {
        T apply(Connection c) throws SQLException;
    }

    /** An UPDATE or DELETE of the row of {@code name}, which must be there. */
    private void update(String name, String what, String sql, Statement statement) throws IOException {
        boolean changed;
        try {
            changed = change(c -> {
                try (PreparedStatement st = c.prepareStatement(sql)) {
                    statement.bind(st);
                    return st.executeUpdate() > 0;
                }
            });
        } catch (SQLException e) {
            throw failed(what, e);
        }
        if (!changed) {
            throw new NoSuchUserException(name, source());
        }
    }

    /**
     * Runs {@code edit} and raises the change counter in one transaction, so that a node that reads
     * the counter after it also reads the edit; then looks at once, so that this node's watchers need
     * not wait for the poll.
     */
    private boolean change(Edit<Boolean> edit) throws SQLException {
        boolean changed;
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try {
                changed = edit.apply(c);
                if (changed) {
                    try (PreparedStatement st = c.prepareStatement("UPDATE wharf_user_changes SET counter = counter + 1 WHERE id = 1")) {
                        st.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
        if (changed) {
            check();
        }
        return changed;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    static String encode(Set<Permission> permissions) {
        return permissions.stream().sorted().map(Permission::name).collect(Collectors.joining(RIGHTS_SEPARATOR));
    }

    /** Names this version does not know (written by a newer one) grant nothing here. */
    static Set<Permission> decode(String column) {
        var rights = EnumSet.noneOf(Permission.class);
        Arrays.stream(column.split(RIGHTS_SEPARATOR)).map(String::strip).filter(w -> !w.isEmpty()).forEach(w -> {
            try {
                rights.add(Permission.valueOf(w.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException unknown) {
                LOG.debug("ignoring the unknown right {}", w);
            }
        });
        return rights;
    }

    private static IOException failed(String what, SQLException e) {
        return new IOException("cannot " + what + " in the users database: " + SqlDatabase.rootMessage(e), e);
    }
}
