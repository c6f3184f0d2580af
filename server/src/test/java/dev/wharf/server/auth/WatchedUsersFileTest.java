package dev.wharf.server.auth;

import static dev.wharf.server.auth.UsersFileTest.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.server.support.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On a real file in a temporary folder, driven poll by poll through {@code check()}. */
class WatchedUsersFileTest {
    private static final String PASSWORD = "s3cret pass"; // the one of UsersFileTest.line
    private static final String NEW_PASSWORD = "n3w pass";

    @TempDir
    Path dir;

    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final List<List<Set<String>>> told = new CopyOnWriteArrayList<>();
    private final WatchedUsersFile.Log log = new WatchedUsersFile.Log() {
        @Override
        public void info(String line) {
            logged.add("INFO " + line);
        }

        @Override
        public void warn(String line) {
            logged.add("WARN " + line);
        }
    };
    private WatchedUsersFile users;
    private Authenticator.Subscription subscription = () -> { };

    private Path file() {
        return dir.resolve("users");
    }

    @BeforeEach
    void twoUsers() throws IOException {
        Files.write(file(), List.of("# users", line("alice", "rw", "/srv/alice"), line("bob", "ro", "/srv/bob")));
        users = WatchedUsersFile.open(file(), log);
    }

    /** What {@code wharf user} does: load, edit, save (a new file renamed over the old one). */
    private void editLikeWharfUser(java.util.function.Consumer<UsersFile> edit) throws IOException {
        UsersFile f = UsersFile.load(file());
        edit.accept(f);
        f.save();
    }

    /** A change is read on the second poll that sees it: the first only notes its new stamp. */
    private void twoPolls() {
        users.check();
        users.check();
    }

    /** Also starts the poller: it reads nothing that check() would not read too. */
    private void recordChanges() {
        subscription = users.watch((changedOrRemoved, removed) -> told.add(List.of(changedOrRemoved, removed)));
    }

    @AfterEach
    void stopWatching() {
        subscription.close();
    }

    private boolean logsIn(String name, String password) {
        return users.authenticate(name, password).isPresent();
    }

    @Test
    void servesTheUsersOfTheFile() {
        assertThat(logsIn("alice", PASSWORD)).isTrue();
        assertThat(logsIn("alice", "wrong")).isFalse();
        assertThat(users.homes()).containsExactly(Path.of("/srv/alice"), Path.of("/srv/bob"));
        users.check();
        users.check();
        assertThat(logged).isEmpty();
    }

    @Test
    void aRemovedUserIsRefusedAndReported() throws IOException {
        recordChanges();
        editLikeWharfUser(f -> f.remove("alice"));
        twoPolls();
        assertThat(logsIn("alice", PASSWORD)).isFalse();
        assertThat(logsIn("bob", PASSWORD)).isTrue();
        assertThat(told).containsExactly(List.of(Set.of("alice"), Set.of("alice")));
        assertThat(logged).containsExactly("INFO " + file() + ": users file reloaded, 1 user (0 added, 1 removed, 0 changed)");
    }

    @Test
    void anAddedUserLogsInAndNobodyIsReported() throws IOException {
        recordChanges();
        editLikeWharfUser(f -> f.put(new UsersFile.Entry("carol", PasswordHash.create(PASSWORD, PasswordHashTest.FAST),
                true, Path.of("/srv/carol"))));
        twoPolls();
        assertThat(logsIn("carol", PASSWORD)).isTrue();
        assertThat(told).isEmpty();
        assertThat(logged).containsExactly("INFO " + file() + ": users file reloaded, 3 users (1 added, 0 removed, 0 changed)");
    }

    @Test
    void aChangedPasswordRefusesTheOldOne() throws IOException {
        recordChanges();
        editLikeWharfUser(f -> f.put(new UsersFile.Entry("alice", PasswordHash.create(NEW_PASSWORD, PasswordHashTest.FAST),
                true, Path.of("/srv/alice"))));
        twoPolls();
        assertThat(logsIn("alice", PASSWORD)).isFalse();
        assertThat(logsIn("alice", NEW_PASSWORD)).isTrue();
        assertThat(told).containsExactly(List.of(Set.of("alice"), Set.of()));
        assertThat(logged).containsExactly("INFO " + file() + ": users file reloaded, 2 users (0 added, 0 removed, 1 changed)");
    }

