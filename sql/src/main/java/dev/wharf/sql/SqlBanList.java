package dev.wharf.sql;

import dev.wharf.server.auth.BanList;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failed logins and bans of every server on one database ({@link SqlDatabase}): a guesser who
 * spreads its attempts over several nodes is counted once, and banned at all of them. Failures are
 * rows of {@code wharf_login_failures} (address, time), bans rows of {@code wharf_bans} (address,
 * until). Times are this node's clock: the nodes' clocks should agree (NTP) to within a small part
 * of the window and the ban.
 *
 * <p>A database that cannot be reached is logged (once until it is back) and counts nothing: the
 * server goes on accepting connections, and the logins themselves fail if its users are in the same
 * database.
 */
public final class SqlBanList implements BanList {
    private static final Logger LOG = LoggerFactory.getLogger(SqlBanList.class);
    /** Wharf's own window for counting failures, as that of the in-memory LoginGuard. */
    public static final Duration WINDOW = Duration.ofMinutes(10);
    /** PostgreSQL and H2 both report a primary key already taken with the SQL standard's state. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final SqlDatabase database;
    private final Duration window;
    private final Clock clock;
    // Volatile: the policy can change while logins are counted (a settings reload).
    private volatile int maxFailures = 5;
    private volatile Duration banDuration = Duration.ofMinutes(15);
    private volatile Instant prunedAt = Instant.MIN;
    private volatile String problem;

    /** The ban list of {@code database}; the server that uses it sets the policy. */
    public SqlBanList(SqlDatabase database) {
        this(database, WINDOW, Clock.systemUTC());
    }

    public SqlBanList(SqlDatabase database, Duration window, Clock clock) {
        this.database = database;
        this.window = window;
        this.clock = clock;
    }

    @Override
    public void policy(int maxFailures, Duration banDuration) {
        this.maxFailures = maxFailures;
        this.banDuration = banDuration;
    }

