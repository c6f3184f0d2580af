package dev.wharf.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.server.auth.InMemoryUsers;
import dev.wharf.server.support.RawClient;
import dev.wharf.server.support.TestServer;
import dev.wharf.server.support.TestServers;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Users removed or changed while the server runs (Authenticator.watch), with the remembered-login cache on. */
@Timeout(60)
class UserChangesTest {
    @RegisterExtension
    final TestServers servers = new TestServers();

    @TempDir
    Path homes;

    private InMemoryUsers users;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        users = new InMemoryUsers(1000)
                .add("alice", "alice-pw", homes, true)
                .add("bob", "bob-pw", homes, true);
        server = servers.start(b -> b.authenticator(users));
    }

    private RawClient loggedIn(String user, String password) throws Exception {
        RawClient client = server.explicitTls();
        client.login(user, password);
        return client;
    }

    @Test
    void aRemovedUsersSessionsGet421AndAreClosedAndOthersStay() throws Exception {
        RawClient alice = loggedIn("alice", "alice-pw");
        RawClient aliceAgain = loggedIn("alice", "alice-pw"); // the second login comes from the cache
        RawClient bob = loggedIn("bob", "bob-pw");
        RawClient notLoggedIn = server.explicitTls();

        users.remove("alice");

        for (RawClient session : new RawClient[] {alice, aliceAgain}) {
            assertThat(session.expectReply(421).text()).isEqualTo("Your account was removed or disabled; closing the connection");
            session.awaitClosedByServer();
        }
        bob.expect(200, "NOOP");
        notLoggedIn.expect(200, "NOOP");
        RawClient next = server.explicitTls();
        next.expect(331, "USER alice");
        next.expect(530, "PASS alice-pw");
    }

    @Test
    void withCloseSessionsOfRemovedUsersOffARemovedUsersSessionGoesOnButCannotLogInAgain() throws Exception {
        server.close();
        server = servers.start(b -> b.authenticator(users).closeSessionsOfRemovedUsers(false));
        RawClient alice = loggedIn("alice", "alice-pw");

        users.remove("alice");

        alice.expect(257, "PWD");
        RawClient next = server.explicitTls();
        next.expect(331, "USER alice");
        next.expect(530, "PASS alice-pw");
        alice.expect(200, "NOOP"); // still: the refusal was of the new login only
    }

    @Test
    void aChangedPasswordKeepsOpenSessionsAndRefusesTheOldOneFromTheCache() throws Exception {
        RawClient alice = loggedIn("alice", "alice-pw");

        users.add("alice", "new-pw", homes, true);

        alice.expect(200, "NOOP");
        RawClient next = server.explicitTls();
        next.expect(331, "USER alice");
        next.expect(530, "PASS alice-pw");
        next.login("alice", "new-pw");
    }
}
