package dev.wharf.server.auth;

import java.util.Optional;

/**
 * A user store: checks logins. Implementations must not reveal whether a user name exists (an unknown
 * name should cost as much time as a wrong password); the server gives every failure the same 530.
 */
public interface Authenticator {
    /**
     * What the server calls: the user, or why not, knowing who asks ({@link ClientContext}: address,
     * listener, TLS session, client certificates, HOST). The default asks the name-and-password form;
     * a store that can tell an unknown user from a wrong password, or decides on the context,
     * overrides this.
     */
    default AuthResult authenticate(LoginRequest request) {
        return authenticate(request.name(), request.password())
                .map(AuthResult::success)
                .orElseGet(() -> AuthResult.failure(LoginFailure.WRONG_CREDENTIALS));
    }

    /** The user if {@code password} is right for {@code name}, empty otherwise. */
    Optional<User> authenticate(String name, String password);

    /** The user of a successful result. */
    static Optional<User> user(AuthResult result) {
        return result instanceof AuthResult.Success s ? Optional.of(s.user()) : Optional.empty();
    }

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

    /**
     * Reads the users again now, whatever a watch would have waited for, and tells the watchers what
     * changed: the one reload of every store, called on SIGHUP and by the admin API's reload. A store
     * that is always current keeps this default, which does nothing. A source that cannot be read or
     * parsed keeps the users read before and says why in the exception.
     */
    default void reload() throws java.io.IOException {
    }

    /** Ends a {@link #watch}; closing it twice does nothing more. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
