package dev.wharf.server.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import dev.wharf.server.fs.Poller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link UsersFile} of a running server, read again when it changes, so that {@code wharf user
 * add|passwd|remove} or an edit by hand takes effect for the next login without a restart. Those who
 * {@link #watch} it are told which users changed or went.
 *
 * <p>While it is watched, the file is polled about once a second: its modification time, size and
 * file key (device and inode, following a symbolic link) are compared with those of the version read
 * last. {@code wharf user} renames a new file over the old one (a new inode), editors may rewrite it in
 * place (a new time or size): both show. Not a WatchService: it would have to watch the whole folder
 * and follow renames, on macOS the JDK's implementation polls every few seconds anyway, and on network
 * file systems it sees nothing, so the periodic check would be needed as a fallback all the same. One
 * stat a second costs nothing.
 *
 * <p>The users read before stay in force, with one warning until the file changes again, when the
 * new version does not parse (the warning names file:line and the problem), cannot be read, or is
 * gone: a deleted users file is more likely an accident than a wish to lock everyone out; to refuse
 * everyone, leave the file with no users in it.
 */
public final class WatchedUsersFile implements Authenticator {
    private static final Logger LOG = LoggerFactory.getLogger(WatchedUsersFile.class);
    static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
    /** FAT steps modification times by 2 s, ext3 and HFS+ by 1 s: younger times may hide a rewrite. */
    private static final Duration COARSEST_TIMESTAMP = Duration.ofSeconds(2);

    /** Where the watcher's news goes: the server's log, or a test's list. */
    interface Log {
        void info(String line);

        void warn(String line);
    }

    private static final Log SERVER_LOG = new Log() {
        @Override
        public void info(String line) {
            LOG.info("{}", line);
        }

        @Override
        public void warn(String line) {
            LOG.warn("{}", line);
        }
    };

    private record Stamp(FileTime modified, long size, Object fileKey) {
        static Stamp of(Path file) throws IOException {
            var a = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(a.lastModifiedTime(), a.size(), a.fileKey());
        }
    }

    private final Path file;
    private final Log log;
    private final UserChangeListeners listeners = new UserChangeListeners();
    private volatile UsersFile users;

    // Guarded by this.
    private Stamp readStamp;     // of the version read last; null while the file is missing
    private boolean readSettled; // readStamp was old enough that the same stamp means the same content
    private Stamp candidate;     // a new stamp: read once it has stood still for one poll
    private byte[] readDigest;   // of the content read last, whether it parsed or not
    private String problem;      // the reading problem logged last, so that it is logged once
    private Thread poller;

    private WatchedUsersFile(Path file, Log log) {
        this.file = file;
        this.log = log;
    }

    /**
     * Reads {@code file}; a missing file is no users, as for {@link UsersFile#load}. Unlike a later
     * change, a file that does not parse now is an error: there are no users read before to keep.
     */
    public static WatchedUsersFile open(Path file) throws IOException {
        return open(file, SERVER_LOG);
    }

    static WatchedUsersFile open(Path file, Log log) throws IOException {
        var watched = new WatchedUsersFile(file, log);
        synchronized (watched) {
            try {
                Stamp stamp = Stamp.of(file);
                byte[] content = Files.readAllBytes(file);
                watched.users = UsersFile.parse(file, content);
                watched.remember(stamp, content);
            } catch (NoSuchFileException e) {
                watched.users = UsersFile.load(file);
            }
        }
        return watched;
    }

    @Override
    public Optional<User> authenticate(String name, String password) {
        return users.authenticate(name, password);
    }

    @Override
    public AuthResult authenticate(LoginRequest request) {
        return users.authenticate(request);
    }

    @Override
    public List<Path> homes() {
        return users.homes();
    }

    /** The users now in force. */
    UsersFile users() {
        return users;
    }

    /** Tells {@code listener} of every change read from now on; the file is polled while anyone watches. */
    @Override
    public synchronized Subscription watch(UserChanges listener) {
        Subscription subscription = listeners.add(listener);
        if (poller == null) {
            poller = Poller.every(POLL_INTERVAL, "wharf-users-file", this::check, LOG, "the users file " + file);
            poller.start();
        }
        return () -> unwatch(subscription);
    }

    private synchronized void unwatch(Subscription subscription) {
        subscription.close();
        if (listeners.isEmpty() && poller != null) {
            poller.interrupt();
            poller = null;
        }
    }

    /** One look at the file: the poller's step, called directly by tests. */
    void check() {
        UsersFile.Changes changes;
        synchronized (this) {
            if (Thread.currentThread().isInterrupted()) {
                return; // an unwatched poller: reading now would fail with ClosedByInterruptException
            }
            changes = look();
        }
        tell(changes);
    }

    /**
     * Reads the file now, without waiting for it to stand still: whoever asks for a reload (SIGHUP
     * after an edit, {@link UserAdmin} after its atomic write) says it is complete. A file that is gone or does not
     * parse keeps the users read before, as a watched change does, and is reported here.
     */
    @Override
    public void reload() throws IOException {
        UsersFile.Changes changes;
        synchronized (this) {
            Stamp stamp = Stamp.of(file);
            byte[] content = Files.readAllBytes(file);
            UsersFile next = UsersFile.parse(file, content);
            remember(stamp, content);
            candidate = null;
            changes = adopt(next);
        }
        tell(changes);
    }

    private void tell(UsersFile.Changes changes) {
        if (changes != null) {
            var changedOrRemoved = new HashSet<>(changes.changed());
            changedOrRemoved.addAll(changes.removed());
            // A disabled account loses its sessions as a removed one does: it may no longer be served.
            var lockedOut = new HashSet<>(changes.removed());
            lockedOut.addAll(changes.disabled());
            listeners.tell(changedOrRemoved, lockedOut);
        }
    }

    private UsersFile.Changes look() {
        Stamp stamp;
        byte[] content;
        try {
            stamp = Stamp.of(file);
            if (stamp.equals(readStamp)) {
                if (readSettled) {
                    return null;
                }
                // A rewrite of the same size within one step of a coarse clock shows no new stamp: read again.
            } else if (!stamp.equals(candidate)) {
                // Perhaps half-written (an editor truncates, then writes): read it once it stands still,
                // rather than take an empty file for the removal of everyone.
                candidate = stamp;
                return null;
            }
            candidate = null;
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            if (readStamp != null) {
                log.warn(file + ": the users file is gone; keeping the " + count(users) + " read before"
                        + " (to refuse everyone, leave the file with no users in it)");
            }
            readStamp = null;
            readDigest = null;
            candidate = null;
            return null;
        } catch (IOException e) {
            String text = file + ": cannot read the users file (" + e.getClass().getSimpleName() + ": " + e.getMessage() + "); keeping the " + count(users) + " read before";
            if (!text.equals(problem)) {
                log.warn(text);
                problem = text;
            }
            return null;
        }
        byte[] digestBefore = readDigest;
        remember(stamp, content);
        if (MessageDigest.isEqual(readDigest, digestBefore)) {
            return null; // touched, or written again the same
        }
        UsersFile next;
        try {
            next = UsersFile.parse(file, content);
        } catch (IOException e) {
            log.warn(e.getMessage() + "; users file not reloaded, keeping the " + count(users) + " read before");
            return null;
        }
        return adopt(next);
    }

    private UsersFile.Changes adopt(UsersFile next) {
        UsersFile.Changes changes = users.changesTo(next);
        users = next;
        log.info(file + ": users file reloaded, " + count(next) + " (" + changes.added().size() + " added, "
                + changes.removed().size() + " removed, " + changes.changed().size() + " changed"
                + (changes.disabled().isEmpty() ? "" : ", of them " + changes.disabled().size() + " disabled") + ")");
        return changes;
    }

    private void remember(Stamp stamp, byte[] content) {
        readStamp = stamp;
        readSettled = stamp.modified().toInstant().isBefore(Instant.now().minus(COARSEST_TIMESTAMP));
        readDigest = sha256(content);
        problem = null;
    }

    private static String count(UsersFile users) {
        int n = users.entries().size();
        return n == 1 ? "1 user" : n + " users";
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
