package dev.wharf.server.storage;

import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a listing, MLST, SIZE and MDTM tell about one entry, read once (RFC 3659 7.5).
 *
 * @param name        the entry's name in its folder; empty for the root
 * @param size        bytes of a file, as a TYPE I transfer sends them; a folder's is the backend's
 * @param permissions Unix permissions ({@code UNIX.mode}, the {@code ls -l} column), where the
 *                    backend has them
 * @param identity    the same for two names of one file and different for different files
 *                    (the {@code unique} fact), where the backend can tell
 */
public record StorageEntry(String name, Type type, long size, Instant modified,
                           Optional<Set<PosixFilePermission>> permissions, Optional<String> identity) {
    public enum Type {
        FILE,
        DIRECTORY,
        /** Neither, e.g. a device or a pipe: listed, but never transferred. */
        OTHER
    }

    public StorageEntry {
        Objects.requireNonNull(name);
        Objects.requireNonNull(type);
        Objects.requireNonNull(modified);
        permissions = permissions.map(Set::copyOf);
        Objects.requireNonNull(identity);
    }

    public boolean isDirectory() {
        return type == Type.DIRECTORY;
    }

    public boolean isFile() {
        return type == Type.FILE;
    }

    /** The same facts under another name: MLST names the entry by its whole path, MLSD's cdir by ".". */
    public StorageEntry withName(String otherName) {
        return new StorageEntry(otherName, type, size, modified, permissions, identity);
    }
}
