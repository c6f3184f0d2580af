package dev.wharf.server.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The {@link UserAdmin} of a {@link UsersFile}: the one implementation behind {@code wharf user}
 * and the admin API for the file, so that both check names, create homes and write the file the
 * same way. Each edit loads the file, changes it and saves it atomically; edits through one
 * instance do not interleave.
 *
 * <p>Passwords are hashed here and never kept, logged or put in an exception.
 */
public final class UsersFileAdmin implements UserAdmin {
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
    public UsersFileAdmin(Path file, int hashIterations, AfterChange afterChange) {
        this.file = file;
        this.hashIterations = hashIterations;
        this.afterChange = afterChange;
    }

    public Path file() {
        return file;
    }

    @Override
    public String source() {
        return file.toString();
    }

    private static Account account(UsersFile.Entry e) {
        return new Account(e.name(), !e.writable(), e.home(), e.disabled());
    }

    @Override
    public synchronized List<Account> list() throws IOException {
        return UsersFile.load(file).entries().stream().map(UsersFileAdmin::account).toList();
    }

    @Override
    public synchronized Optional<Account> find(String name) throws IOException {
        return UsersFile.load(file).get(name).map(UsersFileAdmin::account);
    }

    /**
     * Adds an enabled user, creating its home folder.
     *
     * @throws IllegalArgumentException for a name that is not allowed or an empty password
     */
    @Override
    public synchronized Account add(String name, String password, Path home, boolean readOnly) throws IOException {
        UsersFile.checkName(name);
        UserAdmin.checkPassword(password);
        UsersFile users = UsersFile.load(file);
        if (users.get(name).isPresent()) {
            throw new UserExistsException(name);
        }
        Path dir = home.toAbsolutePath().normalize();
        Files.createDirectories(dir);
        var entry = new UsersFile.Entry(name, PasswordHash.create(password, hashIterations), !readOnly, dir);
        users.put(entry);
        save(users);
        return account(entry);
    }

    /** Removes a user; its files stay. */
    @Override
    public synchronized void remove(String name) throws IOException {
        UsersFile users = UsersFile.load(file);
        if (!users.remove(name)) {
            throw new NoSuchUserException(name, file);
        }
        save(users);
    }

    /** Sets a new password; a disabled user stays disabled. */
    @Override
    public Account setPassword(String name, String password) throws IOException {
        UserAdmin.checkPassword(password);
        return change(name, e -> e.withHash(PasswordHash.create(password, hashIterations)));
    }

    /** A disabled user may not log in, and a running server ends its sessions; its password is kept. */
    @Override
    public Account setDisabled(String name, boolean disabled) throws IOException {
        return change(name, e -> e.withDisabled(disabled));
    }

    private synchronized Account change(String name, UnaryOperator<UsersFile.Entry> edit) throws IOException {
        UsersFile users = UsersFile.load(file);
        UsersFile.Entry entry = edit.apply(users.get(name).orElseThrow(() -> new NoSuchUserException(name, file)));
        users.put(entry);
        save(users);
        return account(entry);
    }

    private void save(UsersFile users) throws IOException {
        users.save();
        afterChange.saved();
    }

}
