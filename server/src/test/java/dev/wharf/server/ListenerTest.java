package dev.wharf.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.protocol.tls.Identity;
import dev.wharf.server.auth.InMemoryUsers;
import dev.wharf.server.config.ServerConfig;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A listener that cannot bind tells the admin why and what to do (issue 2, §2). */
@Timeout(30)
class ListenerTest {
    @TempDir
    Path home;

    @Test
    void aPortInUseIsNamedWithTheOptionToChangeIt() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket taken = new ServerSocket(0, 1, loopback)) {
            ServerConfig config = ServerConfig.builder()
                    .listenAddresses(List.of(loopback))
                    .explicitPort(0).implicitPort(taken.getLocalPort())
                    .identity(Identity.selfSigned("localhost", List.of("localhost")))
                    .authenticator(new InMemoryUsers(1000).add("alice", "secret", home, true))
                    .build();
            assertThatThrownBy(() -> WharfServer.start(config))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("port " + taken.getLocalPort() + " (implicit FTPS)")
                    .hasMessageContaining("already in use")
                    .hasMessageContaining("--implicit-port");
        }
    }

    @Test
    void aPrivilegedPortWithoutTheRightNamesBothFixes() {
        // The tests run as root, where binding port 21 works; the advice is checked on the exception
        // the JDK throws for an unprivileged process.
        String advice = Listener.bindAdvice(new BindException("Permission denied"), false, InetAddress.getLoopbackAddress(), 21);
        assertThat(advice)
                .contains("port 21 (explicit FTPS)", "permission denied", "CAP_NET_BIND_SERVICE",
                        "--explicit-port 2121", "setcap cap_net_bind_service=+ep");
    }
}
