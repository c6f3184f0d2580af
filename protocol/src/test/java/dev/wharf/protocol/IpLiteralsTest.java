package dev.wharf.protocol;

import dev.wharf.protocol.testing.NameLookups;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralsTest {
    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "0.0.0.0", "255.255.255.255", "::1", "[::1]", "2001:db8::5", "fe80::1%eth0",
            "::ffff:192.0.2.1"})
    void literalsParse(String s) {
        assertThat(IpLiterals.isLiteral(s)).isTrue();
        assertThat(IpLiterals.parse(s)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"999.1.1.1", "256.0.0.1", "1.2.3", "10.0.0.1.2", "localhost", "example.com", "cafe.be", "",
            "01.2.3.4", "::g"})
    void anythingElseIsNotALiteralAndIsNeverLookedUp(String s) {
        var lookups = NameLookups.during(() -> assertThat(IpLiterals.parse(s)).isEmpty());
        assertThat(lookups).isEmpty();
        assertThat(IpLiterals.isLiteral(s)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.1.1", "::1", "fd00::1", "fe80::1"})
    void privateAddresses(String s) throws Exception {
        assertThat(IpLiterals.isPrivate(InetAddress.getByName(s))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"203.0.113.7", "8.8.8.8", "2001:db8::1"})
    void publicAddresses(String s) throws Exception {
        assertThat(IpLiterals.isPrivate(InetAddress.getByName(s))).isFalse();
    }
}
