package dev.wharf.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.server.auth.BanList;
import dev.wharf.server.auth.TestClock;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The counting of {@link SqlBanList}, on H2, the rules of the in-memory LoginGuard. */
class SqlBanListTest {
    private static final Duration WINDOW = Duration.ofMinutes(10);
    private static final Duration BAN = Duration.ofMinutes(15);

    @TempDir
    Path stateDir;

    private final TestClock clock = new TestClock();
    private final InetAddress client = address("192.0.2.7");
    private final InetAddress other = address("2001:db8::7");
    private SqlDatabase database;

    @BeforeEach
    void open() throws Exception {
        database = SqlDatabase.open(SqlDatabase.embeddedUrl(stateDir), null, null);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private SqlBanList bans(int maxFailures) {
        var bans = new SqlBanList(database, WINDOW, clock);
        bans.policy(maxFailures, BAN);
        return bans;
    }

    private static void fail(BanList bans, InetAddress address, int times) {
        for (int i = 0; i < times; i++) {
            bans.recordFailure(address);
        }
    }

    @Test
    void bansOnTheNthFailureWithinTheWindowUntilTheBanEnds() {
        var bans = bans(3);
        fail(bans, client, 2);
        assertThat(bans.isBanned(client)).isFalse();
        clock.advance(WINDOW.minusSeconds(1));
        assertThat(bans.recordFailure(client)).as("third failure bans").isTrue();
        assertThat(bans.isBanned(client)).isTrue();
        assertThat(bans.isBanned(other)).isFalse();

        clock.advance(BAN);
        assertThat(bans.isBanned(client)).as("at the end of the ban").isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(bans.isBanned(client)).as("after the ban").isFalse();
        assertThat(bans.recordFailure(client)).as("the count started again").isFalse();
    }

    @Test
    void failuresOlderThanTheWindowDoNotCount() {
        var bans = bans(3);
        fail(bans, client, 2);
        clock.advance(WINDOW.plusSeconds(1));
        assertThat(bans.recordFailure(client)).isFalse();
        assertThat(bans.recordFailure(client)).isFalse();
        assertThat(bans.recordFailure(client)).isTrue();
    }

    @Test
    void successResetsTheCountAndAddressesAreCountedApart() {
        var bans = bans(3);
        fail(bans, client, 2);
        fail(bans, other, 2);
        bans.recordSuccess(client);
        fail(bans, client, 2);
        assertThat(bans.isBanned(client)).isFalse();
        assertThat(bans.recordFailure(other)).isTrue();
    }

    @Test
    void aBanGivenThroughOnePoolHoldsForAnotherAndIsListedAndLifted() throws Exception {
        fail(bans(2), client, 2);
        try (SqlDatabase elsewhere = SqlDatabase.open(SqlDatabase.embeddedUrl(stateDir), null, null)) {
            var there = new SqlBanList(elsewhere, WINDOW, clock);
            assertThat(there.isBanned(client)).isTrue();
            assertThat(there.bans()).containsExactly(new BanList.Ban(client, clock.instant().plus(BAN), 2));
            assertThat(there.liftBan(client)).isTrue();
            assertThat(there.liftBan(client)).isFalse();
        }
        assertThat(bans(2).isBanned(client)).isFalse();
    }

    @Test
    void zeroMaxFailuresNeverBans() {
        var bans = bans(0);
        for (int i = 0; i < 20; i++) {
            assertThat(bans.recordFailure(client)).isFalse();
        }
        assertThat(bans.isBanned(client)).isFalse();
    }

    @Test
    void aDatabaseThatIsGoneBansNobodyAndThrowsNothing() {
        var bans = bans(1);
        database.close();
        assertThat(bans.recordFailure(client)).isFalse();
        assertThat(bans.isBanned(client)).isFalse();
        assertThat(bans.bans()).isEmpty();
        assertThat(bans.liftBan(client)).isFalse();
        bans.recordSuccess(client);
    }
}
