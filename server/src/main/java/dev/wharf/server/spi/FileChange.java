package dev.wharf.server.spi;

/**
 * A change a client made to the file system, other than an upload (see {@link Transfer}).
 *
 * @param path the client's (virtual) path
 * @param to   the new path of a rename, null otherwise
 */
public record FileChange(Kind kind, String path, String to) {
    public enum Kind { MKDIR, RMDIR, DELETE, RENAME, CHMOD, SET_MODIFIED }
}
