package dev.wharf.server.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.server.auth.AuthResult;
import dev.wharf.server.auth.Authenticator;
import dev.wharf.server.auth.LoginFailure;
import dev.wharf.server.auth.LoginRequest;
import dev.wharf.server.auth.Permission;
import dev.wharf.server.auth.User;
import dev.wharf.server.spi.ServerEvents;
import dev.wharf.server.spi.SessionInfo;
import dev.wharf.server.support.TestServer;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user store as an embedder writes one: it decides on the client's context (address, TLS, HOST)
 * and says why a login failed; the server logs and reports the reason, the client gets 530.
 */
class AuthenticatorContextTest {
    @TempDir
    Path root;

    /** Only carol, only over TLS, only for the virtual host ftp.example.com; rights without delete. */
    static final class VirtualHostUsers implements Authenticator {
        final List<LoginRequest> seen = new CopyOnWriteArrayList<>();
        private final Path home;

        VirtualHostUsers(Path home) {
            this.home = home;
        }

        @Override
        public AuthResult authenticate(LoginRequest request) {
            seen.add(request);
            if (!request.name().equals("carol")) {
                return AuthResult.failure(LoginFailure.UNKNOWN_USER);
            }
            if (request.client().tlsSession() == null || !"ftp.example.com".equals(request.client().host())) {
                return AuthResult.failure(LoginFailure.DISABLED);
            }
            return request.password().equals(TestServer.PASSWORD)
                    ? AuthResult.success(new User("carol", home, EnumSet.of(Permission.LIST, Permission.READ, Permission.WRITE)))
                    : AuthResult.failure(LoginFailure.WRONG_PASSWORD);
        }

        @Override
        public Optional<User> authenticate(String name, String password) {
            return Optional.empty(); // this store needs the context
        }
    }

    @Test
    void theStoreSeesTheContextAndTheServerReportsItsReasons() throws Exception {
        var users = new VirtualHostUsers(root);
        var failures = new CopyOnWriteArrayList<String>();
        ServerEvents events = new ServerEvents() {
            @Override
            public void loginFailed(SessionInfo s, String user, LoginFailure reason) {
                failures.add(user + " " + reason);
            }
        };
        try (var server = TestServer.builder().root(root).readOnlyUser()
                .config(b -> b.authenticator(users).eventListener(events).loginCacheTtl(java.time.Duration.ZERO))
                .start()) {
            try (var c = RawClient.explicitTlsOnly(server.explicitPort())) {
                c.command("USER carol", 331);
                assertThat(c.command("PASS " + TestServer.PASSWORD).code()).isEqualTo(530); // no HOST yet
            }
            try (var c = RawClient.explicitTlsOnly(server.explicitPort())) {
                c.command("HOST ftp.example.com", 220);
                c.command("USER mallory", 331);
                c.command("PASS x", 530);
                c.command("USER carol", 331);
                c.command("PASS " + TestServer.PASSWORD, 230);
                c.command("MKD ok", 550); // the store gave no MKDIR right
            }
        }
        LoginRequest last = users.seen.get(users.seen.size() - 1);
        assertThat(last.client().address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(last.client().implicit()).isFalse();
        assertThat(last.client().tlsSession().getProtocol()).startsWith("TLSv1.");
        assertThat(last.client().host()).isEqualTo("ftp.example.com");
        assertThat(last.toString()).doesNotContain(TestServer.PASSWORD);
        assertThat(failures).containsExactly("carol DISABLED", "mallory UNKNOWN_USER");
    }
}
