package dev.wharf.protocol.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The calls JSSE makes for one handshake, with a swap falling between them. */
class SwappableKeyManagerTest {
    private static final Identity A = Identity.selfSigned("localhost", List.of("localhost"));
    private static final Identity B = Identity.selfSigned("localhost", List.of("localhost"));

    @Test
    void aSwapBetweenChoosingAnAliasAndReadingItsKeyKeepsTheKeyAndChainOfOneIdentity() {
        var keys = new SwappableKeyManager(A);
        String chosen = keys.chooseServerAlias("EC", null, null);

        keys.swap(B);

        assertThat(keys.getPrivateKey(chosen)).isEqualTo(A.key());
        assertThat(keys.getCertificateChain(chosen)).containsExactly(A.certificate());
        String next = keys.chooseServerAlias("EC", null, null);
        assertThat(keys.getPrivateKey(next)).isEqualTo(B.key());
        assertThat(keys.getCertificateChain(next)).containsExactly(B.certificate());
        assertThat(keys.identity()).isEqualTo(B);
    }

    @Test
    void aKeyTypeTheIdentityDoesNotHaveIsNotChosen() {
        assertThat(new SwappableKeyManager(A).chooseServerAlias("RSA", null, null)).isNull();
    }
}
