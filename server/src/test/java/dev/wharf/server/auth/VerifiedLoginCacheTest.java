package dev.wharf.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class VerifiedLoginCacheTest {
    private final AtomicInteger slowChecks = new AtomicInteger();
    private final Authenticator slow = (name, password) -> {
        slowChecks.incrementAndGet();
        return name.equals("alice") && password.equals("secret")
                ? Optional.of(new User("alice", Path.of("/srv"), true)) : Optional.empty();
    };
    private final TestClock clock = new TestClock();
    private final VerifiedLoginCache cache = new VerifiedLoginCache(slow, Duration.ofMinutes(10), clock);

    @Test
    void aRepeatedGoodLoginSkipsTheSlowHash() {
        assertThat(cache.authenticate("alice", "secret")).isPresent();
        assertThat(cache.authenticate("alice", "secret")).isPresent();
        assertThat(slowChecks).hasValue(1);
    }

    @Test
    void wrongPasswordsAlwaysTakeTheSlowPathAndEndTheShortcut() {
        cache.authenticate("alice", "secret");
        assertThat(cache.authenticate("alice", "guess")).isEmpty();
        assertThat(cache.authenticate("alice", "guess")).isEmpty();
        assertThat(slowChecks).hasValue(3);
        cache.authenticate("alice", "secret");
        assertThat(slowChecks).hasValue(4);
    }

    @Test
    void entriesExpire() {
        cache.authenticate("alice", "secret");
        clock.advance(Duration.ofMinutes(11));
        cache.authenticate("alice", "secret");
        assertThat(slowChecks).hasValue(2);
    }

    @Test
    void forgottenNamesTakeTheSlowPathAgain() {
        cache.authenticate("alice", "secret");
        cache.forget(Set.of("bob"));
        cache.authenticate("alice", "secret");
        assertThat(slowChecks).hasValue(1);
        cache.forget(Set.of("alice"));
        assertThat(cache.authenticate("alice", "secret")).isPresent();
        assertThat(slowChecks).hasValue(2);
    }

    @Test
    void aRemovedUsersRememberedLoginIsRefused() {
        var users = new InMemoryUsers(PasswordHashTest.FAST).add("alice", "secret", Path.of("/srv"), true);
        var watched = new VerifiedLoginCache(users, Duration.ofMinutes(10), clock);
        var told = new ArrayList<List<Set<String>>>();
        try (var subscription = watched.watch((changedOrRemoved, removed) -> told.add(List.of(changedOrRemoved, removed)))) {
            assertThat(watched.authenticate("alice", "secret")).isPresent();
            users.remove("alice");
            assertThat(watched.authenticate("alice", "secret")).isEmpty();
        }
        assertThat(told).containsExactly(List.of(Set.of("alice"), Set.of("alice")));
    }

    @Test
    void aChangedPasswordIsNotAnsweredFromTheCache() {
        var users = new InMemoryUsers(PasswordHashTest.FAST).add("alice", "old", Path.of("/srv"), true);
        var watched = new VerifiedLoginCache(users, Duration.ofMinutes(10), clock);
        try (var subscription = watched.watch((changedOrRemoved, removed) -> { })) {
            assertThat(watched.authenticate("alice", "old")).isPresent();
            users.add("alice", "new", Path.of("/srv"), true);
            assertThat(watched.authenticate("alice", "old")).isEmpty();
            assertThat(watched.authenticate("alice", "new")).isPresent();
        }
    }

    @Test
    void aLoginCheckedWhileUsersChangedIsNotRemembered() {
        // The change is reported while the delegate is still answering from the users before it.
        VerifiedLoginCache[] self = new VerifiedLoginCache[1];
        Authenticator changingMeanwhile = (name, password) -> {
            slowChecks.incrementAndGet();
            self[0].forget(Set.of(name));
            return Optional.of(new User(name, Path.of("/srv"), true));
        };
        self[0] = new VerifiedLoginCache(changingMeanwhile, Duration.ofMinutes(10), clock);
        assertThat(self[0].authenticate("alice", "secret")).isPresent();
        assertThat(self[0].authenticate("alice", "secret")).isPresent();
        assertThat(slowChecks).hasValue(2);
    }

    @Test
    void closingTheSubscriptionStopsTheReports() {
        var users = new InMemoryUsers(PasswordHashTest.FAST).add("alice", "secret", Path.of("/srv"), true);
        var told = new ArrayList<Set<String>>();
        var subscription = new VerifiedLoginCache(users, Duration.ofMinutes(10), clock)
                .watch((changedOrRemoved, removed) -> told.add(removed));
        subscription.close();
        subscription.close();
        users.remove("alice");
        assertThat(told).isEmpty();
    }
}
