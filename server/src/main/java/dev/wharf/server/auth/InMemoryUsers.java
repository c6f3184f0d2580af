package dev.wharf.server.auth;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Users held in memory, for embedding and tests. Passwords are still kept only as hashes. */
public final class InMemoryUsers implements Authenticator {
    private record Account(PasswordHash hash, User user) {}

    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final int iterations;
    private final UserChangeListeners listeners = new UserChangeListeners();
    private volatile PasswordHash dummy;

    private PasswordHash dummy() {
        if (dummy == null) {
            dummy = PasswordHash.create("dummy", iterations);
        }
        return dummy;
    }

    public InMemoryUsers() {
        this(PasswordHash.DEFAULT_ITERATIONS);
    }

    /** Fewer iterations make test logins fast; never lower it for real accounts. */
    public InMemoryUsers(int iterations) {
        this.iterations = iterations;
    }

    /** Adds a user, or replaces one of the same name (a running server then forgets its remembered login). */
    public InMemoryUsers add(String name, String password, Path home, boolean writable) {
        UsersFile.checkName(name);
        if (accounts.put(name, new Account(PasswordHash.create(password, iterations), new User(name, home, writable))) != null) {
            listeners.tell(Set.of(name), Set.of());
        }
        return this;
    }

    /** Removes a user; a running server refuses its next login and closes its sessions. */
    public boolean remove(String name) {
        if (accounts.remove(name) == null) {
            return false;
        }
        listeners.tell(Set.of(name), Set.of(name));
        return true;
    }

    @Override
    public Subscription watch(UserChanges listener) {
        return listeners.add(listener);
    }

    @Override
    public java.util.List<Path> homes() {
        return accounts.values().stream().map(a -> a.user().home()).distinct().toList();
    }

    @Override
    public AuthResult authenticate(LoginRequest request) {
        Account a = accounts.get(request.name());
        if (a == null) {
            dummy().matches(request.password()); // as slow as a wrong password
            return AuthResult.failure(LoginFailure.UNKNOWN_USER);
        }
        return a.hash().matches(request.password()) ? AuthResult.success(a.user())
                : AuthResult.failure(LoginFailure.WRONG_PASSWORD);
    }

    @Override
    public Optional<User> authenticate(String name, String password) {
        return Authenticator.user(authenticate(new LoginRequest(name, password, ClientContext.unknown())));
    }
}
