package dev.wharf.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recursive one-way synchronization between a remote and a local directory. A file is copied when
 * the target lacks it or its size or modification time differs; afterwards the target gets the
 * source's modification time (locally, or on the server with MFMT / MDTM), so an unchanged file is
 * skipped next time. Times are compared to the second, from MLSD or MDTM (both UTC); when the
 * server gives no exact time, equal sizes count as unchanged.
 */
final class Mirror {
    private static final Logger LOG = LoggerFactory.getLogger(Mirror.class);

    private final FtpsSession session;
    private final MirrorOptions options;
    private final List<String> transferred = Collections.synchronizedList(new ArrayList<>());
    private final List<String> deleted = new ArrayList<>();
    private final AtomicLong bytes = new AtomicLong();
    private int unchanged;

    Mirror(FtpsSession session, MirrorOptions options) {
        this.session = session;
        this.options = options;
    }

    MirrorResult down(String remoteDir, Path localDir) throws IOException {
        String base = absolute(remoteDir);
        var remote = new RemoteTree();
        remote.walk(session, base);
        Files.createDirectories(localDir);
        for (String dir : remote.dirs.keySet()) {
            Files.createDirectories(local(localDir, dir));
        }
        var tasks = new ArrayList<SessionTask>();
        for (var e : remote.files.entrySet()) {
            String rel = e.getKey();
            RemoteFile file = e.getValue();
            Path target = local(localDir, rel);
            Instant remoteTime = exactTime(file);
            if (Files.exists(target) && Files.size(target) == file.size()
                    && (remoteTime == null || sameSecond(remoteTime, Files.getLastModifiedTime(target).toInstant()))) {
                unchanged++;
                continue;
            }
            tasks.add(s -> {
                TransferResult r = s.download(file.path(), target);
                if (remoteTime != null) {
                    Files.setLastModifiedTime(target, FileTime.from(remoteTime));
                }
                record(rel, r);
            });
        }
        ParallelSessions.run(session.client(), session, options.parallelism(), tasks);
        if (options.delete()) {
            deleteLocalExtras(localDir, remote);
        }
        return new MirrorResult(sorted(transferred), unchanged, deleted, bytes.get());
    }

