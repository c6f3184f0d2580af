package dev.wharf.cli.config;

import dev.wharf.server.config.ServerConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.protocol.tls.Tls;
import dev.wharf.protocol.testing.NameLookups;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SettingTest {

    private static ServerConfig apply(Setting setting, String value) {
        var builder = ServerConfig.builder();
        setting.apply(builder, value);
        return builder.build();
    }

    // ---- bool ----

    @ParameterizedTest
    @ValueSource(strings = {"yes", "YES", "true", "on", "1", " yes "})
    void boolTrue(String v) {
        assertThat(Setting.bool(v)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"no", "No", "false", "off", "0"})
    void boolFalse(String v) {
        assertThat(Setting.bool(v)).isFalse();
    }

    @Test
    void boolRejectsAnythingElse() {
        assertThatThrownBy(() -> Setting.bool("maybe")).hasMessage("expected yes or no, not 'maybe'");
        assertThatThrownBy(() -> Setting.bool("")).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- port and integer ----

    @Test
    void portAcceptsZeroToMaxAndOff() {
        assertThat(Setting.port("21")).isEqualTo(21);
        assertThat(Setting.port("0")).isZero();
        assertThat(Setting.port(" 65535 ")).isEqualTo(65535);
        assertThat(Setting.port("off")).isEqualTo(ServerConfig.OFF);
        assertThat(Setting.port("OFF")).isEqualTo(ServerConfig.OFF);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "65536 | expected a port 0-65535 or 'off', not '65536'",
        "-1    | expected a port 0-65535 or 'off', not '-1'",
        "ftp   | expected a whole number, not 'ftp'",
        "21.5  | expected a whole number, not '21.5'",
    })
    void portRejects(String value, String message) {
        assertThatThrownBy(() -> Setting.port(value)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void integerRejectsOverflow() {
        assertThatThrownBy(() -> Setting.integer("99999999999")).hasMessageContaining("whole number");
    }

    // ---- duration ----

    @ParameterizedTest
    @CsvSource({
        "500ms, PT0.5S",
        "30s,   PT30S",
        "5m,    PT5M",
        "2h,    PT2H",
        "1d,    PT24H",
        "45,    PT45S",
        "10 S,  PT10S",
        "0s,    PT0S",
    })
    void durations(String text, String iso) {
        assertThat(Setting.duration(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5 minutes", "-5s", "1.5h", "m", "5y", "10s5"})
    void durationRejectsOtherForms(String text) {
        assertThatThrownBy(() -> Setting.duration(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected a duration like 500ms, 30s, 5m or 2h");
    }

    @ParameterizedTest
    @ValueSource(strings = {"99999999999999999999s", "999999999999999d"})
    void durationTooLongToRepresentIsAnArgumentError(String text) {
        assertThatThrownBy(() -> Setting.duration(text))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text);
    }

    // ---- list and choice ----

    @Test
    void listSplitsOnCommasAndDropsBlanks() {
        assertThat(Setting.list(" TLSv1.3, TLSv1.2 ,,")).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(Setting.list("")).isEmpty();
    }

    @Test
    void choiceIsCaseInsensitiveAndListsTheChoices() {
        assertThat(apply(Setting.TLS_CLIENT_AUTH, "Want").tls().clientAuth()).isEqualTo(Tls.ClientAuth.WANT);
        assertThat(apply(Setting.DATA_TLS_SESSION_REUSE, "log").protection().dataSessionReuse()).isEqualTo(ServerConfig.DataSessionReuse.LOG);
        assertThat(apply(Setting.DATA_TLS_SESSION_REUSE, "required-same-connection").protection().dataSessionReuse())
                .isEqualTo(ServerConfig.DataSessionReuse.REQUIRED_SAME_CONNECTION);
        assertThatThrownBy(() -> apply(Setting.DATA_TLS_SESSION_REUSE, "always"))
                .hasMessage("expected one of [off, log, required, required-same-connection]");
        assertThatThrownBy(() -> apply(Setting.TLS_CLIENT_AUTH, "always")).hasMessage("expected one of [none, want, need]");
    }

    // ---- addresses ----

    @Test
    void addressesAreIpLiterals() throws Exception {
        assertThat(Setting.addresses("127.0.0.1, ::1,2001:db8::1"))
                .containsExactly(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1"), InetAddress.getByName("2001:db8::1"));
        assertThat(Setting.addresses("")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "example.com", "ftp.local", "cafe.be", "999.1.1.1", "1.2.3", "10.0.0.1.2"})
    void addressesRejectHostNamesWithoutAskingDns(String name) {
        var lookups = NameLookups.during(() -> assertThatThrownBy(() -> Setting.addresses(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + name + "' is not an IP address literal"));
        assertThat(lookups).as("names looked up").isEmpty();
    }

    // ---- settings applied to the builder ----

    @Test
    void passivePortsTakeARangeOrNothing() {
        var b = apply(Setting.PASSIVE_PORTS, "50000 - 50999");
        assertThat(b.passive().portMin()).isEqualTo(50000);
        assertThat(b.passive().portMax()).isEqualTo(50999);
        assertThat(apply(Setting.PASSIVE_PORTS, "").passive().portMax()).isZero();
        assertThatThrownBy(() -> apply(Setting.PASSIVE_PORTS, "50000")).hasMessage("expected a range like 50000-50999");
        assertThatThrownBy(() -> apply(Setting.PASSIVE_PORTS, "50999-50000")).hasMessageContaining("first port");
    }

    @Test
    void passiveAddressMustBeIpv4() throws Exception {
        assertThat(apply(Setting.PASSIVE_ADDRESS, "203.0.113.5").passive().address()).isEqualTo(InetAddress.getByName("203.0.113.5"));
        assertThat(apply(Setting.PASSIVE_ADDRESS, " ").passive().address()).isNull();
        // PASV can only announce IPv4; an IPv6 value would be ignored at run time.
        assertThatThrownBy(() -> apply(Setting.PASSIVE_ADDRESS, "2001:db8::5")).hasMessageContaining("IPv4");
        assertThatThrownBy(() -> apply(Setting.PASSIVE_ADDRESS, "203.0.113.5, 203.0.113.6")).hasMessageContaining("one IPv4");
    }

    @Test
    void anonymousHomeEmptyMeansOff() {
        assertThat(apply(Setting.ANONYMOUS_HOME, "").anonymousHome()).isNull();
        assertThat(apply(Setting.ANONYMOUS_HOME, "/srv/pub").anonymousHome()).isEqualTo(java.nio.file.Path.of("/srv/pub"));
    }

    @Test
    void limitsAreCheckedWhenApplied() {
        assertThatThrownBy(() -> apply(Setting.MAX_SESSIONS, "0")).hasMessage("max-sessions must be at least 1");
        assertThatThrownBy(() -> apply(Setting.IDLE_TIMEOUT, "0s")).hasMessage("idle-timeout must be positive");
        assertThatThrownBy(() -> apply(Setting.MAX_LINE_LENGTH, "100")).hasMessageContaining("at least 512");
        assertThat(apply(Setting.MAX_LOGIN_FAILURES, "0").limits().maxLoginFailures()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"data-timeout", "tls-handshake-timeout"})
    void socketTimeoutsMustFitInAnInt(String key) {
        // Both become Socket.setSoTimeout(int) milliseconds: 25 days would wrap to a negative number.
        var setting = Setting.byKey(key).orElseThrow();
        apply(setting, "24d");
        assertThatThrownBy(() -> apply(setting, "25d")).hasMessageContaining(key);
    }

    @Test
    void everyDefaultAppliesAndGivesTheLibrarysDefaults() {
        var builder = ServerConfig.builder();
        for (Setting s : Setting.values()) {
            s.apply(builder, s.defaultValue());
        }
        assertThat(builder.build()).isEqualTo(ServerConfig.defaults());
        assertThat(Setting.EXPLICIT_PORT.defaultValue()).isEqualTo("21");
        assertThat(Setting.IDLE_TIMEOUT.defaultValue()).isEqualTo("5m");
        assertThat(Setting.DATA_TLS_SESSION_REUSE.defaultValue()).isEqualTo("required");
        assertThat(Setting.ALLOW_CCC.defaultValue()).isEqualTo("no");
        assertThat(Setting.TLS_CIPHER_SUITES.defaultValue()).isEqualTo(String.join(",", Tls.DEFAULT_CIPHER_SUITES));
        assertThat(Setting.PASSIVE_PORTS.defaultValue()).isEmpty();
    }

    @Test
    void keysAreUniqueLowerCaseAndDescribed() {
        List<String> keys = Arrays.stream(Setting.values()).map(Setting::key).toList();
        assertThat(keys).doesNotHaveDuplicates().allMatch(k -> k.matches("[a-z0-9]+(-[a-z0-9]+)*"));
        assertThat(Setting.values()).allSatisfy(s -> assertThat(s.description()).endsWith("."));
    }

    @Test
    void byKeyIgnoresCaseAndSpaces() {
        assertThat(Setting.byKey(" Idle-Timeout ")).contains(Setting.IDLE_TIMEOUT);
        assertThat(Setting.byKey("idle_timeout")).isEmpty();
    }

    // ---- live settings ----

    /** A value other than the default for every setting of the library, to see whether a reload takes it. */
    private static final java.util.Map<Setting, String> NOT_THE_DEFAULT = java.util.Map.ofEntries(
            java.util.Map.entry(Setting.LISTEN_ADDRESSES, "127.0.0.1"),
            java.util.Map.entry(Setting.EXPLICIT_PORT, "2121"),
            java.util.Map.entry(Setting.IMPLICIT_PORT, "9990"),
            java.util.Map.entry(Setting.ANONYMOUS_HOME, "/srv/pub"),
            java.util.Map.entry(Setting.TLS_PROTOCOLS, "TLSv1.3"),
            java.util.Map.entry(Setting.TLS_CIPHER_SUITES, "TLS_AES_256_GCM_SHA384"),
            java.util.Map.entry(Setting.TLS_CLIENT_AUTH, "want"),
            java.util.Map.entry(Setting.TLS_HANDSHAKE_TIMEOUT, "3s"),
            java.util.Map.entry(Setting.REQUIRE_TLS_FOR_LOGIN, "no"),
            java.util.Map.entry(Setting.ALLOW_CLEAR_DATA, "yes"),
            java.util.Map.entry(Setting.ALLOW_CCC, "yes"),
            java.util.Map.entry(Setting.ALLOW_AUTH_SSL, "no"),
            java.util.Map.entry(Setting.IDLE_TIMEOUT, "7m"),
            java.util.Map.entry(Setting.LOGIN_TIMEOUT, "7s"),
            java.util.Map.entry(Setting.MAX_SESSIONS, "7"),
            java.util.Map.entry(Setting.MAX_SESSIONS_PER_ADDRESS, "7"),
            java.util.Map.entry(Setting.FAILED_LOGIN_DELAY, "7s"),
            java.util.Map.entry(Setting.MAX_LOGIN_FAILURES, "7"),
            java.util.Map.entry(Setting.LOGIN_BAN_DURATION, "7m"),
            java.util.Map.entry(Setting.MAX_LINE_LENGTH, "777"),
            java.util.Map.entry(Setting.SHUTDOWN_GRACE, "7s"),
            java.util.Map.entry(Setting.GREETING, "hello"),
            java.util.Map.entry(Setting.PASSIVE_PORTS, "50000-50010"),
            java.util.Map.entry(Setting.PASSIVE_ADDRESS, "203.0.113.7"),
            java.util.Map.entry(Setting.PRIVATE_CLIENTS_GET_LOCAL_ADDRESS, "no"),
            java.util.Map.entry(Setting.DATA_TLS_SESSION_REUSE, "log"),
            java.util.Map.entry(Setting.DATA_TIMEOUT, "7s"),
            java.util.Map.entry(Setting.UPLOAD_SYNC, "off"),
            java.util.Map.entry(Setting.LOGIN_CACHE_TTL, "7m"),
            java.util.Map.entry(Setting.CLOSE_SESSIONS_OF_REMOVED_USERS, "no"),
            // proxy-protocol and proxy-protocol-data cannot be set alone (they need proxy-trusted): not live either.
            java.util.Map.entry(Setting.PROXY_TRUSTED, "10.0.0.0/8"));

    /** Setting.live() says what ServerConfig.withLiveSettingsOf takes: the two lists cannot drift apart. */
    @Test
    void aSettingIsLiveExactlyWhenARunningServerTakesIt() {
        ServerConfig running = ServerConfig.defaults();
        for (Setting s : Setting.values()) {
            if (!NOT_THE_DEFAULT.containsKey(s)) {
                // A deployment setting (where files are, what the program adds): none is live yet.
                assertThat(s.live()).as(s.key()).isFalse();
                continue;
            }
            ServerConfig next = apply(s, NOT_THE_DEFAULT.get(s));
            assertThat(next).as("%s is not its default", s.key()).isNotEqualTo(running);
            boolean taken = !running.withLiveSettingsOf(next).equals(running);
            assertThat(s.live()).as("%s taken by a running server", s.key()).isEqualTo(taken);
        }
    }
}
