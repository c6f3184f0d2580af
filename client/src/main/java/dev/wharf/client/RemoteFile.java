package dev.wharf.client;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One entry of a remote directory listing.
 *
 * @param path             the full remote path (the listed directory, a slash, the name)
 * @param name             the entry's name
 * @param type             file, directory, symbolic link or something else
 * @param size             bytes, or -1 when the listing did not say
 * @param modified         the last modification time, or null when unknown
 * @param modifiedExact    true when {@code modified} is exact to the second and in UTC (MLSD, MDTM);
 *                         false for LIST times, which are server-local and to the minute or day
 * @param permissions      MLSD {@code perm} fact or the LIST mode string ({@code -rw-r--r--}), or empty
 * @param linkTarget       the target of a symbolic link when the listing shows it, or null
 */
public record RemoteFile(String path, String name, Type type, long size, Instant modified, boolean modifiedExact,
                         String permissions, String linkTarget) {

    public enum Type { FILE, DIRECTORY, SYMBOLIC_LINK, OTHER }

    public boolean isFile() {
        return type == Type.FILE;
    }

    public boolean isDirectory() {
        return type == Type.DIRECTORY;
    }

    public OptionalLong sizeIfKnown() {
        return size < 0 ? OptionalLong.empty() : OptionalLong.of(size);
    }

    public Optional<Instant> modifiedIfKnown() {
        return Optional.ofNullable(modified);
    }

    RemoteFile withModified(Instant exact) {
        return new RemoteFile(path, name, type, size, exact, true, permissions, linkTarget);
    }

    /** {@code dir} and {@code name} joined with exactly one slash. */
    static String join(String dir, String name) {
        if (dir == null || dir.isEmpty() || dir.equals(".")) {
            return name;
        }
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }
}