    @Test
    void aDisabledUserIsRefusedAndReportedAsLockedOut() throws IOException {
        recordChanges();
        editLikeWharfUser(f -> f.put(f.get("alice").orElseThrow().withDisabled(true)));
        twoPolls();
        assertThat(logsIn("alice", PASSWORD)).isFalse();
        assertThat(told).containsExactly(List.of(Set.of("alice"), Set.of("alice")));
        assertThat(logged).containsExactly("INFO " + file() + ": users file reloaded, 2 users (0 added, 0 removed, 1 changed, of them 1 disabled)");
    }

    @Test
    void reloadReadsAChangeAtOnce() throws IOException {
        recordChanges();
        editLikeWharfUser(f -> f.remove("alice"));
        users.reload();
        assertThat(logsIn("alice", PASSWORD)).isFalse();
        assertThat(told).containsExactly(List.of(Set.of("alice"), Set.of("alice")));
        users.reload();
        twoPolls();
        assertThat(told).as("the same content is no change").hasSize(1);
    }

    @Test
    void aNewVersionIsReadOnceItHasStoodStillForOnePoll() throws IOException {
        editLikeWharfUser(f -> f.remove("alice"));
        users.check();
        assertThat(logsIn("alice", PASSWORD)).as("after the first poll that sees the change").isTrue();
        users.check();
        assertThat(logsIn("alice", PASSWORD)).isFalse();
    }

    @Test
    void aReloadReadsTheFileAtOnceWithoutWaitingForItToStandStill() throws IOException {
        recordChanges();
        editLikeWharfUser(f -> f.remove("alice"));
        users.reload();
        assertThat(logsIn("alice", PASSWORD)).isFalse();
        assertThat(told).containsExactly(List.of(Set.of("alice"), Set.of("alice")));
        twoPolls();
        assertThat(told).as("the polls find nothing new after the reload").hasSize(1);
    }

    @Test
    void aReloadOfABrokenFileFailsAndKeepsTheUsersReadBefore() throws IOException {
        Files.write(file(), List.of("alice:not-a-hash"));
        assertThatThrownBy(users::reload).isInstanceOf(IOException.class).hasMessageContaining(file().toString());
        assertThat(logsIn("alice", PASSWORD)).isTrue();
    }

    @Test
    void anEditInPlaceIsSeen() throws IOException {
        Object inode = Files.readAttributes(file(), BasicFileAttributes.class).fileKey();
        Files.write(file(), List.of(line("bob", "rw", "/srv/bob")), StandardOpenOption.TRUNCATE_EXISTING);
        assertThat(Files.readAttributes(file(), BasicFileAttributes.class).fileKey()).isEqualTo(inode);
        twoPolls();
        assertThat(logsIn("alice", PASSWORD)).isFalse();
        assertThat(users.users().get("bob").orElseThrow().writable()).isTrue();
    }

    @Test
    void aRewriteOfTheSameSizeAndTimeIsSeenWhileTheTimeIsRecent() throws IOException {
        // A coarse clock (FAT, ext3) gives a quick rewrite the same time; with the same size, the stamp is the same.
        FileTime written = Files.getLastModifiedTime(file());
        Files.write(file(), List.of("# users", line("alice", "ro", "/srv/alice"), line("bob", "ro", "/srv/bob")));
        Files.setLastModifiedTime(file(), written);
        users.check();
        assertThat(users.users().get("alice").orElseThrow().writable()).isFalse();
    }

    @Test
    void aTouchedFileIsNotReloaded() throws IOException {
        recordChanges();
        Files.setLastModifiedTime(file(), FileTime.from(Instant.now().plusSeconds(60)));
        twoPolls();
        assertThat(logged).isEmpty();
        assertThat(told).isEmpty();
    }

