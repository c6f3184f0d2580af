package dev.wharf.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The database that {@link SqlUsers} and {@link SqlBanList} share: one HikariCP pool, and the
 * schema brought up to date by Flyway when it is opened (the scripts in {@code db/migration}, SQL
 * that PostgreSQL and H2 both run; Flyway's history table {@code wharf_schema_history} and its lock
 * make a second node that starts at the same time wait, then find nothing to do).
 *
 * <p>PostgreSQL ({@code jdbc:postgresql://host/db}) for several nodes; H2 in a file
 * ({@link #embeddedUrl}) for one, with nothing to install.
 */
public final class SqlDatabase implements AutoCloseable {
    private final HikariDataSource pool;
    private final String description;

    private SqlDatabase(HikariDataSource pool, String description) {
        this.pool = pool;
        this.description = description;
    }

    /**
     * Connects to {@code jdbcUrl} and migrates its schema.
     *
     * @param user     the database user; null to take it from the URL (or none, for H2)
     * @param password its password; null for none. Never logged.
     * @throws IOException if the database cannot be reached or migrated; the message says why
     */
    public static SqlDatabase open(String jdbcUrl, String user, String password) throws IOException {
        var config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setPoolName("wharf-sql");
        // Logins are short reads: a few connections serve many sessions, and a node must not hold
        // the connections the other nodes need.
        config.setMaximumPoolSize(8);
        config.setMinimumIdle(1);
        // A database that is down fails the login (or the start) within seconds, not after 30.
        config.setConnectionTimeout(5_000);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            if (inUse(e)) {
                throw new InUseException(withoutSecrets(jdbcUrl), e);
            }
            throw new IOException("cannot connect to the users database " + withoutSecrets(jdbcUrl) + ": " + rootMessage(e), e);
        }
        try {
            migrate(pool);
        } catch (FlywayException e) {
            pool.close();
            throw new IOException("cannot set up the schema of the users database " + withoutSecrets(jdbcUrl) + ": "
                    + rootMessage(e), e);
        }
        return new SqlDatabase(pool, withoutSecrets(jdbcUrl));
    }

    /** Applies the migrations not yet applied; an up-to-date schema is left as it is. */
    static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .table("wharf_schema_history")
                // A database that holds other tables (a shared PostgreSQL schema) gets Wharf's beside them.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }

    /**
     * The embedded H2 database of one node, in {@code folder} (the state folder): {@code users-db.mv.db}.
     * One process at a time may open it (H2 locks the file; {@link InUseException} for the next):
     * not H2's AUTO_SERVER, which would serve it to others on a TCP port open on every interface.
     */
    public static String embeddedUrl(Path folder) {
        return "jdbc:h2:file:" + folder.toAbsolutePath().normalize().resolve("users-db");
    }

    /** The embedded database is open in another process (a running server). */
    public static final class InUseException extends IOException {
        InUseException(String description, Throwable cause) {
            super("the embedded users database " + description + " is open in another process (a running 'wharf serve'?):"
                    + " one process at a time may use it", cause);
        }
    }

    /** H2's DATABASE_ALREADY_OPEN_1: another process holds the file's lock. */
    private static final int H2_ALREADY_OPEN = 90020;

    @SuppressWarnings("ReferenceEquality") // a Throwable that is its own cause ends the chain
    private static boolean inUse(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getErrorCode() == H2_ALREADY_OPEN) {
                return true;
            }
        }
        return false;
    }

    /** The URL without what may hold a password: for banners and messages. */
    public String description() {
        return description;
    }

    public DataSource dataSource() {
        return pool;
    }

    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public void close() {
        pool.close();
    }

    /** A URL for a message: without its query string, where a password may be given. */
    static String withoutSecrets(String jdbcUrl) {
        int q = jdbcUrl.indexOf('?');
        String base = q < 0 ? jdbcUrl : jdbcUrl.substring(0, q);
        // H2 takes settings after ';' (PASSWORD= among them).
        int semicolon = base.indexOf(';');
        return semicolon < 0 ? base : base.substring(0, semicolon);
    }

    @SuppressWarnings("ReferenceEquality") // a Throwable that is its own cause ends the chain
    static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }
}
