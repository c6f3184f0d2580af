package dev.wharf.cli;

import dev.wharf.cli.config.Deployment;
import dev.wharf.sql.SqlDatabase;
import dev.wharf.sql.SqlUsers;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code wharf user ... --database URL}: the same edits as on the users file, on a users database
 * ({@link SqlUsers}). Every edit raises the database's change counter, so that running servers on it
 * apply it within a second (a removed or disabled user's sessions end).
 */
final class DatabaseUsers {
    private DatabaseUsers() {}

    private static SqlDatabase open(UserCommand.FileOption file) throws IOException {
        Path folder = file.usersFile.toAbsolutePath().getParent();
        return Deployment.openDatabase(file.database, folder, file.databaseUser, file.databasePasswordFile);
    }

    static int add(UserCommand.FileOption file, String name, Path home, boolean readOnly, UserCommand.PasswordOptions password)
            throws IOException {
        try (SqlDatabase db = open(file)) {
            var users = new SqlUsers(db);
            if (users.find(name).isPresent()) {
                System.err.println("wharf: user '" + name + "' exists already; use 'wharf user passwd " + name + "'");
                return 1;
            }
            Path dir = home.toAbsolutePath().normalize();
            if (!users.add(name, password.obtain(), dir, readOnly)) {
                System.err.println("wharf: user '" + name + "' exists already; use 'wharf user passwd " + name + "'");
                return 1;
            }
            System.out.println("Added user '" + name + "' (" + (readOnly ? "read-only" : "read-write") + ", home " + dir + ") to "
                    + db.description());
            return 0;
        }
    }

    static int passwd(UserCommand.FileOption file, String name, UserCommand.PasswordOptions password) throws IOException {
        try (SqlDatabase db = open(file)) {
            var users = new SqlUsers(db);
            if (users.find(name).isEmpty() || !users.setPassword(name, password.obtain())) {
                System.err.println("wharf: no user '" + name + "' in " + db.description());
                return 1;
            }
            System.out.println("Password of '" + name + "' changed; running servers refuse the old one within a few seconds.");
            return 0;
        }
    }

    static int remove(UserCommand.FileOption file, String name) throws IOException {
        try (SqlDatabase db = open(file)) {
            if (!new SqlUsers(db).remove(name)) {
                System.err.println("wharf: no user '" + name + "' in " + db.description());
                return 1;
            }
            System.out.println("Removed user '" + name + "'.");
            return 0;
        }
    }

    static int setDisabled(UserCommand.FileOption file, String name, boolean disabled) throws IOException {
        try (SqlDatabase db = open(file)) {
            if (!new SqlUsers(db).setDisabled(name, disabled)) {
                System.err.println("wharf: no user '" + name + "' in " + db.description());
                return 1;
            }
            System.out.println(disabled ? "Disabled user '" + name + "'; 'wharf user enable " + name + "' lets it log in again."
                    : "Enabled user '" + name + "'.");
            return 0;
        }
    }

    static int list(UserCommand.FileOption file) throws IOException {
        try (SqlDatabase db = open(file)) {
            for (var a : new SqlUsers(db).list()) {
                System.out.println(a.name() + "\t" + (a.writable() ? "rw" : "ro") + "\t" + a.home() + (a.disabled() ? "\tdisabled" : ""));
            }
            return 0;
        }
    }
}
