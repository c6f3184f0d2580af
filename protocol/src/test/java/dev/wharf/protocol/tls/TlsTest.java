package dev.wharf.protocol.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;

class TlsTest {

    /** A session that only knows what resumedFrom looks at. */
    static SSLSession session(long creationTime, String peerHost, int peerPort) {
        return (SSLSession) Proxy.newProxyInstance(TlsTest.class.getClassLoader(), new Class<?>[] {SSLSession.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getCreationTime" -> creationTime;
                    case "getPeerHost" -> peerHost;
                    case "getPeerPort" -> peerPort;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    static Tls tls(List<String> protocols, List<String> suites) throws Exception {
        return new Tls(SSLContext.getDefault(), protocols, suites, Tls.ClientAuth.NONE, 1000);
    }

    @Test
    void noSessionIsNeverAResumption() {
        var s = session(1000, "10.0.0.1", 40000);
        assertThat(Tls.resumedFrom(null, null)).isFalse();
        assertThat(Tls.resumedFrom(null, s)).isFalse();
        assertThat(Tls.resumedFrom(s, null)).isFalse();
    }

    @Test
    void resumedSessionSharesCreationTimeAndPeer() {
        var control = session(1000, "10.0.0.1", 40000);
        assertThat(Tls.resumedFrom(session(1000, "10.0.0.1", 40000), control)).isTrue();
        assertThat(Tls.resumedFrom(session(1001, "10.0.0.1", 40000), control)).isFalse();
        assertThat(Tls.resumedFrom(session(1000, "10.0.0.2", 40000), control)).isFalse();
        assertThat(Tls.resumedFrom(session(1000, "10.0.0.1", 40001), control)).isFalse();
    }

    @Test
    void unsupportedProtocolsAreDroppedInOrder() throws Exception {
        assertThat(tls(List.of("SSLv2", "TLSv1.3", "TLSv9", "TLSv1.2"), Tls.DEFAULT_CIPHER_SUITES).protocols())
                .containsExactly("TLSv1.3", "TLSv1.2");
    }

    @Test
    void onlyUnsupportedProtocolsIsAClearError() {
        assertThatThrownBy(() -> tls(List.of("SSLv2", "TLSv9"), Tls.DEFAULT_CIPHER_SUITES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("none of the configured TLS protocols [SSLv2, TLSv9] is supported by this JDK");
    }

    @Test
    void onlyUnsupportedCipherSuitesIsAClearError() {
        assertThatThrownBy(() -> tls(Tls.DEFAULT_PROTOCOLS, List.of("TLS_NO_SUCH_SUITE")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cipher suites [TLS_NO_SUCH_SUITE]");
    }

    @Test
    void defaultsAreAllSupportedByThisJdk() throws Exception {
        var supported = SSLContext.getDefault().getSupportedSSLParameters();
        assertThat(supported.getProtocols()).contains(Tls.DEFAULT_PROTOCOLS.toArray(String[]::new));
        assertThat(supported.getCipherSuites()).contains(Tls.DEFAULT_CIPHER_SUITES.toArray(String[]::new));
    }
}
