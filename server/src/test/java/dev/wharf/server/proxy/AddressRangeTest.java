package dev.wharf.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AddressRangeTest {
    private static InetAddress a(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void containsWhatItsPrefixCovers() throws Exception {
        AddressRange r = AddressRange.parse("10.1.0.0/15");
        assertThat(r.contains(a("10.0.255.255"))).isTrue();
        assertThat(r.contains(a("10.1.2.3"))).isTrue();
        assertThat(r.contains(a("10.2.0.0"))).isFalse();
        assertThat(AddressRange.parse("192.0.2.7").contains(a("192.0.2.7"))).isTrue();
        assertThat(AddressRange.parse("192.0.2.7").contains(a("192.0.2.8"))).isFalse();
        assertThat(AddressRange.parse("0.0.0.0/0").contains(a("203.0.113.1"))).isTrue();
        assertThat(AddressRange.parse("fd00::/8").contains(a("fd12::1"))).isTrue();
        assertThat(AddressRange.parse("fd00::/8").contains(a("10.0.0.1"))).isFalse();
    }

    @Test
    void anIpv4MappedAddressIsItsIpv4Address() throws Exception {
        assertThat(AddressRange.parse("192.0.2.0/24").contains(a("::ffff:192.0.2.9"))).isTrue();
    }

    @Test
    void refusesNamesAndBadPrefixes() {
        assertThatThrownBy(() -> AddressRange.parse("lb.example")).hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> AddressRange.parse("10.0.0.0/33")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> AddressRange.parse("10.0.0.0/x")).hasMessageContaining("must be a number");
        assertThat(AddressRange.parseList(" 10.0.0.0/8, 192.0.2.7 ,")).hasSize(2);
    }
}
