package dev.wharf.server.storage;

import dev.wharf.server.fs.PathRefusedException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One user's files: a tree under a root that nothing here can leave. Command handlers call the
 * public methods; a backend implements the protected ones and {@link #capabilities()}. The public
 * methods are final because they hold the rules every backend must share: an operation that needs
 * a missing capability fails before touching anything, the root is never removed or renamed,
 * writes need an existing parent folder. See docs/storage.md.
 *
 * <p>Failures are {@link IOException}s of the {@code java.nio.file} kinds ({@link NoSuchFileException},
 * {@link FileAlreadyExistsException}, {@link NotDirectoryException}, {@code DirectoryNotEmptyException},
 * {@code AccessDeniedException}, a {@link FileSystemException} with reason "Is a directory"),
 * {@link PathRefusedException}, {@link UnsupportedCapabilityException} and
 * {@link OffsetBeyondEndException}; {@link StorageErrors} makes any of them a reply.
 *
 * <p>A storage is thread-safe: all sessions of its users share it.
 */
public abstract class Storage {
    protected Storage() {}

    /** What this backend can do beyond the basics; the same set for the storage's whole life. */
    public abstract Set<Capability> capabilities();

    public final boolean can(Capability capability) {
        return capabilities().contains(capability);
    }

    /** Throws {@link UnsupportedCapabilityException} unless this storage has {@code capability}. */
    public final void require(Capability capability) throws UnsupportedCapabilityException {
        if (!can(capability)) {
            throw new UnsupportedCapabilityException(capability);
        }
    }

    // ---- reading ----

    /** The facts of a file or folder; {@link NoSuchFileException} if there is none. */
    public final StorageEntry stat(StoragePath path) throws IOException {
        return readEntry(path);
    }

    /** {@link #stat}, or empty if nothing has that path. */
    public final Optional<StorageEntry> find(StoragePath path) throws IOException {
        try {
            return Optional.of(readEntry(path));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * The entries of a folder, without uploads in progress; an entry that vanishes or cannot be read
     * while listing is left out rather than failing the listing. Sorted by name, as
     * {@link #forEachEntry} gives them; all in memory, so for a folder of any size use that instead.
     */
    public final List<StorageEntry> list(StoragePath folder) throws IOException {
        return readFolder(folder);
    }

    /** Takes the entries of a listing one at a time. */
    @FunctionalInterface
    public interface EntrySink {
        void accept(StorageEntry entry) throws IOException;
    }

    /**
     * Gives {@code sink} each entry of a folder as it is read, so that a listing of any size takes
     * bounded memory (LIST, NLST and MLSD stream this way). The rules of {@link #list} hold; the order
     * is by name where the backend can afford it (a local folder of up to
     * {@link LocalStorage#SORTED_UP_TO} entries), else the backend's own. The folder is checked before
     * the first entry: a missing folder or a file throws before {@code sink} is called.
     */
    public final void forEachEntry(StoragePath folder, EntrySink sink) throws IOException {
        walkFolder(folder, sink);
    }

    /**
     * Opens a file to read from {@code offset} (REST, a HASH range): {@link OffsetBeyondEndException}
     * past its end, "Is a directory" for a folder.
     */
    public final Download openRead(StoragePath file, long offset) throws IOException {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        if (file.isRoot()) {
            throw isADirectory(file);
        }
        return openReader(file, offset);
    }

    // ---- writing ----

    /**
     * Opens a file to write as {@code mode} says; nothing is published before {@link Upload#commit()}
     * where the mode promises so. The parent folder must exist, and {@code file} must not be a folder.
     */
    public final Upload openWrite(StoragePath file, WriteMode mode) throws IOException {
        Optional<Capability> needed = mode.requires();
        if (needed.isPresent()) {
            require(needed.get());
        }
        if (file.isRoot()) {
            throw isADirectory(file);
        }
        requireFolder(file.parent());
        Optional<StorageEntry> existing = find(file);
        if (existing.isPresent() && existing.get().isDirectory()) {
            throw isADirectory(file);
        }
        if (existing.isPresent() && mode instanceof WriteMode.CreateNew) {
            throw new FileAlreadyExistsException(file.toString());
        }
        return openUpload(file, mode);
    }

    /** Creates an empty folder in an existing one; {@link FileAlreadyExistsException} if the name is taken. */
    public final void mkdir(StoragePath folder) throws IOException {
        if (folder.isRoot()) {
            throw new FileAlreadyExistsException(folder.toString());
        }
        requireFolder(folder.parent());
        createFolder(folder);
    }

    /** Removes an empty folder. */
    public final void rmdir(StoragePath folder) throws IOException {
        if (folder.isRoot()) {
            throw new PathRefusedException("Your home folder cannot be removed", false);
        }
        removeFolder(folder);
    }

    /** Removes a file; "Is a directory" for a folder (RMD removes those). */
    public final void delete(StoragePath file) throws IOException {
        if (file.isRoot()) {
            throw isADirectory(file);
        }
        removeFile(file);
    }

    /**
     * Renames a file or a folder, atomically where the storage has {@link Capability#ATOMIC_RENAME}.
     * A file replaces a file of the target name; nothing replaces a folder ("Is a directory" for
     * a file, "Already exists" for a folder), and a folder replaces nothing, nor moves into itself.
     */
    public final void rename(StoragePath from, StoragePath to) throws IOException {
        if (from.isRoot() || to.isRoot()) {
            throw new PathRefusedException("Your home folder cannot be renamed", false);
        }
        StorageEntry source = readEntry(from);
        if (from.equals(to)) {
            return;
        }
        if (source.isDirectory() && to.startsWith(from)) {
            throw new PathRefusedException("A folder cannot be moved into itself", false);
        }
        requireFolder(to.parent());
        Optional<StorageEntry> existing = find(to);
        if (existing.isPresent() && source.isDirectory()) {
            throw new FileAlreadyExistsException(to.toString());
        }
        if (existing.isPresent() && existing.get().isDirectory()) {
            throw isADirectory(to);
        }
        move(from, to);
    }

    /** MFMT: sets the modification time of a file or folder; needs {@link Capability#SET_MTIME}. */
    public final void setModified(StoragePath path, Instant time) throws IOException {
        require(Capability.SET_MTIME);
        writeModified(path, time);
    }

    /** SITE CHMOD: sets the Unix permissions of a file or folder; needs {@link Capability#CHMOD}. */
    public final void chmod(StoragePath path, Set<PosixFilePermission> permissions) throws IOException {
        require(Capability.CHMOD);
        writePermissions(path, Set.copyOf(permissions));
    }

    private void requireFolder(StoragePath folder) throws IOException {
        StorageEntry parent = find(folder).orElseThrow(() -> new NoSuchFileException(folder.toString()));
        if (!parent.isDirectory()) {
            throw new NotDirectoryException(folder.toString());
        }
    }

    /** "Is a directory", the reason FileErrors recognises; it names the client's path only. */
    protected static FileSystemException isADirectory(StoragePath path) {
        return new FileSystemException(path.toString(), null, "Is a directory");
    }

    // ---- what a backend implements; the public method's rules hold when these are called ----

    /** Facts of what {@code path} leads to, links followed; {@link NoSuchFileException} if nothing. */
    protected abstract StorageEntry readEntry(StoragePath path) throws IOException;

    /** As {@link #list}: sorted by name, without uploads in progress or entries that vanished. */
    protected abstract List<StorageEntry> readFolder(StoragePath folder) throws IOException;

    /**
     * As {@link #forEachEntry}. This default reads the whole folder with {@link #readFolder}; a
     * backend that can read entries as they come (pages of an object listing, a directory stream)
     * overrides it.
     */
    protected void walkFolder(StoragePath folder, EntrySink sink) throws IOException {
        for (StorageEntry e : readFolder(folder)) {
            sink.accept(e);
        }
    }

    /** {@code file} is not the root and {@code offset >= 0}. */
    protected abstract Download openReader(StoragePath file, long offset) throws IOException;

    /**
     * The parent is a folder, {@code file} is not one, and the mode's capability is there. For
     * CREATE_NEW the name must be taken atomically here: the check before this call can race.
     */
    protected abstract Upload openUpload(StoragePath file, WriteMode mode) throws IOException;

    /** The parent is a folder. */
    protected abstract void createFolder(StoragePath folder) throws IOException;

    /** Not the root: {@link NotDirectoryException} for a file, {@code DirectoryNotEmptyException} if not empty. */
    protected abstract void removeFolder(StoragePath folder) throws IOException;

    /** Not the root: "Is a directory" ({@link #isADirectory}) for a folder. */
    protected abstract void removeFile(StoragePath file) throws IOException;

    /** The source exists, the target's parent is a folder, and replacing is allowed if the target exists. */
    protected abstract void move(StoragePath from, StoragePath to) throws IOException;

    /** Called only if {@link #capabilities()} has {@link Capability#SET_MTIME}. */
    protected void writeModified(StoragePath path, Instant time) throws IOException {
        throw new UnsupportedCapabilityException(Capability.SET_MTIME);
    }

    /** Called only if {@link #capabilities()} has {@link Capability#CHMOD}. */
    protected void writePermissions(StoragePath path, Set<PosixFilePermission> permissions) throws IOException {
        throw new UnsupportedCapabilityException(Capability.CHMOD);
    }
}
