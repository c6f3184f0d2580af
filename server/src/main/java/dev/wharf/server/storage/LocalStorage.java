package dev.wharf.server.storage;

import dev.wharf.server.fs.FileView;
import dev.wharf.server.fs.PathRefusedException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Storage in a folder of any {@code java.nio.file} provider: the local disk, Jimfs, a zip file.
 * Confinement is FileView's: {@code ..} cannot climb (StoragePath has none) and a link that leads
 * out of the root is refused wherever it sits in a path. Uploads are {@link LocalUpload}s.
 */
public final class LocalStorage extends Storage {
    /** Upload temporaries are named {@code .wharf-upload-<uuid>.tmp}; names with this prefix are reserved. */
    public static final String UPLOAD_TEMP_PREFIX = ".wharf-upload-";
    public static final String UPLOAD_TEMP_SUFFIX = ".tmp";

    private final FileView confinement;
    private final Path root;
    private final boolean posix;
    private final boolean zeroCopy;
    private final Set<Capability> capabilities;
    private final long flushEvery;
    private final UploadSync sync;

    /** The storage in {@code root}, which is created if missing. */
    public LocalStorage(Path root) throws IOException {
        this(root, UploadSync.ON_CLOSE);
    }

    /** As {@link #LocalStorage(Path)}, with uploads flushed to the disk before their commit or not. */
    public LocalStorage(Path root, UploadSync sync) throws IOException {
        this(root, LocalUpload.FLUSH_EVERY, sync);
    }

    /** {@code flushEvery}: how many bytes an upload writes between background flushes. */
    LocalStorage(Path root, long flushEvery) throws IOException {
        this(root, flushEvery, UploadSync.ON_CLOSE);
    }

    private LocalStorage(Path root, long flushEvery, UploadSync sync) throws IOException {
        this.confinement = new FileView(root);
        this.root = confinement.root();
        this.posix = root.getFileSystem().supportedFileAttributeViews().contains("posix");
        // Only the default provider's FileChannel.transferTo reaches the kernel's sendfile.
        this.zeroCopy = root.getFileSystem().equals(FileSystems.getDefault());
        var caps = EnumSet.of(Capability.RANDOM_ACCESS_WRITE, Capability.APPEND, Capability.ATOMIC_RENAME,
                Capability.SET_MTIME);
        if (posix) {
            caps.add(Capability.CHMOD);
        }
        if (zeroCopy) {
            caps.add(Capability.ZERO_COPY_SEND);
        }
        this.capabilities = Collections.unmodifiableSet(caps);
        this.flushEvery = sync == UploadSync.OFF ? Long.MAX_VALUE : flushEvery; // OFF: no background flushes either
        this.sync = sync;
    }

    /** True for the name of an upload temporary, or of anything else a client may not address. */
    public static boolean isReservedName(String name) {
        return name.startsWith(UPLOAD_TEMP_PREFIX);
    }

    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    /**
     * The real path, confined as FileView confines it; and each name must stay one name here: on
     * Windows {@code a\b} would be two and {@code C:x} another drive.
     */
    private Path real(StoragePath path) throws IOException {
        for (String name : path.names()) {
            if (isReservedName(name)) {
                throw new PathRefusedException("Names starting with " + UPLOAD_TEMP_PREFIX + " are reserved", true);
            }
        }
        Path real = confinement.toReal(path.toString());
        if (!real.startsWith(root) || real.getNameCount() != root.getNameCount() + path.names().size()) {
            throw new PathRefusedException("File name not allowed: " + path.name(), true);
        }
        return real;
    }

    // ---- reading ----

    @Override
    protected StorageEntry readEntry(StoragePath path) throws IOException {
        return entry(path.name(), attributes(real(path), path));
    }

    /**
     * Folders of up to this many entries are listed sorted by name; larger ones stream in the file
     * system's order, so that a listing of a million files never holds them all (sorting would).
     */
    public static final int SORTED_UP_TO = 10_000;

    @Override
    protected List<StorageEntry> readFolder(StoragePath folder) throws IOException {
        var entries = new ArrayList<StorageEntry>();
        walkFolder(folder, entries::add);
        return entries;
    }

