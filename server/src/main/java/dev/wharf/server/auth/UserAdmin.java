package dev.wharf.server.auth;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The edits of a user store an administrator makes: add, remove, set a password, disable and
 * enable; what {@code wharf user} and the admin API call, whatever holds the users: the users file
 * ({@link UsersFileAdmin}) or a database (wharf-sql's {@code SqlUsers}).
 *
 * <p>Passwords are hashed by the store and never kept, logged or put in an exception.
 */
public interface UserAdmin extends AutoCloseable {
    /** A user as an administrator sees it: everything but the password hash. */
    record Account(String name, boolean readOnly, Path home, boolean disabled) {}

    /** The user asked for is not in the store. */
    final class NoSuchUserException extends IOException {
        public NoSuchUserException(String name, Path file) {
            this(name, file.toString());
        }

        /** @param source where the users are ({@link UserAdmin#source}) */
        public NoSuchUserException(String name, String source) {
            super("no user '" + name + "' in " + source);
        }
    }

    /** The user to add is in the store already. */
    final class UserExistsException extends IOException {
        public UserExistsException(String name) {
            super("user '" + name + "' exists already");
        }
    }

    /** Edits {@code file} with the default password hashing, telling no one. */
    static UserAdmin of(Path file) {
        return new UsersFileAdmin(file, PasswordHash.DEFAULT_ITERATIONS, () -> { });
    }

    /** Where the users are, for messages: the file, or the database without its secrets. */
    String source();

    List<Account> list() throws IOException;

    Optional<Account> find(String name) throws IOException;

    /**
     * Adds an enabled user, creating its home folder.
     *
     * @throws IllegalArgumentException for a name that is not allowed or an empty password
     * @throws UserExistsException      if the name is taken
     */
    Account add(String name, String password, Path home, boolean readOnly) throws IOException;

    /** Removes a user; its files stay. */
    void remove(String name) throws IOException;

    /** Sets a new password; a disabled user stays disabled. */
    Account setPassword(String name, String password) throws IOException;

    /** A disabled user may not log in, and a running server ends its sessions; its password is kept. */
    Account setDisabled(String name, boolean disabled) throws IOException;

    /** Lets go of what the store holds open (a database pool it owns); a file holds nothing. */
    @Override
    default void close() {
    }

    /**
     * Refuses a password no one should log in with.
     *
     * @throws IllegalArgumentException for an empty password
     */
    static void checkPassword(String password) {
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("the password is empty");
        }
    }
}
