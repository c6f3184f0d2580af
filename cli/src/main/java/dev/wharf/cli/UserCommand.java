package dev.wharf.cli;

import dev.wharf.server.auth.PasswordHash;
import dev.wharf.server.auth.UsersFile;
import dev.wharf.cli.config.Deployment;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code wharf user add|passwd|remove|list}: edits the users file so nobody writes hashes by hand. */
@Command(name = "user", mixinStandardHelpOptions = true,
        description = "Manages the users file (name:hash:rw|ro:home per line; passwords stored as PBKDF2-SHA256 hashes), or with --database the users database.",
        subcommands = {UserCommand.Add.class, UserCommand.Passwd.class, UserCommand.Remove.class, UserCommand.ListUsers.class})
final class UserCommand {

    static class FileOption {
        @Option(names = "--users-file", paramLabel = "PATH", defaultValue = "wharf-home/users",
                description = "The users file. Default: ${DEFAULT-VALUE} (the one 'wharf serve' uses by default).")
        Path usersFile;

        @Option(names = "--database", paramLabel = "URL",
                description = "Manage the users in this database instead (users-database of 'wharf serve'): a JDBC URL, or 'embedded' for the H2 file in the folder of --users-file.")
        String database;

        @Option(names = "--database-user", paramLabel = "NAME", defaultValue = "", description = "Database user; default: the URL's.")
        String databaseUser;

        @Option(names = "--database-password-file", paramLabel = "PATH",
                description = "File whose first line is the database password; default: $WHARF_DATABASE_PASSWORD, or none.")
        Path databasePasswordFile;
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
            var console = System.console();
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
            if (file.database != null) {
                return DatabaseUsers.add(file, name, home, readOnly, password);
            }
            UsersFile users = UsersFile.load(file.usersFile);
            if (users.get(name).isPresent()) {
                System.err.println("wharf: user '" + name + "' exists already; use 'wharf user passwd " + name + "'");
                return 1;
            }
            UsersFile.checkName(name);
            Path dir = home.toAbsolutePath().normalize();
            Files.createDirectories(dir);
            users.put(new UsersFile.Entry(name, PasswordHash.create(password.obtain()), !readOnly, dir));
            users.save();
            System.out.println("Added user '" + name + "' (" + (readOnly ? "read-only" : "read-write") + ", home " + dir + ") to " + file.usersFile);
            return 0;
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true, description = "Sets a user's password.")
    static final class Passwd implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @picocli.CommandLine.Mixin FileOption file = new FileOption();
        @picocli.CommandLine.ArgGroup(exclusive = false) PasswordOptions password = new PasswordOptions();

        @Override
        public Integer call() throws Exception {
            if (file.database != null) {
                return DatabaseUsers.passwd(file, name, password);
            }
            UsersFile users = UsersFile.load(file.usersFile);
            var entry = users.get(name);
            if (entry.isEmpty()) {
                System.err.println("wharf: no user '" + name + "' in " + file.usersFile);
                return 1;
            }
            var e = entry.get();
            users.put(new UsersFile.Entry(name, PasswordHash.create(password.obtain()), e.writable(), e.home()));
            users.save();
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
            if (file.database != null) {
                return DatabaseUsers.remove(file, name);
            }
            UsersFile users = UsersFile.load(file.usersFile);
            if (!users.remove(name)) {
                System.err.println("wharf: no user '" + name + "' in " + file.usersFile);
                return 1;
            }
            users.save();
            System.out.println("Removed user '" + name + "'.");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists users, their rights and homes.")
    static final class ListUsers implements Callable<Integer> {
        @picocli.CommandLine.Mixin FileOption file = new FileOption();

        @Override
        public Integer call() throws Exception {
            if (file.database != null) {
                return DatabaseUsers.list(file);
            }
            for (var e : UsersFile.load(file.usersFile).entries()) {
                System.out.println(e.name() + "\t" + (e.writable() ? "rw" : "ro") + "\t" + e.home());
            }
            return 0;
        }
    }
}
