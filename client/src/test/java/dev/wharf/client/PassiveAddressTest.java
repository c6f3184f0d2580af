package dev.wharf.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.protocol.HostPort;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class PassiveAddressTest {

    @Test
    void replacesAPrivateAddressBehindNatWithTheControlPeer() throws Exception {
        var reply = HostPort.parsePassiveReply("Entering Passive Mode (192,168,1,20,195,80)");
        assertThat(reply.port()).isEqualTo(50000);
        InetAddress control = InetAddress.getByName("203.0.113.7");
        assertThat(PassiveAddress.choose(reply.address(), control)).isEqualTo(control);
    }

    @Test
    void keepsARoutableAddressAndPrivateToPrivate() throws Exception {
        InetAddress publicOther = InetAddress.getByName("198.51.100.9");
        assertThat(PassiveAddress.choose(publicOther, InetAddress.getByName("203.0.113.7"))).isEqualTo(publicOther);
        InetAddress lan = InetAddress.getByName("10.0.0.5");
        assertThat(PassiveAddress.choose(lan, InetAddress.getByName("10.0.0.1"))).isEqualTo(lan);
    }

    @Test
    void replacesTheWildcardAndCgnat() throws Exception {
        InetAddress control = InetAddress.getByName("203.0.113.7");
        assertThat(PassiveAddress.choose(InetAddress.getByName("0.0.0.0"), control)).isEqualTo(control);
        assertThat(PassiveAddress.choose(InetAddress.getByName("100.64.3.4"), control)).isEqualTo(control);
    }

    @Test
    void reads229Replies() {
        assertThat(HostPort.parseExtendedPassiveReply("Entering Extended Passive Mode (|||6446|)")).isEqualTo(6446);
    }
}
