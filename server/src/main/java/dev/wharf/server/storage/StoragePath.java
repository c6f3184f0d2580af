package dev.wharf.server.storage;

import dev.wharf.server.fs.PathRefusedException;
import java.util.ArrayList;
import java.util.List;

/**
 * A path inside one storage, from its root: {@code /docs/a.txt}. It is the path the client sees,
 * so it may be named in replies; where the backend keeps the file, it never says.
 *
 * <p>Every value is already normal: its names are never empty, {@code .} or {@code ..}, and hold
 * neither {@code /} nor NUL. So a backend maps it name by name and cannot be led above its root
 * by the path itself; links and a backend's own separators are the backend's to refuse.
 */
public final class StoragePath {
    public static final StoragePath ROOT = new StoragePath(List.of());

    private final List<String> names;

    private StoragePath(List<String> names) {
        this.names = names;
    }

    /**
     * The path of {@code /a/b} or {@code a/b}, both from the root. Empty and {@code .} names are
     * skipped; {@code ..} is refused, not resolved: it is resolved against the session's working
     * directory before a path reaches storage ({@code FileView.virtualPath}), so a {@code ..} here
     * can only be an attempt to climb.
     */
    public static StoragePath of(String path) throws PathRefusedException {
        var names = new ArrayList<String>();
        for (String name : path.split("/")) {
            if (!name.isEmpty() && !name.equals(".")) {
                names.add(checkedName(name));
            }
        }
        return new StoragePath(List.copyOf(names));
    }

    /** The entry {@code name} inside this folder; {@code name} is one name, not a path. */
    public StoragePath resolve(String name) throws PathRefusedException {
        if (name.isEmpty() || name.equals(".") || name.indexOf('/') >= 0) {
            throw new PathRefusedException("Not a single file name: " + name, true);
        }
        var longer = new ArrayList<String>(names.size() + 1);
        longer.addAll(names);
        longer.add(checkedName(name));
        return new StoragePath(List.copyOf(longer));
    }

    private static String checkedName(String name) throws PathRefusedException {
        if (name.equals("..")) {
            throw new PathRefusedException("'..' is not allowed in a storage path", false);
        }
        if (name.indexOf('\0') >= 0) {
            throw new PathRefusedException("File names cannot contain NUL characters", true);
        }
        return name;
    }

    public boolean isRoot() {
        return names.isEmpty();
    }

    /** The last name; empty for the root. */
    public String name() {
        return names.isEmpty() ? "" : names.getLast();
    }

    /** The folder holding this entry; null for the root, which has none. */
    public StoragePath parent() {
        return names.isEmpty() ? null : new StoragePath(names.subList(0, names.size() - 1));
    }

    /** The names from the root down, unmodifiable. */
    public List<String> names() {
        return names;
    }

    /** True if {@code other} is this path or a folder above it. */
    public boolean startsWith(StoragePath other) {
        return names.size() >= other.names.size() && names.subList(0, other.names.size()).equals(other.names);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoragePath p && p.names.equals(names);
    }

    @Override
    public int hashCode() {
        return names.hashCode();
    }

    /** {@code /} or {@code /docs/a.txt}: the client's form, as FileView.virtualPath gives it. */
    @Override
    public String toString() {
        return "/" + String.join("/", names);
    }
}
