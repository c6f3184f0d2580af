package dev.wharf.server.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The edits of a {@link UsersFile} an administrator makes: add, remove, set a password, disable and
 * enable. The one implementation behind {@code wharf user} and the admin API, so that both check
 * names, create homes and write the file the same way. Each edit loads the file, changes it and
 * saves it atomically; edits through one instance do not interleave.
 *
 * <p>Passwords are hashed here and never kept, logged or put in an exception.
 */
public final class UserAdmin {
    /** A user as an administrator sees it: everything but the password hash. */
    public record Account(String name, boolean readOnly, Path home, boolean disabled) {
        static Account of(UsersFile.Entry e) {
            return new Account(e.name(), !e.writable(), e.home(), e.disabled());
        }
    }

    /** The user asked for is not in the file. */
    public static final class NoSuchUserException extends IOException {
        public NoSuchUserException(String name, Path file) {
            super("no user '" + name + "' in " + file);
        }
    }

    /** The user to add is in the file already. */
    public static final class UserExistsException extends IOException {
        public UserExistsException(String name) {
            super("user '" + name + "' exists already");
        }
    }

    private final Path file;
    private final int hashIterations;
    private final AfterChange afterChange;

    /** What runs after each saved change: a running server reading the users again at once. */
    @FunctionalInterface
    public interface AfterChange {
        void saved() throws IOException;
    }

    /**
     * @param hashIterations PBKDF2 iterations of new passwords ({@link PasswordHash#DEFAULT_ITERATIONS})
     * @param afterChange    run after each saved change, as a running server's reload of the file
     */
    public UserAdmin(Path file, int hashIterations, AfterChange afterChange) {
        this.file = file;
        this.hashIterations = hashIterations;
        this.afterChange = afterChange;
    }

    /** Edits {@code file} with the default password hashing, telling no one. */
    public static UserAdmin of(Path file) {
        return new UserAdmin(file, PasswordHash.DEFAULT_ITERATIONS, () -> { });
    }

    public Path file() {
        return file;
    }

    public synchronized List<Account> list() throws IOException {
        return UsersFile.load(file).entries().stream().map(Account::of).toList();
    }

    public synchronized Optional<Account> find(String name) throws IOException {
        return UsersFile.load(file).get(name).map(Account::of);
    }

    /**
     * Adds an enabled user, creating its home folder.
     *
     * @throws IllegalArgumentException for a name that is not allowed or an empty password
     */
    public synchronized Account add(String name, String password, Path home, boolean readOnly) throws IOException {
        UsersFile.checkName(name);
        checkPassword(password);
        UsersFile users = UsersFile.load(file);
        if (users.get(name).isPresent()) {
            throw new UserExistsException(name);
        }
        Path dir = home.toAbsolutePath().normalize();
        Files.createDirectories(dir);
        var entry = new UsersFile.Entry(name, PasswordHash.create(password, hashIterations), !readOnly, dir);
        users.put(entry);
        save(users);
        return Account.of(entry);
    }

    /** Removes a user; its files stay. */
    public synchronized void remove(String name) throws IOException {
        UsersFile users = UsersFile.load(file);
        if (!users.remove(name)) {
            throw new NoSuchUserException(name, file);
        }
        save(users);
    }

    /** Sets a new password; a disabled user stays disabled. */
    public Account setPassword(String name, String password) throws IOException {
        checkPassword(password);
        return change(name, e -> e.withHash(PasswordHash.create(password, hashIterations)));
    }

    /** A disabled user may not log in, and a running server ends its sessions; its password is kept. */
    public Account setDisabled(String name, boolean disabled) throws IOException {
        return change(name, e -> e.withDisabled(disabled));
    }

    private synchronized Account change(String name, UnaryOperator<UsersFile.Entry> edit) throws IOException {
        UsersFile users = UsersFile.load(file);
        UsersFile.Entry entry = edit.apply(users.get(name).orElseThrow(() -> new NoSuchUserException(name, file)));
        users.put(entry);
        save(users);
        return Account.of(entry);
    }

    private void save(UsersFile users) throws IOException {
        users.save();
        afterChange.saved();
    }

    private static void checkPassword(String password) {
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("the password is empty");
        }
    }
}
