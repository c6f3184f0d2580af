package dev.wharf.server.auth;

import java.nio.file.Path;

/** An account that can log in: its name, its home folder (the root it is confined to) and its rights. */
public record User(String name, Path home, boolean writable) {
    public static final String ANONYMOUS = "anonymous";
}