    @Override
    protected void walkFolder(StoragePath folder, EntrySink sink) throws IOException {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(real(folder))) {
            Iterator<Path> it = children.iterator();
            var first = new ArrayList<Path>();
            while (it.hasNext() && first.size() <= SORTED_UP_TO) {
                first.add(it.next());
            }
            if (!it.hasNext()) {
                first.sort(null);
            }
            for (Path child : first) {
                emit(child, folder, sink);
            }
            first = null; // a large folder: what was read ahead is no longer held
            while (it.hasNext()) {
                emit(it.next(), folder, sink);
            }
        } catch (java.nio.file.DirectoryIteratorException e) {
            throw e.getCause();
        }
    }

    private void emit(Path child, StoragePath folder, EntrySink sink) throws IOException {
        String name = child.getFileName().toString();
        if (isReservedName(name)) {
            return;
        }
        StorageEntry entry;
        try {
            entry = listed(child, folder.resolve(name));
        } catch (IOException e) {
            return; // vanished, unreadable, or a link out of the root: left out rather than fail the listing
        }
        sink.accept(entry);
    }

    /** One read for a plain entry; a link is followed only after FileView has checked where it leads. */
    private StorageEntry listed(Path child, StoragePath path) throws IOException {
        BasicFileAttributes own = attributes(child, path, LinkOption.NOFOLLOW_LINKS);
        return entry(path.name(), own.isSymbolicLink() ? attributes(real(path), path) : own);
    }

    private BasicFileAttributes attributes(Path real, StoragePath path, LinkOption... options) throws IOException {
        try {
            return posix ? Files.readAttributes(real, PosixFileAttributes.class, options)
                    : Files.readAttributes(real, BasicFileAttributes.class, options);
        } catch (FileSystemException e) {
            // ENOTDIR: a name under a file (a.txt/b) is simply not there.
            if (e.getClass() == FileSystemException.class && e.getReason() != null
                    && e.getReason().toLowerCase(Locale.ROOT).contains("not a directory")) {
                throw new NoSuchFileException(path.toString());
            }
            throw e;
        }
    }

    private static StorageEntry entry(String name, BasicFileAttributes a) {
        var type = a.isDirectory() ? StorageEntry.Type.DIRECTORY
                : a.isRegularFile() ? StorageEntry.Type.FILE : StorageEntry.Type.OTHER;
        Optional<Set<PosixFilePermission>> permissions = a instanceof PosixFileAttributes p
                ? Optional.of(p.permissions()) : Optional.empty();
        // RFC 3659 7.5.2: the same as the MLSx "unique" fact has always been here.
        Object key = a.fileKey();
        Optional<String> identity = key == null ? Optional.empty()
                : Optional.of(Integer.toHexString(key.hashCode()) + Long.toHexString(a.creationTime().toMillis()));
        return new StorageEntry(name, type, a.size(), a.lastModifiedTime().toInstant(), permissions, identity);
    }

    @Override
    protected Download openReader(StoragePath file, long offset) throws IOException {
        Path real = real(file);
        if (attributes(real, file).isDirectory()) {
            throw isADirectory(file);
        }
        FileChannel channel = FileChannel.open(real, StandardOpenOption.READ);
        try {
            long size = channel.size();
            if (offset > size) {
                throw new OffsetBeyondEndException(offset, size);
            }
            channel.position(offset);
            return new LocalDownload(channel, size, zeroCopy);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    // ---- writing ----

    @Override
    protected Upload openUpload(StoragePath file, WriteMode mode) throws IOException {
        Path target = real(file);
        return switch (mode) {
            case WriteMode.Replace r -> LocalUpload.viaTemporary(target, false, flushEvery, sync);
            case WriteMode.CreateNew c -> {
                // The name is taken by creating the file (atomic): a name that was only checked
                // could be picked by a concurrent STOU too, and one upload would replace the other.
                Files.createFile(target);
                try {
                    yield LocalUpload.viaTemporary(target, true, flushEvery, sync);
                } catch (IOException | RuntimeException e) {
                    Files.deleteIfExists(target);
                    throw e;
                }
            }
            case WriteMode.Append a -> LocalUpload.inPlace(FileChannel.open(target,
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND), flushEvery, sync);
            case WriteMode.AtOffset(long offset) -> LocalUpload.inPlace(openAt(target, offset), flushEvery, sync);
        };
    }

    /** RFC 3659 5.5: REST then STOR keeps the bytes before the offset and rewrites the rest. */
    private static FileChannel openAt(Path target, long offset) throws IOException {
        FileChannel channel;
        try {
            // Created only when nothing is kept: a missing file has no bytes before a later offset.
            channel = offset == 0
                    ? FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE)
                    : FileChannel.open(target, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            throw new OffsetBeyondEndException(offset, 0);
        }
        try {
            long size = channel.size();
            if (offset > size) {
                throw new OffsetBeyondEndException(offset, size);
            }
            channel.truncate(offset);
            channel.position(offset);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    protected void createFolder(StoragePath folder) throws IOException {
        Files.createDirectory(real(folder));
    }

    @Override
    protected void removeFolder(StoragePath folder) throws IOException {
        Path real = real(folder);
        // A link to a folder is not a folder: RMD would remove the link and leave its target.
        if (!attributes(real, folder, LinkOption.NOFOLLOW_LINKS).isDirectory()) {
            throw new NotDirectoryException(folder.toString());
        }
        Files.delete(real);
    }

    @Override
    protected void removeFile(StoragePath file) throws IOException {
        Path real = real(file);
        // NOFOLLOW: DELE of a link to a folder removes the link, as rm does.
        if (attributes(real, file, LinkOption.NOFOLLOW_LINKS).isDirectory()) {
            throw isADirectory(file);
        }
        Files.delete(real);
    }

    @Override
    protected void move(StoragePath from, StoragePath to) throws IOException {
        LocalUpload.moveReplacing(real(from), real(to));
    }

    @Override
    protected void writeModified(StoragePath path, Instant time) throws IOException {
        Files.setLastModifiedTime(real(path), FileTime.from(time));
    }

    @Override
    protected void writePermissions(StoragePath path, Set<PosixFilePermission> permissions) throws IOException {
        Files.setPosixFilePermissions(real(path), permissions);
    }
}