    @Override
    public boolean hasRecentFailures(InetAddress address) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement(
                     "SELECT 1 FROM wharf_login_failures WHERE address = ? AND failed_at >= ?")) {
            st.setString(1, key(address));
            st.setObject(2, time(clock.instant().minus(window)));
            st.setMaxRows(1);
            try (ResultSet rs = st.executeQuery()) {
                return worked(rs.next());
            }
        } catch (SQLException e) {
            return failed("check recent failures", e, false);
        }
    }

    @Override
    public boolean isBanned(InetAddress address) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("SELECT banned_until FROM wharf_bans WHERE address = ? AND banned_until >= ?")) {
            st.setString(1, key(address));
            st.setObject(2, time(clock.instant()));
            try (ResultSet rs = st.executeQuery()) {
                return worked(rs.next());
            }
        } catch (SQLException e) {
            return failed("check a ban", e, false);
        }
    }

    @Override
    public boolean recordFailure(InetAddress address) {
        int max = maxFailures;
        if (max <= 0) {
            return false;
        }
        Instant now = clock.instant();
        String key = key(address);
        try (Connection c = database.connection()) {
            pruneNowAndThen(c, now);
            c.setAutoCommit(false);
            try {
                try (PreparedStatement st = c.prepareStatement("INSERT INTO wharf_login_failures (address, failed_at) VALUES (?, ?)")) {
                    st.setString(1, key);
                    st.setObject(2, time(now));
                    st.executeUpdate();
                }
                int counted;
                try (PreparedStatement st = c.prepareStatement(
                        "SELECT COUNT(*) FROM wharf_login_failures WHERE address = ? AND failed_at >= ?")) {
                    st.setString(1, key);
                    st.setObject(2, time(now.minus(window)));
                    try (ResultSet rs = st.executeQuery()) {
                        rs.next();
                        counted = rs.getInt(1);
                    }
                }
                boolean banned = counted >= max;
                if (banned) {
                    forgetFailures(c, key);
                    ban(c, key, now.plus(banDuration), counted);
                }
                c.commit();
                return worked(banned);
            } catch (SQLException e) {
                c.rollback();
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    return worked(true); // another node banned the address this very moment
                }
                throw e;
            } catch (RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            return failed("count a failed login", e, false);
        }
    }

    /**
     * Bans {@code key} until {@code until}. Two nodes may ban the same address at the same moment:
     * the update finds the other's row, or the insert collides with it (a unique violation, which
     * {@link #recordFailure} takes for the ban it is), and either ban will do.
     */
    private static void ban(Connection c, String key, Instant until, int failures) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("UPDATE wharf_bans SET banned_until = ?, failures = ? WHERE address = ?")) {
            st.setObject(1, time(until));
            st.setInt(2, failures);
            st.setString(3, key);
            if (st.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement st = c.prepareStatement("INSERT INTO wharf_bans (address, banned_until, failures) VALUES (?, ?, ?)")) {
            st.setString(1, key);
            st.setObject(2, time(until));
            st.setInt(3, failures);
            st.executeUpdate();
        }
    }

    private static void forgetFailures(Connection c, String key) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("DELETE FROM wharf_login_failures WHERE address = ?")) {
            st.setString(1, key);
            st.executeUpdate();
        }
    }

    /** Failures older than the window and bans that ended are deleted once a window, so the tables cannot grow without bound. */
    private void pruneNowAndThen(Connection c, Instant now) throws SQLException {
        if (prunedAt.plus(window).isAfter(now)) {
            return;
        }
        prunedAt = now;
        try (PreparedStatement st = c.prepareStatement("DELETE FROM wharf_login_failures WHERE failed_at < ?")) {
            st.setObject(1, time(now.minus(window)));
            st.executeUpdate();
        }
        try (PreparedStatement st = c.prepareStatement("DELETE FROM wharf_bans WHERE banned_until < ?")) {
            st.setObject(1, time(now));
            st.executeUpdate();
        }
    }

    @Override
    public void recordSuccess(InetAddress address) {
        try (Connection c = database.connection()) {
            forgetFailures(c, key(address));
            worked(true);
        } catch (SQLException e) {
            failed("forget the failed logins of an address", e, false);
        }
    }

    @Override
    public List<Ban> bans() {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement(
                     "SELECT address, banned_until, failures FROM wharf_bans WHERE banned_until >= ? ORDER BY banned_until, address")) {
            st.setObject(1, time(clock.instant()));
            var bans = new ArrayList<Ban>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    bans.add(new Ban(address(rs.getString(1)), rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getInt(3)));
                }
            }
            return worked(List.copyOf(bans));
        } catch (SQLException e) {
            return failed("list the bans", e, List.of());
        }
    }

    @Override
    public boolean liftBan(InetAddress address) {
        String key = key(address);
        try (Connection c = database.connection()) {
            forgetFailures(c, key);
            try (PreparedStatement st = c.prepareStatement("DELETE FROM wharf_bans WHERE address = ? AND banned_until >= ?")) {
                st.setString(1, key);
                st.setObject(2, time(clock.instant()));
                return worked(st.executeUpdate() > 0);
            }
        } catch (SQLException e) {
            return failed("lift a ban", e, false);
        }
    }

    /** The address as a key: its literal, the same from every node. */
    private static String key(InetAddress address) {
        return address.getHostAddress();
    }

    private static InetAddress address(String literal) throws SQLException {
        try {
            return InetAddress.getByName(literal); // a literal: no name is looked up
        } catch (UnknownHostException e) {
            throw new SQLException("wharf_bans holds an address that is not one: " + literal, e);
        }
    }

    private static OffsetDateTime time(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private <T> T worked(T result) {
        if (problem != null) {
            problem = null;
            LOG.info("the ban list's database can be reached again");
        }
        return result;
    }

    private <T> T failed(String what, SQLException e, T answer) {
        String text = "cannot " + what + " in the database (" + SqlDatabase.rootMessage(e) + "); failed logins are not counted until it is back";
        if (!text.equals(problem)) {
            problem = text;
            LOG.warn("{}", text);
        }
        return answer;
    }
}
