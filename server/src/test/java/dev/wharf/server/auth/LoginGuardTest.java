package dev.wharf.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginGuardTest {
    private static final Duration WINDOW = Duration.ofMinutes(10);
    private static final Duration BAN = Duration.ofMinutes(15);

    private final TestClock clock = new TestClock();
    private final InetAddress client = address("192.0.2.7");
    private final InetAddress other = address("2001:db8::7");

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private LoginGuard guard(int maxFailures) {
        return new LoginGuard(maxFailures, WINDOW, BAN, clock);
    }

    private static void fail(LoginGuard guard, InetAddress address, int times) {
        for (int i = 0; i < times; i++) {
            guard.recordFailure(address);
        }
    }

    @Test
    void bansOnTheNthFailureWithinTheWindow() {
        var guard = guard(3);
        fail(guard, client, 2);
        assertThat(guard.isBanned(client)).isFalse();
        clock.advance(WINDOW.minusSeconds(1));
        assertThat(guard.recordFailure(client)).as("third failure bans").isTrue();
        assertThat(guard.isBanned(client)).isTrue();
        assertThat(guard.isBanned(other)).isFalse();
    }

    @Test
    void failuresOlderThanTheWindowDoNotCount() {
        var guard = guard(3);
        fail(guard, client, 2);
        clock.advance(WINDOW.plusSeconds(1));
        assertThat(guard.recordFailure(client)).isFalse();
        assertThat(guard.recordFailure(client)).isFalse();
        assertThat(guard.isBanned(client)).isFalse();
        assertThat(guard.recordFailure(client)).isTrue();
    }

    @Test
    void banEndsAfterItsDuration() {
        var guard = guard(2);
        fail(guard, client, 2);
        clock.advance(BAN);
        assertThat(guard.isBanned(client)).as("at the end of the ban").isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(guard.isBanned(client)).as("after the ban").isFalse();
    }

    @Test
    void afterABanTheCountStartsAgain() {
        var guard = guard(2);
        fail(guard, client, 2);
        clock.advance(BAN.plusSeconds(1));
        assertThat(guard.recordFailure(client)).isFalse();
        assertThat(guard.isBanned(client)).isFalse();
    }

    @Test
    void successResetsTheCount() {
        var guard = guard(3);
        fail(guard, client, 2);
        guard.recordSuccess(client);
        fail(guard, client, 2);
        assertThat(guard.isBanned(client)).isFalse();
    }

    @Test
    void addressesAreCountedSeparately() {
        var guard = guard(3);
        fail(guard, client, 2);
        fail(guard, other, 2);
        assertThat(guard.isBanned(client)).isFalse();
        assertThat(guard.isBanned(other)).isFalse();
    }

    @Test
    void zeroMaxFailuresNeverBans() {
        var guard = guard(0);
        for (int i = 0; i < 1000; i++) {
            assertThat(guard.recordFailure(client)).isFalse();
        }
        assertThat(guard.isBanned(client)).isFalse();
    }

    @Test
    void listsTheBansInForceWithTheirEndAndFailures() {
        var guard = guard(3);
        fail(guard, client, 3);
        clock.advance(Duration.ofMinutes(1));
        fail(guard, other, 3);
        java.time.Instant now = clock.instant();
        assertThat(guard.bans()).containsExactly(
                new BanList.Ban(client, now.minus(Duration.ofMinutes(1)).plus(BAN), 3),
                new BanList.Ban(other, now.plus(BAN), 3));
        clock.advance(BAN.minusSeconds(30));
        assertThat(guard.bans()).extracting(BanList.Ban::address).containsExactly(other);
    }

    @Test
    void aLiftedBanLetsTheAddressInWithAFreshCount() {
        var guard = guard(3);
        fail(guard, client, 3);
        assertThat(guard.liftBan(client)).isTrue();
        assertThat(guard.isBanned(client)).isFalse();
        assertThat(guard.bans()).isEmpty();
        fail(guard, client, 2);
        assertThat(guard.isBanned(client)).as("counted afresh").isFalse();
        assertThat(guard.liftBan(client)).as("not banned").isFalse();
        assertThat(guard.liftBan(other)).as("never seen").isFalse();
    }
}
