package dev.wharf.server.support;

import dev.wharf.protocol.tls.Identity;
import dev.wharf.server.auth.Authenticator;
import dev.wharf.server.config.ServerConfig;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * The configuration every test server starts from, in this module and in the client's and the
 * program's tests: loopback only, ports the system picks, one self-signed certificate per JVM, no
 * delay after a wrong password, a short grace on stop.
 */
public final class LoopbackServerConfig {
    /** Made once: generating a key costs time, and every test trusts the same fingerprint. */
    public static final Identity IDENTITY = Identity.selfSigned("localhost", List.of("localhost", "127.0.0.1", "::1"));

    private LoopbackServerConfig() {}

    public static ServerConfig.Builder builder(Authenticator users) {
        return ServerConfig.builder()
                .listenAddresses(List.of(InetAddress.getLoopbackAddress()))
                .explicitPort(0)
                .implicitPort(0)
                .identity(IDENTITY)
                .authenticator(users)
                .failedLoginDelay(Duration.ZERO)
                .shutdownGrace(Duration.ofSeconds(2));
    }
}
