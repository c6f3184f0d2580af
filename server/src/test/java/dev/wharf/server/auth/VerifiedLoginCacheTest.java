package dev.wharf.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
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
}
