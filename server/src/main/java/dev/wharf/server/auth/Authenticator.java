package dev.wharf.server.auth;

import java.util.Optional;

/** Checks credentials. Implementations must not reveal whether a user name exists. */
public interface Authenticator {
    /** The user if {@code password} is right for {@code name}, empty otherwise. */
    Optional<User> authenticate(String name, String password);

    /** Every home folder, where known: the server cleans leftovers of interrupted uploads there at start. */
    default java.util.List<java.nio.file.Path> homes() {
        return java.util.List.of();
    }

    /**
     * Calls {@code listener} after users change or are removed, until the returned subscription is
     * closed, so that a running server forgets their remembered logins and ends the sessions of
     * removed users. A store whose users cannot change while the server runs keeps this default,
     * which never calls it; a store that is read again (a file, a database, a directory) implements it.
     */
    default Subscription watch(UserChanges listener) {
        return () -> { };
    }

    /** Ends a {@link #watch}; closing it twice does nothing more. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
