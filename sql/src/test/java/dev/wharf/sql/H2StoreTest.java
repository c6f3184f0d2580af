package dev.wharf.sql;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The SQL stores on the embedded default: H2 in a file, as {@code users-database = embedded} makes it. */
class H2StoreTest extends SqlStoreContract {
    @TempDir
    Path stateDir;

    @Override
    String newDatabase() {
        return SqlDatabase.embeddedUrl(stateDir);
    }

    @Override
    String user() {
        return null;
    }
}
