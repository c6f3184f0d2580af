package dev.wharf.sql;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The SQL stores on a real PostgreSQL, started for this class (a database of its own per test). */
class PostgresStoreIT extends SqlStoreContract {
    private static PostgresServer postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    String newDatabase() throws Exception {
        return postgres.newDatabase();
    }

    @Override
    String user() {
        return postgres.user();
    }
}
