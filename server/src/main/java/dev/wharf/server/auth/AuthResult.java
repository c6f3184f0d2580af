package dev.wharf.server.auth;

/** What a user store says about a login: the user, or why not. */
public sealed interface AuthResult {
    record Success(User user) implements AuthResult {}

    record Failure(LoginFailure reason) implements AuthResult {}

    static AuthResult success(User user) {
        return new Success(user);
    }

    static AuthResult failure(LoginFailure reason) {
        return new Failure(reason);
    }
}