    @Test
    void aBrokenLineKeepsTheUsersReadBeforeAndIsLoggedOnceUntilTheFileChangesAgain() throws IOException {
        recordChanges();
        Files.write(file(), List.of("# users", line("alice", "rw", "/srv/alice"), line("bob", "rx", "/srv/bob")));
        twoPolls();
        String warning = "WARN " + file() + ":3: rights must be 'rw' or 'ro', not 'rx'; users file not reloaded,"
                + " keeping the 2 users read before";
        assertThat(logged).containsExactly(warning);
        assertThat(logsIn("alice", PASSWORD)).isTrue();
        assertThat(logsIn("bob", PASSWORD)).isTrue();

        Files.setLastModifiedTime(file(), FileTime.from(Instant.now().plusSeconds(60)));
        twoPolls();
        twoPolls();
        assertThat(logged).as("the same broken file, touched").containsExactly(warning);

        Files.write(file(), List.of("# users", line("alice", "rw", "/srv/alice"), "bob"));
        twoPolls();
        assertThat(logged).hasSize(2).last().isEqualTo("WARN " + file() + ":3: expected name:hash:rw|ro:home;"
                + " users file not reloaded, keeping the 2 users read before");

        Files.write(file(), List.of("# users", line("alice", "rw", "/srv/alice")));
        twoPolls();
        assertThat(logged).hasSize(3).last().isEqualTo("INFO " + file() + ": users file reloaded, 1 user (0 added, 1 removed, 0 changed)");
        assertThat(logsIn("bob", PASSWORD)).isFalse();
        assertThat(told).containsExactly(List.of(Set.of("bob"), Set.of("bob")));
    }

    @Test
    void aDeletedFileKeepsTheUsersReadBeforeAndIsLoggedOnce() throws IOException {
        recordChanges();
        Files.delete(file());
        twoPolls();
        twoPolls();
        assertThat(logged).containsExactly("WARN " + file() + ": the users file is gone; keeping the 2 users read before"
                + " (to refuse everyone, leave the file with no users in it)");
        assertThat(logsIn("alice", PASSWORD)).isTrue();
        assertThat(told).isEmpty();

        Files.write(file(), List.of(line("bob", "ro", "/srv/bob")));
        twoPolls();
        assertThat(logsIn("alice", PASSWORD)).isFalse();
        assertThat(logged).last().isEqualTo("INFO " + file() + ": users file reloaded, 1 user (0 added, 1 removed, 0 changed)");
    }

    @Test
    void aFileWithNoUsersRefusesEveryone() throws IOException {
        editLikeWharfUser(f -> {
            f.remove("alice");
            f.remove("bob");
        });
        twoPolls();
        assertThat(logsIn("bob", PASSWORD)).isFalse();
    }

    @Test
    void anUnreadableFileKeepsTheUsersReadBeforeAndIsLoggedOnce() throws IOException {
        // A folder in the file's place cannot be read, even by root (who reads any file whatever its mode).
        Files.delete(file());
        Files.createDirectory(file());
        twoPolls();
        twoPolls();
        assertThat(logged).hasSize(1).first().asString()
                .startsWith("WARN " + file() + ": cannot read the users file (IOException: ")
                .endsWith("); keeping the 2 users read before");
        assertThat(logsIn("alice", PASSWORD)).isTrue();
    }

    @Test
    void logLinesNeverHoldAHash() throws IOException {
        String hash = line("x", "rw", "/").split(":")[1];
        Files.write(file(), List.of("alice:ro:" + hash + ":/srv/alice"));
        twoPolls();
        Files.write(file(), List.of(hash + ":rw:/srv/alice"));
        twoPolls();
        Files.write(file(), List.of(line("alice", "rw", "/srv/alice")));
        twoPolls();
        assertThat(logged).hasSize(3).noneMatch(l -> l.contains(hash));
    }

    @Test
    void aMissingFileAtOpenIsNoUsersUntilItAppears() throws IOException {
        Path later = dir.resolve("later");
        var watched = WatchedUsersFile.open(later, log);
        assertThat(watched.authenticate("alice", PASSWORD)).isEmpty();
        watched.check();
        assertThat(logged).isEmpty();
        Files.write(later, List.of(line("alice", "rw", "/srv/alice")));
        watched.check();
        watched.check();
        assertThat(watched.authenticate("alice", PASSWORD)).isPresent();
    }

    @Test
    void aBrokenFileAtOpenIsAnError() throws IOException {
        Files.write(file(), List.of(line("alice", "rx", "/srv/alice")));
        assertThatThrownBy(() -> WatchedUsersFile.open(file(), log))
                .isInstanceOf(IOException.class).hasMessage(file() + ":1: rights must be 'rw' or 'ro', not 'rx'");
    }

    @Test
    void whileWatchedTheFileIsPolledOnItsOwn() throws IOException {
        recordChanges();
        editLikeWharfUser(f -> f.remove("alice"));
        Await.until("told of alice's removal", () -> !told.isEmpty(), () -> logged);
        assertThat(told).containsExactly(List.of(Set.of("alice"), Set.of("alice")));
        assertThat(logsIn("alice", PASSWORD)).isFalse();
    }
}
