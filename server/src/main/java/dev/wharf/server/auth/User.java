package dev.wharf.server.auth;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * An account that can log in: its name, its home folder (the root it is confined to, on any
 * {@code java.nio.file} provider) and its rights.
 */
public record User(String name, Path home, Set<Permission> permissions) {
    public static final String ANONYMOUS = "anonymous";

    public User {
        permissions = permissions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(permissions));
    }

    /** A {@code rw} (every right) or {@code ro} (list and download) user. */
    public User(String name, Path home, boolean writable) {
        this(name, home, writable ? Permission.all() : Permission.readOnly());
    }

    public boolean may(Permission p) {
        return permissions.contains(p);
    }

    /** Whether the user may change anything at all (MLSx "perm" facts, HELP texts). */
    public boolean writable() {
        return permissions.stream().anyMatch(p -> p != Permission.LIST && p != Permission.READ);
    }
}