    MirrorResult up(Path localDir, String remoteDir) throws IOException {
        if (!Files.isDirectory(localDir)) {
            throw new IOException(localDir + " is not a directory");
        }
        String base = absolute(remoteDir);
        var remote = new RemoteTree();
        if (!session.isDirectory(base)) {
            mkdirs(base);
        } else {
            remote.walk(session, base);
        }
        var localDirs = new TreeMap<String, Path>();
        var localFiles = new TreeMap<String, Path>();
        try (Stream<Path> walk = Files.walk(localDir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (p.equals(localDir)) {
                    continue;
                }
                String rel = relative(localDir, p);
                if (Files.isDirectory(p)) {
                    localDirs.put(rel, p);
                } else if (Files.isRegularFile(p)) {
                    localFiles.put(rel, p);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        for (String relative : localDirs.keySet()) { // sorted: parents before children
            if (!remote.dirs.containsKey(relative)) {
                session.mkdir(RemoteFile.join(base, relative));
            }
        }
        boolean canSetTime = session.canSetModificationTime();
        var tasks = new ArrayList<SessionTask>();
        for (var e : localFiles.entrySet()) {
            String rel = e.getKey();
            Path source = e.getValue();
            Instant localTime = Files.getLastModifiedTime(source).toInstant().truncatedTo(ChronoUnit.SECONDS);
            RemoteFile existing = remote.files.get(rel);
            if (existing != null && existing.size() == Files.size(source)) {
                Instant remoteTime = exactTime(existing);
                boolean same = remoteTime == null
                        || (canSetTime ? sameSecond(remoteTime, localTime) : !localTime.isAfter(remoteTime));
                if (same) {
                    unchanged++;
                    continue;
                }
            }
            String target = RemoteFile.join(base, rel);
            tasks.add(s -> {
                TransferResult r = s.upload(source, target);
                if (canSetTime) {
                    try {
                        s.setModificationTime(target, localTime);
                    } catch (FtpsReplyException ex) {
                        LOG.debug("cannot set the modification time of {}: {}", target, ex.getMessage());
                    }
                }
                record(rel, r);
            });
        }
        ParallelSessions.run(session.client(), session, options.parallelism(), tasks);
        if (options.delete()) {
            for (String rel : remote.files.keySet()) {
                if (!localFiles.containsKey(rel)) {
                    session.delete(RemoteFile.join(base, rel));
                    deleted.add(rel);
                }
            }
            for (String rel : deepestFirst(remote.dirs.keySet())) {
                if (!localDirs.containsKey(rel)) {
                    session.rmdir(RemoteFile.join(base, rel));
                    deleted.add(rel + "/");
                }
            }
        }
        return new MirrorResult(sorted(transferred), unchanged, deleted, bytes.get());
    }

    private void record(String rel, TransferResult r) {
        transferred.add(rel);
        bytes.addAndGet(r.bytes());
    }

    private void deleteLocalExtras(Path localDir, RemoteTree remote) throws IOException {
        List<Path> all;
        try (Stream<Path> walk = Files.walk(localDir)) {
            all = walk.filter(p -> !p.equals(localDir)).sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : all) { // children before their directories
            String rel = relative(localDir, p);
            boolean isDir = Files.isDirectory(p);
            boolean keep = isDir ? remote.dirs.containsKey(rel) : remote.files.containsKey(rel);
            if (!keep) {
                Files.delete(p);
                deleted.add(isDir ? rel + "/" : rel);
            }
        }
        Collections.sort(deleted);
    }

    /** The exact (UTC, to the second) modification time: MLSD's, or MDTM's; null when not to be had. */
    private Instant exactTime(RemoteFile f) throws IOException {
        if (f.modifiedExact()) {
            return f.modified();
        }
        if (session.features().mdtm()) {
            try {
                return session.modificationTime(f.path());
            } catch (FtpsReplyException e) {
                return null;
            }
        }
        return null;
    }

    private void mkdirs(String path) throws IOException {
        var missing = new ArrayDeque<String>();
        for (String p = path; p.length() > 1 && !session.isDirectory(p); p = parent(p)) {
            missing.push(p);
        }
        while (!missing.isEmpty()) {
            session.mkdir(missing.pop());
        }
    }

    private String absolute(String remoteDir) throws IOException {
        if (remoteDir.startsWith("/")) {
            return remoteDir;
        }
        return RemoteFile.join(session.pwd(), remoteDir.equals(".") ? "" : remoteDir);
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    private static boolean sameSecond(Instant a, Instant b) {
        return a.truncatedTo(ChronoUnit.SECONDS).equals(b.truncatedTo(ChronoUnit.SECONDS));
    }

    private static Path local(Path base, String rel) {
        Path p = base;
        for (String part : rel.split("/")) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw new IllegalArgumentException("refusing a remote name that leaves the target folder: " + rel);
            }
            p = p.resolve(part);
        }
        return p;
    }

    private static String relative(Path base, Path p) {
        return base.relativize(p).toString().replace(java.io.File.separatorChar, '/');
    }

    private static List<String> deepestFirst(java.util.Collection<String> paths) {
        var list = new ArrayList<>(paths);
        list.sort(Comparator.comparingInt((String s) -> s.split("/").length).reversed().thenComparing(Comparator.reverseOrder()));
        return list;
    }

    private static List<String> sorted(List<String> list) {
        var copy = new ArrayList<>(list);
        Collections.sort(copy);
        return copy;
    }

    /** A remote directory tree by relative path ({@code a/b.txt}). */
    private static final class RemoteTree {
        final Map<String, RemoteFile> files = new TreeMap<>();
        final Map<String, RemoteFile> dirs = new TreeMap<>();

        void walk(FtpsSession session, String base) throws IOException {
            var pending = new ArrayDeque<String>();
            pending.add("");
            while (!pending.isEmpty()) {
                String rel = pending.poll();
                for (RemoteFile f : session.list(rel.isEmpty() ? base : RemoteFile.join(base, rel))) {
                    String childRel = rel.isEmpty() ? f.name() : rel + "/" + f.name();
                    if (f.isDirectory()) {
                        dirs.put(childRel, f);
                        pending.add(childRel);
                    } else if (f.isFile()) {
                        files.put(childRel, f);
                    }
                }
            }
        }
    }
}
