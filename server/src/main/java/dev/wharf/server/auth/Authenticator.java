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
}
