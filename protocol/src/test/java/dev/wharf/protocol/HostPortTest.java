package dev.wharf.protocol;

import dev.wharf.protocol.testing.NameLookups;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.protocol.HostPort.UnsupportedNetworkProtocolException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostPortTest {

    static HostPort hp(String address, int port) throws UnknownHostException {
        return new HostPort(InetAddress.getByName(address), port);
    }

    // ---- PORT and 227 ----

    @Test
    void parsesAPortArgument() throws UnknownHostException {
        assertThat(HostPort.parsePortArgument("192,168,1,2,4,1")).isEqualTo(hp("192.168.1.2", 4 * 256 + 1));
        assertThat(HostPort.parsePortArgument(" 10,0,0,255,0,21 ")).isEqualTo(hp("10.0.0.255", 21));
    }

    @Test
    void formatsAPortArgument() throws UnknownHostException {
        assertThat(hp("192.168.1.200", 65535).toPortArgument()).isEqualTo("192,168,1,200,255,255");
        assertThat(hp("10.0.0.1", 50000).toPassiveReplyText()).isEqualTo("Entering Passive Mode (10,0,0,1,195,80)");
    }

    @Test
    void portArgumentRoundTrips() throws UnknownHostException {
        var hp = hp("172.16.254.3", 1025);
        assertThat(HostPort.parsePortArgument(hp.toPortArgument())).isEqualTo(hp);
    }

    @ParameterizedTest
    @ValueSource(strings = {"256,0,0,1,0,21", "10,0,0,1,256,0", "10,0,0,1,0,999"})
    void numbersAbove255AreRejected(String argument) {
        assertThatThrownBy(() -> HostPort.parsePortArgument(argument))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("255");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10,0,0,1,0", "10,0,0,1,0,21,7", "10.0.0.1,0,21", "a,b,c,d,e,f", "10,0,0,1,0,-1", "1000,0,0,1,0,21"})
    void malformedPortArgumentsAreRejected(String argument) {
        assertThatThrownBy(() -> HostPort.parsePortArgument(argument)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void passiveReplyNumbersAreFoundWithOrWithoutParentheses() throws UnknownHostException {
        assertThat(HostPort.parsePassiveReply("Entering Passive Mode (127,0,0,1,195,80).")).isEqualTo(hp("127.0.0.1", 50000));
        assertThat(HostPort.parsePassiveReply("Entering Passive Mode 127,0,0,1,195,80")).isEqualTo(hp("127.0.0.1", 50000));
    }

    @Test
    void passiveReplyWithoutNumbersIsRejected() {
        assertThatThrownBy(() -> HostPort.parsePassiveReply("Entering Passive Mode"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("227");
        assertThatThrownBy(() -> HostPort.parsePassiveReply("(127,0,0,1,300,1)")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ipv6CannotBeAPortArgument() throws UnknownHostException {
        assertThatThrownBy(() -> hp("::1", 21).toPortArgument())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IPv4");
    }

    // ---- EPRT and 229 ----

    @Test
    void parsesEprtForIpv4AndIpv6() throws UnknownHostException {
        assertThat(HostPort.parseEprtArgument("|1|132.235.1.2|6275|")).isEqualTo(hp("132.235.1.2", 6275));
        var v6 = HostPort.parseEprtArgument("|2|::1|5282|");
        assertThat(v6.address()).isInstanceOf(Inet6Address.class).isEqualTo(InetAddress.getByName("::1"));
        assertThat(v6.port()).isEqualTo(5282);
        assertThat(HostPort.parseEprtArgument("|2|1080::8:800:200C:417A|5282|").address())
                .isEqualTo(InetAddress.getByName("1080:0:0:0:8:800:200c:417a"));
    }

    @Test
    void eprtDelimiterIsTheFirstCharacter() throws UnknownHostException {
        assertThat(HostPort.parseEprtArgument("!1!10.0.0.1!21!")).isEqualTo(hp("10.0.0.1", 21));
        assertThat(HostPort.parseEprtArgument("#2#fe80::1#1025#").port()).isEqualTo(1025);
    }

    @Test
    void eprtRoundTrips() throws UnknownHostException {
        for (var hp : new HostPort[] {hp("10.1.2.3", 40000), hp("2001:db8::7", 21)}) {
            assertThat(HostPort.parseEprtArgument(hp.toEprtArgument())).isEqualTo(hp);
        }
        assertThat(hp("2001:db8::7", 21).toEprtArgument()).isEqualTo("|2|2001:db8:0:0:0:0:0:7|21|");
    }

    @Test
    void unknownNetworkProtocolIsItsOwnError() {
        assertThatThrownBy(() -> HostPort.parseEprtArgument("|3|10.0.0.1|21|"))
                .isInstanceOf(UnsupportedNetworkProtocolException.class)
                .hasMessageContaining("(1,2)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"|1|::1|21|", "|2|10.0.0.1|21|"})
    void addressMustMatchTheProtocol(String argument) {
        assertThatThrownBy(() -> HostPort.parseEprtArgument(argument))
                .isInstanceOf(IllegalArgumentException.class)
                .isNotInstanceOf(UnsupportedNetworkProtocolException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp.example.com", "localhost", "999.1.1.1", "10.0.0.1.5"})
    void hostNamesAreRejectedWithoutAskingDns(String host) {
        var lookups = NameLookups.during(() -> assertThatThrownBy(() -> HostPort.parseEprtArgument("|1|" + host + "|21|"))
                .isInstanceOf(IllegalArgumentException.class));
        assertThat(lookups).as("names looked up").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1:2", "::1.2.3.999", "1:2:3:4:5:6:7:8:9", "fe80::1:", "::g"})
    void badIpv6LiteralsAreRejectedWithoutAskingDns(String host) {
        var lookups = NameLookups.during(() -> assertThatThrownBy(() -> HostPort.parseEprtArgument("|2|" + host + "|21|"))
                .isInstanceOf(IllegalArgumentException.class));
        assertThat(lookups).as("names looked up").isEmpty();
    }

    @Test
    void lookupRecorderSeesLookups() {
        // Proves the check above can fail: the recording resolver is installed for this JVM.
        var lookups = NameLookups.during(() -> {
            try {
                InetAddress.getByName("wharf-recorder-check.invalid");
            } catch (UnknownHostException expected) {
                // no such name
            }
        });
        assertThat(lookups).containsExactly("wharf-recorder-check.invalid");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "65536", "", "21a", "-1", "+21", "123456", "٢١"})
    void badEprtPortsAreRejected(String port) {
        assertThatThrownBy(() -> HostPort.parseEprtArgument("|1|10.0.0.1|" + port + "|"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "|1|10.0.0.1|", "|1|10.0.0.1|21", "|1|10.0.0.1|21|x|", " 1 10.0.0.1 21 ", "|1|10.0.0.1!21!"})
    void malformedEprtIsRejected(String argument) {
        assertThatThrownBy(() -> HostPort.parseEprtArgument(argument)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void extendedPassiveReplyRoundTrips() {
        assertThat(HostPort.extendedPassiveReplyText(6446)).isEqualTo("Entering Extended Passive Mode (|||6446|)");
        assertThat(HostPort.parseExtendedPassiveReply("Entering Extended Passive Mode (|||6446|)")).isEqualTo(6446);
        assertThat(HostPort.parseExtendedPassiveReply("EPSV ok (!!!1025!).")).isEqualTo(1025);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Entering Extended Passive Mode", "(|||0|)", "(|||65536|)", "(||6446|)", "(|||6446!)", "(|||x|)", "(||||)"})
    void badExtendedPassiveRepliesAreRejected(String text) {
        assertThatThrownBy(() -> HostPort.parseExtendedPassiveReply(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void portOutOfRangeIsRejected() {
        assertThatThrownBy(() -> hp("10.0.0.1", 65536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> hp("10.0.0.1", -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
