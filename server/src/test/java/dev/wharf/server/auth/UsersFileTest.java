package dev.wharf.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersFileTest {
    /** One hash for every line: PBKDF2 at the lowest count parse accepts keeps the tests fast. */
    private static final String PASSWORD = "s3cret pass";
    private static final PasswordHash HASH = PasswordHash.create(PASSWORD, PasswordHashTest.FAST);

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("users");
    }

    static String line(String name, String rights, String home) {
        return name + ":" + HASH.encode() + ":" + rights + ":" + home;
    }

    private UsersFile loadLines(String... lines) throws IOException {
        Files.write(file(), java.util.List.of(lines));
        return UsersFile.load(file());
    }

    @Test
    void missingFileIsAnEmptyUserList() throws IOException {
        var users = UsersFile.load(dir.resolve("nope"));
        assertThat(users.isEmpty()).isTrue();
        assertThat(users.homes()).isEmpty();
        assertThat(users.authenticate("wharf", "x")).isEmpty();
    }

    @Test
    void loadsEntriesSkippingCommentsAndBlankLines() throws IOException {
        var users = loadLines("# users", "", line("alice", "rw", "/srv/alice"), "   ", "  # indented comment",
                line("bob", "ro", "/srv/shared"));
        assertThat(users.entries()).extracting(UsersFile.Entry::name).containsExactly("alice", "bob");
        assertThat(users.get("alice").orElseThrow().writable()).isTrue();
        assertThat(users.get("bob").orElseThrow().writable()).isFalse();
        assertThat(users.get("bob").orElseThrow().home()).isEqualTo(Path.of("/srv/shared"));
    }

    @Test
    void homeIsEverythingAfterTheThirdColon() throws IOException {
        var users = loadLines(line("carol", "rw", "/srv/a:b c"));
        assertThat(users.get("carol").orElseThrow().home()).isEqualTo(Path.of("/srv/a:b c"));
    }

    @Test
    void authenticatesWithTheRightPasswordOnly() throws IOException {
        var users = loadLines(line("alice", "ro", "/srv/alice"));
        assertThat(users.authenticate("alice", PASSWORD)).contains(new User("alice", Path.of("/srv/alice"), false));
        assertThat(users.authenticate("alice", "wrong")).isEmpty();
        assertThat(users.authenticate("ALICE", PASSWORD)).isEmpty();
    }

    @Test
    void unknownUserDoesNotAuthenticate() throws IOException {
        assertThat(loadLines(line("alice", "rw", "/srv/alice")).authenticate("mallory", PASSWORD)).isEmpty();
    }

    @Test
    void homesAreListedOnce() throws IOException {
        var users = loadLines(line("a", "rw", "/srv/one"), line("b", "ro", "/srv/two"), line("c", "ro", "/srv/one"));
        assertThat(users.homes()).containsExactly(Path.of("/srv/one"), Path.of("/srv/two"));
    }

    @Test
    void saveThenLoadRoundTrips() throws IOException {
        var users = UsersFile.load(file());
        users.put(new UsersFile.Entry("alice", HASH, true, dir.resolve("alice home")));
        users.put(new UsersFile.Entry("bob", PasswordHash.create("other", PasswordHashTest.FAST), false, dir.resolve("bob")));
        users.save();

        var loaded = UsersFile.load(file());
        assertThat(loaded.entries()).extracting(UsersFile.Entry::name, UsersFile.Entry::writable, UsersFile.Entry::home)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("alice", true, dir.resolve("alice home")),
                        org.assertj.core.groups.Tuple.tuple("bob", false, dir.resolve("bob")));
        assertThat(loaded.authenticate("alice", PASSWORD)).isPresent();
        assertThat(loaded.authenticate("bob", "other")).isPresent();
        assertThat(Files.readString(file())).startsWith("#");
    }

    @Test
    void savedFileIsReadableByItsOwnerOnly() throws IOException {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file permissions");
        var users = UsersFile.load(file());
        users.put(new UsersFile.Entry("alice", HASH, true, dir));
        users.save();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");
        assertThat(dir).isDirectoryNotContaining(p -> p.getFileName().toString().endsWith(".tmp"));
    }

    @Test
    void saveCreatesMissingFolders() throws IOException {
        Path nested = dir.resolve("a/b/users");
        var users = UsersFile.load(nested);
        users.put(new UsersFile.Entry("alice", HASH, true, dir));
        users.save();
        assertThat(UsersFile.load(nested).get("alice")).isPresent();
    }

    @Test
    void removeDropsTheUser() throws IOException {
        var users = loadLines(line("alice", "rw", "/a"), line("bob", "rw", "/b"));
        assertThat(users.remove("alice")).isTrue();
        assertThat(users.remove("alice")).isFalse();
        users.save();
        assertThat(UsersFile.load(file()).entries()).extracting(UsersFile.Entry::name).containsExactly("bob");
    }

    @Test
    void duplicateUserNamesTheLine() {
        assertThatThrownBy(() -> loadLines("# users", line("alice", "rw", "/a"), "", line("alice", "ro", "/b")))
                .isInstanceOf(IOException.class)
                .hasMessage(file() + ":4: user 'alice' is listed twice");
    }

    @Test
    void badRightsNameTheLineAndTheValue() {
        assertThatThrownBy(() -> loadLines(line("alice", "rx", "/a")))
                .isInstanceOf(IOException.class)
                .hasMessage(file() + ":1: rights must be 'rw' or 'ro', not 'rx'");
    }

    @Test
    void otherLineErrorsNameTheLine() {
        assertThatThrownBy(() -> loadLines("alice:rw:/a"))
                .isInstanceOf(IOException.class).hasMessage(file() + ":1: expected name:hash:rw|ro:home");
        assertThatThrownBy(() -> loadLines(line("al ice", "rw", "/a")))
                .isInstanceOf(IOException.class).hasMessageStartingWith(file() + ":1: user name 'al ice' must be");
        assertThatThrownBy(() -> loadLines(line("alice", "rw", " ")))
                .isInstanceOf(IOException.class).hasMessage(file() + ":1: home folder is empty");
        assertThatThrownBy(() -> loadLines("alice:$pbkdf2-sha256$i=10$c2FsdA$aGFzaA:rw:/a"))
                .isInstanceOf(IOException.class).hasMessageStartingWith(file() + ":1: password hash iteration count 10");
    }

    @Test
    void errorsNeverQuoteAPasswordHash() {
        String hash = HASH.encode();
        assertThatThrownBy(() -> loadLines("alice:ro:" + hash + ":/a"))
                .isInstanceOf(IOException.class).hasMessageStartingWith(file() + ":1: password hash must start with")
                .message().doesNotContain(hash);
        assertThatThrownBy(() -> loadLines(hash + ":alice:rw:/a"))
                .isInstanceOf(IOException.class)
                .hasMessage(file() + ":1: the line starts with what looks like a password hash: expected name:hash:rw|ro:home");
    }

    @Test
    void notUtf8IsALineFreeError() throws IOException {
        Files.write(file(), new byte[] {'a', (byte) 0xff, '\n'});
        assertThatThrownBy(() -> UsersFile.load(file())).isInstanceOf(IOException.class).hasMessage(file() + ": not UTF-8 text");
    }

    @Test
    void changesNameAddedRemovedAndChangedUsers() throws IOException {
        var before = loadLines(line("alice", "rw", "/a"), line("bob", "rw", "/b"), line("carol", "rw", "/c"),
                line("dave", "rw", "/d"), line("erin", "rw", "/e"));
        String otherHash = PasswordHash.create(PASSWORD, PasswordHashTest.FAST).encode();
        var after = loadLines("# comments do not count", line("bob", "ro", "/b"), line("carol", "rw", "/elsewhere"),
                "dave:" + otherHash + ":rw:/d", line("erin", "rw", "/e"), line("frank", "rw", "/f"));
        var changes = before.changesTo(after);
        assertThat(changes.added()).containsExactly("frank");
        assertThat(changes.removed()).containsExactly("alice");
        assertThat(changes.changed()).containsExactlyInAnyOrder("bob", "carol", "dave");
        assertThat(after.changesTo(after)).isEqualTo(new UsersFile.Changes(java.util.Set.of(), java.util.Set.of(), java.util.Set.of(), java.util.Set.of()));
    }

    @Test
    void namesAreChecked() {
        UsersFile.checkName("alice.smith_2@example-org");
        assertThatThrownBy(() -> UsersFile.checkName("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UsersFile.checkName("a:b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UsersFile.checkName("x".repeat(65))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anExclamationMarkBeforeTheHashDisablesTheUserAndKeepsItsPassword() throws IOException {
        var users = loadLines("alice:!" + HASH.encode() + ":rw:/a", line("bob", "rw", "/b"));
        assertThat(users.get("alice").orElseThrow().disabled()).isTrue();
        assertThat(users.get("bob").orElseThrow().disabled()).isFalse();
        var request = new LoginRequest("alice", PASSWORD, ClientContext.unknown());
        assertThat(users.authenticate(request)).isEqualTo(AuthResult.failure(LoginFailure.DISABLED));
        assertThat(users.authenticate(new LoginRequest("alice", "wrong", ClientContext.unknown())))
                .isEqualTo(AuthResult.failure(LoginFailure.WRONG_PASSWORD));
        users.save();
        assertThat(Files.readAllLines(file())).contains("alice:!" + HASH.encode() + ":rw:/a");
        users.put(users.get("alice").orElseThrow().withDisabled(false));
        assertThat(users.authenticate("alice", PASSWORD)).isPresent();
    }

    @Test
    void changesNameTheNewlyDisabledUsers() throws IOException {
        var before = loadLines(line("alice", "rw", "/a"), "bob:!" + HASH.encode() + ":rw:/b", line("carol", "rw", "/c"));
        var after = loadLines("alice:!" + HASH.encode() + ":rw:/a", line("bob", "rw", "/b"), "carol:!" + HASH.encode() + ":ro:/c");
        var changes = before.changesTo(after);
        assertThat(changes.disabled()).containsExactlyInAnyOrder("alice", "carol");
        assertThat(changes.changed()).containsExactlyInAnyOrder("alice", "bob", "carol");
    }
}
