package dev.wharf.cli;

import dev.wharf.server.auth.UserAdmin;
import dev.wharf.server.auth.UsersFile;
import dev.wharf.sql.SqlDatabase;
import dev.wharf.sql.SqlUsers;
import dev.wharf.cli.config.Deployment;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code wharf user add|passwd|remove|disable|enable|list}: edits the users file (or, with
 * {@code --database}, the users database) so nobody writes hashes by hand, through
 * {@link UserAdmin}, as the admin API does.
 */
@Command(name = "user", mixinStandardHelpOptions = true,
        description = "Manages the users file (name:hash:rw|ro:home per line; passwords stored as PBKDF2-SHA256 hashes), or with --database the users database.",
        subcommands = {UserCommand.Add.class, UserCommand.Passwd.class, UserCommand.Remove.class,
            UserCommand.Disable.class, UserCommand.Enable.class, UserCommand.ListUsers.class})
final class UserCommand {

    static class FileOption {
        @Option(names = "--users-file", paramLabel = "PATH", defaultValue = "wharf-home/users",
                description = "The users file. Default: ${DEFAULT-VALUE} (the one 'wharf serve' uses by default).")
        Path usersFile;

        @Option(names = "--database", paramLabel = "URL",
                description = "Manage the users in this database instead (users-database of 'wharf serve'): a JDBC URL, or 'embedded' for the H2 file in the folder of --users-file (not while a server has it open).")
        String database;

        @Option(names = "--database-user", paramLabel = "NAME", defaultValue = "", description = "Database user; default: the URL's.")
        String databaseUser;

        @Option(names = "--database-password-file", paramLabel = "PATH",
                description = "File whose first line is the database password; default: $WHARF_DATABASE_PASSWORD, or none.")
        Path databasePasswordFile;

        /** The store to edit: the users database with --database (close it after), else the users file. */
        UserAdmin admin() throws IOException {
            if (database == null) {
                return UserAdmin.of(usersFile);
            }
            Path folder = usersFile.toAbsolutePath().getParent();
            try {
                return SqlUsers.owning(Deployment.openDatabase(database, folder, databaseUser, databasePasswordFile));
            } catch (SqlDatabase.InUseException e) {
                throw new IOException(e.getMessage() + "; edit its users through the server's admin API ('wharf admin"
                        + " user-add ...'), or stop the server first", e);
            }
        }
    }

    /** What {@code wharf user} prints for a refused edit: the reason, exit code 1. */
    static int refused(Exception e) {
        System.err.println("wharf: " + e.getMessage());
        return 1;
    }

    static class PasswordOptions {
        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        boolean fromStdin;

        @Option(names = "--generate-password", description = "Generate a random password and print it once.")
        boolean generate;

        /** The password: from stdin, generated, from $WHARF_PASSWORD, or asked for twice on the terminal. */
        String obtain() throws IOException {
            if (fromStdin) {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (line == null || line.isEmpty()) {
                    throw new IOException("no password on standard input");
                }
                return line;
            }
            if (generate) {
                String p = Deployment.randomPassword();
                System.out.println("Generated password: " + p + "  (shown once)");
                return p;
            }
            String env = System.getenv("WHARF_PASSWORD");
            if (env != null && !env.isEmpty()) {
                return env;
            }
            java.io.Console console = Environment.interactiveConsole();
            if (console == null) {
                throw new IOException("no terminal to ask for a password: use --password-stdin, --generate-password or WHARF_PASSWORD");
            }
            char[] a = console.readPassword("Password: ");
            char[] b = console.readPassword("Again: ");
            if (a == null || b == null || !Arrays.equals(a, b)) {
                throw new IOException("the passwords differ");
            }
            if (a.length < 8) {
                throw new IOException("use at least 8 characters");
            }
            return new String(a);
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Adds a user.")
    static final class Add implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Option(names = "--home", required = true, paramLabel = "DIR", description = "The user's home folder; the user cannot leave it.") Path home;
        @Option(names = "--read-only", description = "The user may download and list, but not change anything.") boolean readOnly;
        @picocli.CommandLine.Mixin FileOption file = new FileOption();
        @picocli.CommandLine.ArgGroup(exclusive = false) PasswordOptions password = new PasswordOptions();

        @Override
        public Integer call() throws Exception {
            try (UserAdmin admin = file.admin()) {
                // Before asking for a password (or printing a generated one) that would be thrown away.
                if (admin.find(name).isPresent()) {
                    throw new UserAdmin.UserExistsException(name);
                }
                UsersFile.checkName(name);
                var added = admin.add(name, password.obtain(), home, readOnly);
                System.out.println("Added user '" + name + "' (" + (readOnly ? "read-only" : "read-write") + ", home "
                        + added.home() + ") to " + admin.source());
                return 0;
            } catch (UserAdmin.UserExistsException e) {
                System.err.println("wharf: " + e.getMessage() + "; use 'wharf user passwd " + name + "'");
                return 1;
            } catch (IllegalArgumentException e) {
                return refused(e);
            }
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true, description = "Sets a user's password.")
    static final class Passwd implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @picocli.CommandLine.Mixin FileOption file = new FileOption();
        @picocli.CommandLine.ArgGroup(exclusive = false) PasswordOptions password = new PasswordOptions();

        @Override
        public Integer call() throws Exception {
            try (UserAdmin admin = file.admin()) {
                if (admin.find(name).isEmpty()) {
                    throw new UserAdmin.NoSuchUserException(name, admin.source());
                }
                admin.setPassword(name, password.obtain());
            } catch (UserAdmin.NoSuchUserException | IllegalArgumentException e) {
                return refused(e);
            }
            System.out.println("Password of '" + name + "' changed; a running server refuses the old one within a few seconds.");
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Removes a user (their files stay).")
    static final class Remove implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @picocli.CommandLine.Mixin FileOption file = new FileOption();

        @Override
        public Integer call() throws Exception {
            try (UserAdmin admin = file.admin()) {
                admin.remove(name);
            } catch (UserAdmin.NoSuchUserException e) {
                return refused(e);
            }
            System.out.println("Removed user '" + name + "'.");
            return 0;
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Disables a user: no more logins, and a running server closes its sessions; the password is kept.")
    static final class Disable implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @picocli.CommandLine.Mixin FileOption file = new FileOption();

        @Override
        public Integer call() throws Exception {
            try (UserAdmin admin = file.admin()) {
                admin.setDisabled(name, true);
            } catch (UserAdmin.NoSuchUserException e) {
                return refused(e);
            }
            System.out.println("Disabled user '" + name + "'; 'wharf user enable " + name + "' lets it log in again.");
            return 0;
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enables a disabled user, with its old password.")
    static final class Enable implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @picocli.CommandLine.Mixin FileOption file = new FileOption();

        @Override
        public Integer call() throws Exception {
            try (UserAdmin admin = file.admin()) {
                admin.setDisabled(name, false);
            } catch (UserAdmin.NoSuchUserException e) {
                return refused(e);
            }
            System.out.println("Enabled user '" + name + "'.");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists users, their rights and homes.")
    static final class ListUsers implements Callable<Integer> {
        @picocli.CommandLine.Mixin FileOption file = new FileOption();

        @Override
        public Integer call() throws Exception {
            try (UserAdmin admin = file.admin()) {
                for (var a : admin.list()) {
                    System.out.println(a.name() + "\t" + (a.readOnly() ? "ro" : "rw") + "\t" + a.home() + (a.disabled() ? "\tdisabled" : ""));
                }
            }
            return 0;
        }
    }
}
