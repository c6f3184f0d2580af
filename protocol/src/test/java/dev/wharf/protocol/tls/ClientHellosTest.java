package dev.wharf.protocol.tls;

import dev.wharf.protocol.testing.LoopbackTls;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The PSK identities of real JSSE ClientHellos, captured on the server side of a data connection. */
class ClientHellosTest {

    @Test
    void aFullHandshakeOffersNoTicketAndAResumptionOffersOne() throws Exception {
        try (var tls = new LoopbackTls("TLSv1.3")) {
            var first = tls.dataHandshake(tls.client, new Socket(), false);
            assertThat(first.server().offeredPskIdentities()).isEmpty();
            first.server().sendHeldTickets();
            first.server().out().write('x');
            first.server().out().flush();
            assertThat(first.client().getInputStream().read()).isEqualTo('x'); // the client takes its ticket

            var second = tls.dataHandshake(tls.client, new Socket(), false);
            assertThat(second.server().offeredPskIdentities()).hasSize(1);
            assertThat(ClientHellos.fingerprint(second.server().offeredPskIdentities().get(0))).hasSize(32);
        }
    }

    @Test
    void garbageAndCutShortMessagesGiveNothing() {
        assertThat(ClientHellos.pskIdentities(new byte[0])).isEmpty();
        assertThat(ClientHellos.pskIdentities(new byte[] {1, 0, 0, 50, 3, 3})).isEmpty();
        var random = new Random(7);
        for (int i = 0; i < 1000; i++) {
            byte[] b = new byte[random.nextInt(300)];
            random.nextBytes(b);
            if (b.length > 0) {
                b[0] = 1;
            }
            assertThat(ClientHellos.pskIdentities(b)).isNotNull();
        }
    }
}
