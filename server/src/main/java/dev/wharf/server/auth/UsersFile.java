package dev.wharf.server.auth;

import dev.wharf.server.fs.Durable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Users in a text file, one per line, like /etc/passwd:
 * <pre>name:$pbkdf2-sha256$i=600000$salt$hash:rw:/path/to/home</pre>
 * The rights are {@code rw} or {@code ro}; the home is everything after the third colon. Lines
 * starting with {@code #} are comments. A {@code !} before the hash disables the account and keeps
 * its password for when it is enabled again, as {@code passwd -l} does in /etc/shadow; files written
 * before accounts could be disabled read the same. {@code wharf user} edits the file (through
 * {@link UserAdmin}), so nobody has to write hashes by hand.
 */
public final class UsersFile implements Authenticator {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    /** One user; a {@code disabled} one may not log in (its sessions are ended, like a removed user's). */
    public record Entry(String name, PasswordHash hash, boolean writable, Path home, boolean disabled) {
        /** An enabled user. */
        public Entry(String name, PasswordHash hash, boolean writable, Path home) {
            this(name, hash, writable, home, false);
        }

        public Entry withHash(PasswordHash newHash) {
            return new Entry(name, newHash, writable, home, disabled);
        }

        public Entry withDisabled(boolean nowDisabled) {
            return new Entry(name, hash, writable, home, nowDisabled);
        }

        String format() {
            return name + ":" + (disabled ? DISABLED_MARK : "") + hash.encode() + ":" + (writable ? "rw" : "ro") + ":" + home;
        }
    }

    private static final String DISABLED_MARK = "!";

    private final Path file;
    private final Map<String, Entry> entries;
    /** Checked against when the user does not exist, so an unknown name costs as much as a wrong password. */
    private static final class Dummy {
        static final PasswordHash HASH = PasswordHash.create("dummy", PasswordHash.DEFAULT_ITERATIONS);
    }

    private UsersFile(Path file, Map<String, Entry> entries) {
        this.file = file;
        this.entries = entries;
    }

    /** Loads the file; a missing file is an empty user list. Errors name the line and the problem. */
    public static UsersFile load(Path file) throws IOException {
        return Files.exists(file) ? parse(file, Files.readAllBytes(file)) : new UsersFile(file, new LinkedHashMap<>());
    }

    /**
     * The users in {@code content}, read from {@code file}. Errors name the line and the problem and
     * never quote a password hash: a running server logs them.
     */
    static UsersFile parse(Path file, byte[] content) throws IOException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(file + ": not UTF-8 text");
        }
        var entries = new LinkedHashMap<String, Entry>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                Entry e = parse(line);
                if (entries.putIfAbsent(e.name(), e) != null) {
                    throw new IllegalArgumentException("user '" + e.name() + "' is listed twice");
                }
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ":" + (i + 1) + ": " + e.getMessage());
            }
        }
        return new UsersFile(file, entries);
    }

    private static Entry parse(String line) {
        String[] parts = line.split(":", 4);
        if (parts.length != 4) {
            throw new IllegalArgumentException("expected name:hash:rw|ro:home");
        }
        if (parts[0].startsWith("$")) {
            // Not quoted like other bad names: it is most likely a hash, and the error goes to the log.
            throw new IllegalArgumentException("the line starts with what looks like a password hash: expected name:hash:rw|ro:home");
        }
        checkName(parts[0]);
        boolean disabled = parts[1].startsWith(DISABLED_MARK);
        // The hash first: when the columns are swapped, the rights error would quote the hash.
        PasswordHash hash = PasswordHash.parse(disabled ? parts[1].substring(DISABLED_MARK.length()) : parts[1]);
        boolean writable = switch (parts[2]) {
            case "rw" -> true;
            case "ro" -> false;
            default -> throw new IllegalArgumentException("rights must be 'rw' or 'ro', not '" + parts[2] + "'");
        };
        if (parts[3].isBlank()) {
            throw new IllegalArgumentException("home folder is empty");
        }
        return new Entry(parts[0], hash, writable, Path.of(parts[3]), disabled);
    }

    public static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("user name '" + name + "' must be 1-64 letters, digits, '.', '_', '@' or '-'");
        }
    }

    @Override
    public AuthResult authenticate(LoginRequest request) {
        Entry e = entries.get(request.name());
        if (e == null) {
            Dummy.HASH.matches(request.password()); // as slow as a wrong password
            return AuthResult.failure(LoginFailure.UNKNOWN_USER);
        }
        if (!e.hash().matches(request.password())) { // also when disabled: the same time as for any wrong password
            return AuthResult.failure(LoginFailure.WRONG_PASSWORD);
        }
        return e.disabled() ? AuthResult.failure(LoginFailure.DISABLED)
                : AuthResult.success(new User(e.name(), e.home(), e.writable()));
    }

    @Override
    public Optional<User> authenticate(String name, String password) {
        return Authenticator.user(authenticate(new LoginRequest(name, password, ClientContext.unknown())));
    }

    @Override
    public List<Path> homes() {
        return entries.values().stream().map(Entry::home).distinct().toList();
    }

    /**
     * Who is added, removed or changed (hash, rights, home or disabled) in {@code newer} compared with
     * this list, and who of the changed is disabled now and was not before.
     */
    public Changes changesTo(UsersFile newer) {
        Set<String> changed = entries.values().stream()
                .filter(e -> newer.entries.containsKey(e.name()) && !newer.entries.get(e.name()).equals(e))
                .map(Entry::name).collect(Collectors.toUnmodifiableSet());
        return new Changes(
                namesOnlyIn(newer.entries, entries),
                namesOnlyIn(entries, newer.entries),
                changed,
                changed.stream().filter(name -> newer.entries.get(name).disabled() && !entries.get(name).disabled())
                        .collect(Collectors.toUnmodifiableSet()));
    }

    private static Set<String> namesOnlyIn(Map<String, Entry> these, Map<String, Entry> other) {
        return these.keySet().stream().filter(name -> !other.containsKey(name)).collect(Collectors.toUnmodifiableSet());
    }

    /** The difference between two versions of the list, by user name; {@code disabled} are also in {@code changed}. */
    public record Changes(Set<String> added, Set<String> removed, Set<String> changed, Set<String> disabled) {}

    public Optional<Entry> get(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    public List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public void put(Entry entry) {
        checkName(entry.name());
        entries.put(entry.name(), entry);
    }

    public boolean remove(String name) {
        return entries.remove(name) != null;
    }

    /** Writes the file atomically, readable by its owner only (it holds password hashes). */
    public void save() throws IOException {
        var out = new ArrayList<String>();
        out.add("# Wharf users: name:password-hash:rw|ro:home ('!' before the hash: disabled). Edit with 'wharf user'.");
        entries.values().forEach(e -> out.add(e.format()));
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".users", ".tmp");
        try {
            restrictToOwner(tmp);
            Files.write(tmp, out, StandardCharsets.UTF_8);
            // On disk before the rename, and the rename on disk after it: a crash (or kill -9) then
            // leaves the old file or the new one, never an empty or truncated users file.
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Durable.syncFolder(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }


    static void restrictToOwner(Path p) {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException ignored) {
            // Not a POSIX file system (Windows): its ACLs apply.
        }
    }
}
