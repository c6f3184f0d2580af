package dev.wharf.ldap;

import static dev.wharf.ldap.ExampleDirectory.PEOPLE;
import static dev.wharf.ldap.ExampleDirectory.person;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.server.auth.AuthResult;
import dev.wharf.server.auth.ClientContext;
import dev.wharf.server.auth.LoginFailure;
import dev.wharf.server.auth.LoginRequest;
import dev.wharf.server.auth.Permission;
import dev.wharf.server.auth.User;
import dev.wharf.server.support.TestServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** LdapUsers against a real (in-memory) directory: both ways to find the user, the mapping, TLS, and what must fail. */
class LdapUsersTest {
    private static final String PASSWORD = "secret";
    private static final String WRITERS = "cn=writers,ou=groups,dc=example,dc=org";

    @TempDir
    Path root;

    private InMemoryDirectory directory;

    @BeforeEach
    void start() throws Exception {
        directory = new InMemoryDirectory(
                person("alice", PASSWORD, "employeeType: rw"),
                person("bob", PASSWORD, "employeeType: ro", "homeDirectory: shared/bob"),
                person("carol", PASSWORD, "seeAlso: " + WRITERS, "homeDirectory: " + root.resolve("carol-files")),
                person("dave", PASSWORD),
                person("mallory", PASSWORD, "employeeType: rw", "homeDirectory: ../../etc"),
                person("trudy", PASSWORD, "employeeType: rw", "homeDirectory: /etc"),
                person("a,dc=x", PASSWORD, "employeeType: rw", "homeDirectory: odd"),
                person("alice2", PASSWORD, "employeeType: rw"));
    }

    @AfterEach
    void stop() {
        directory.close();
    }

    private LdapUsers direct(Consumer<LdapSettings.Builder> change) {
        return users(directory.ldap(), b -> {
            b.bindDnPattern("uid={0}," + PEOPLE);
            change.accept(b);
        });
    }

    private LdapUsers searching(Consumer<LdapSettings.Builder> change) {
        return users(directory.ldap(), b -> {
            b.search(new LdapSettings.Search(PEOPLE, "(&(objectClass=inetOrgPerson)(uid={0}))",
                    ExampleDirectory.SERVICE_DN, ExampleDirectory.SERVICE_PASSWORD));
            change.accept(b);
        });
    }

    private LdapUsers users(URI url, Consumer<LdapSettings.Builder> change) {
        var b = LdapSettings.builder(url, root).homeAttribute("homeDirectory")
                .rights(LdapSettings.Rights.byAttribute("employeeType"))
                .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(10));
        change.accept(b);
        return new LdapUsers(b.build());
    }

    private static AuthResult login(LdapUsers users, String name, String password) {
        return users.authenticate(new LoginRequest(name, password, ClientContext.unknown()));
    }

    private static User user(AuthResult result) {
        assertThat(result).isInstanceOf(AuthResult.Success.class);
        return ((AuthResult.Success) result).user();
    }

    private static LoginFailure failure(AuthResult result) {
        assertThat(result).isInstanceOf(AuthResult.Failure.class);
        return ((AuthResult.Failure) result).reason();
    }

    @Test
    void directBindLogsInWithTheHomeAndRightsOfTheEntry() {
        LdapUsers users = direct(b -> { });
        assertThat(user(login(users, "alice", PASSWORD))).isEqualTo(new User("alice", root.resolve("alice"), true));
        assertThat(user(login(users, "bob", PASSWORD))).isEqualTo(new User("bob", root.resolve("shared/bob"), false));
    }

    @Test
    void searchThenBindLogsInWithTheHomeAndRightsOfTheEntry() {
        LdapUsers users = searching(b -> { });
        assertThat(user(login(users, "alice", PASSWORD))).isEqualTo(new User("alice", root.resolve("alice"), true));
        assertThat(user(login(users, "bob", PASSWORD))).isEqualTo(new User("bob", root.resolve("shared/bob"), false));
    }

    @Test
    void wrongPasswordFails() {
        assertThat(failure(login(direct(b -> { }), "alice", "wrong"))).isEqualTo(LoginFailure.WRONG_CREDENTIALS);
        assertThat(failure(login(searching(b -> { }), "alice", "wrong"))).isEqualTo(LoginFailure.WRONG_PASSWORD);
    }

    /** An unknown name binds all the same (with a DN that cannot exist), so it costs a wrong password's round trip. */
    @Test
    void unknownUserFailsAfterABindAsSlowAsAWrongPassword() {
        assertThat(failure(login(direct(b -> { }), "zoe", PASSWORD))).isEqualTo(LoginFailure.WRONG_CREDENTIALS);
        directory.operations.clear();
        assertThat(failure(login(searching(b -> { }), "zoe", PASSWORD))).isEqualTo(LoginFailure.UNKNOWN_USER);
        assertThat(directory.operations).anyMatch(op -> op.contains("BIND REQUEST") && op.contains("wharf-nobody-"));
    }

    /**
     * RFC 4513 5.1.2: a DN with an empty password is an unauthenticated bind, which some directories
     * answer with success (this one refuses it; SlapdIT sets up one that does not): it must never be sent.
     */
    @Test
    void emptyPasswordIsRefusedBeforeAnyBind() {
        directory.operations.clear();
        for (LdapUsers users : List.of(direct(b -> { }), searching(b -> { }))) {
            assertThat(failure(login(users, "alice", ""))).isEqualTo(LoginFailure.WRONG_CREDENTIALS);
        }
        assertThat(directory.operations).noneMatch(op -> op.contains("BIND REQUEST"));
    }

    /** Names that would widen the filter or change the DN if they were not escaped (RFC 4514, RFC 4515). */
    @ParameterizedTest
    @ValueSource(strings = {"*", "alic*", "alice)(uid=*", "*)(|(uid=*", "alice)", "alice\\2a", "alice," + PEOPLE, "alice\u0000"})
    void injectedNamesMatchNobody(String name) {
        for (LdapUsers users : List.of(direct(b -> { }), searching(b -> { }))) {
            assertThat(login(users, name, PASSWORD)).isInstanceOf(AuthResult.Failure.class);
        }
    }

    @Test
    void aNameWithDnAndFilterCharactersIsExactlyItsOwnEntry() {
        for (LdapUsers users : List.of(direct(b -> { }), searching(b -> { }))) {
            assertThat(user(login(users, "a,dc=x", PASSWORD)).home()).isEqualTo(root.resolve("odd"));
        }
    }

    @Test
    void homesOutsideTheHomeRootAreRefused() {
        for (LdapUsers users : List.of(direct(b -> { }), searching(b -> { }))) {
            assertThat(failure(login(users, "mallory", PASSWORD))).isEqualTo(LoginFailure.HOME_UNAVAILABLE);
            assertThat(failure(login(users, "trudy", PASSWORD))).isEqualTo(LoginFailure.HOME_UNAVAILABLE);
        }
    }

    @Test
    void aHomeLinkedOutOfTheRootIsRefused() throws Exception {
        Path outside = Files.createTempDirectory("wharf-outside-");
        try {
            Files.createSymbolicLink(root.resolve("odd"), outside); // a,dc=x's home
            assertThat(failure(login(direct(b -> { }), "a,dc=x", PASSWORD))).isEqualTo(LoginFailure.HOME_UNAVAILABLE);
        } finally {
            Files.delete(outside);
        }
    }

    @Test
    void anAbsoluteHomeInsideTheRootIsKept() {
        LdapUsers users = direct(b -> b.rights(new LdapSettings.Rights("seeAlso", "CN=Writers, OU=Groups, DC=example, DC=org", null, null)));
        assertThat(user(login(users, "carol", PASSWORD))).isEqualTo(new User("carol", root.resolve("carol-files"), true));
    }

    @Test
    void anEntryWithoutRightsIsRefusedUnlessEveryoneHasSome() {
        assertThat(failure(login(direct(b -> { }), "dave", PASSWORD))).isEqualTo(LoginFailure.DISABLED);
        LdapUsers readers = direct(b -> b.rights(new LdapSettings.Rights("employeeType", "rw", "ro", Permission.readOnly())));
        assertThat(user(login(readers, "dave", PASSWORD)).permissions()).isEqualTo(Permission.readOnly());
        assertThat(user(login(readers, "alice", PASSWORD)).permissions()).isEqualTo(Permission.all());
    }

    @Test
    void withoutAHomeAttributeTheHomeIsNamedAfterTheUser() {
        LdapUsers users = direct(b -> b.homeAttribute(null).rights(LdapSettings.Rights.everyone(Permission.all())));
        assertThat(user(login(users, "dave", PASSWORD))).isEqualTo(new User("dave", root.resolve("dave"), true));
        assertThat(users.homes()).containsExactly(root);
    }

    @Test
    void ambiguousSearchIsRefused() {
        LdapUsers users = searching(b -> b.search(new LdapSettings.Search(PEOPLE, "(|(uid={0})(uid=alice2))",
                ExampleDirectory.SERVICE_DN, ExampleDirectory.SERVICE_PASSWORD)));
        assertThat(failure(login(users, "alice", PASSWORD))).isEqualTo(LoginFailure.UNKNOWN_USER);
    }

    @Test
    void aRefusedServiceAccountIsAStoreFailureNotAWrongPassword() {
        LdapUsers users = searching(b -> b.search(new LdapSettings.Search(PEOPLE, "(uid={0})",
                ExampleDirectory.SERVICE_DN, "not-the-service-password")));
        assertThatThrownBy(() -> login(users, "alice", PASSWORD)).isInstanceOf(DirectoryUnavailableException.class)
                .hasMessageContaining("service account").hasMessageNotContaining("not-the-service-password");
    }

    @Test
    void directoryDownFailsTheLoginAndTheNextLoginTriesAgain() throws Exception {
        LdapUsers users = searching(b -> { });
        directory.stop();
        assertThatThrownBy(() -> login(users, "alice", PASSWORD)).isInstanceOf(DirectoryUnavailableException.class)
                .hasMessageContaining(directory.ldap().toString());
        directory.restart();
        assertThat(user(login(users, "alice", PASSWORD)).name()).isEqualTo("alice");
    }

    @Test
    void nothingListeningFailsWithTheUrl() {
        LdapUsers users = users(URI.create("ldap://127.0.0.1:" + TestServer.closedPort()), b -> b.bindDnPattern("uid={0}," + PEOPLE));
        assertThatThrownBy(() -> login(users, "alice", PASSWORD)).isInstanceOf(DirectoryUnavailableException.class)
                .hasMessageContaining("Connection refused");
    }

    /**
     * A directory that accepts the connection and then stops answering (before or after StartTLS)
     * fails the login by the timeouts, never hangs it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ldap", "ldaps", "startTls", "stalledAfterStartTls"})
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aStalledDirectoryFailsTheLogin(String how) throws Exception {
        try (var stalled = new StalledDirectory(how.equals("stalledAfterStartTls"))) {
            LdapUsers users = users(how.equals("ldaps") ? stalled.ldapsUrl() : stalled.url(), b -> b.bindDnPattern("uid={0}," + PEOPLE)
                    .startTls(how.contains("StartTls") || how.equals("startTls"))
                    .connectTimeout(Duration.ofSeconds(1)).readTimeout(Duration.ofSeconds(1)));
            assertThatThrownBy(() -> login(users, "alice", PASSWORD)).isInstanceOf(DirectoryUnavailableException.class);
        }
    }

    @Test
    void ldapsWithThePinnedCertificate() {
        LdapUsers users = users(directory.ldaps(), b -> b.bindDnPattern("uid={0}," + PEOPLE)
                .trustedCertificates(List.of(InMemoryDirectory.IDENTITY.certificate())));
        assertThat(user(login(users, "alice", PASSWORD)).name()).isEqualTo("alice");
        assertThat(failure(login(users, "alice", "wrong"))).isEqualTo(LoginFailure.WRONG_CREDENTIALS);
    }

    @Test
    void ldapsRefusesACertificateItDoesNotTrust() {
        LdapUsers users = users(directory.ldaps(), b -> b.bindDnPattern("uid={0}," + PEOPLE));
        assertThatThrownBy(() -> login(users, "alice", PASSWORD)).isInstanceOf(DirectoryUnavailableException.class);
    }

    @Test
    void ldapsChecksTheHostName() {
        URI byName = URI.create("ldaps://localhost:" + directory.ldaps().getPort()); // the certificate names 127.0.0.1 only
        LdapUsers users = users(byName, b -> b.bindDnPattern("uid={0}," + PEOPLE)
                .trustedCertificates(List.of(InMemoryDirectory.IDENTITY.certificate())));
        assertThatThrownBy(() -> login(users, "alice", PASSWORD)).isInstanceOf(DirectoryUnavailableException.class);
    }

    @Test
    void startTlsBeforeTheBinds() {
        LdapUsers users = searching(b -> b.startTls(true).trustedCertificates(List.of(InMemoryDirectory.IDENTITY.certificate())));
        assertThat(user(login(users, "alice", PASSWORD)).name()).isEqualTo("alice");
        assertThat(failure(login(users, "alice", "wrong"))).isEqualTo(LoginFailure.WRONG_PASSWORD);
    }

    /** No falling back to clear text: a directory without StartTLS fails the login. */
    @Test
    void startTlsIsRequiredOnceSet() {
        LdapUsers users = users(directory.ldapWithoutStartTls(), b -> b.bindDnPattern("uid={0}," + PEOPLE).startTls(true)
                .trustedCertificates(List.of(InMemoryDirectory.IDENTITY.certificate())));
        directory.operations.clear();
        assertThatThrownBy(() -> login(users, "alice", PASSWORD)).isInstanceOf(DirectoryUnavailableException.class);
        assertThat(directory.operations).noneMatch(op -> op.contains("BIND REQUEST"));
    }

    @Test
    void startTlsRefusesACertificateItDoesNotTrust() {
        LdapUsers users = direct(b -> b.startTls(true));
        assertThatThrownBy(() -> login(users, "alice", PASSWORD)).isInstanceOf(DirectoryUnavailableException.class);
    }

    @Test
    void settingsSayWhatIsWrong() {
        assertThatThrownBy(() -> LdapSettings.builder(URI.create("http://x"), root).bindDnPattern("uid={0}")
                .rights(LdapSettings.Rights.byAttribute("a")).build()).hasMessageContaining("ldap://");
        assertThatThrownBy(() -> LdapSettings.builder(directory.ldap(), root).bindDnPattern("uid=alice")
                .rights(LdapSettings.Rights.byAttribute("a")).build()).hasMessageContaining("{0}");
        assertThatThrownBy(() -> LdapSettings.builder(directory.ldaps(), root).startTls(true).bindDnPattern("uid={0}")
                .rights(LdapSettings.Rights.byAttribute("a")).build()).hasMessageContaining("StartTLS");
        assertThatThrownBy(() -> LdapSettings.builder(directory.ldap(), root)
                .rights(LdapSettings.Rights.byAttribute("a")).build()).hasMessageContaining("either");
        assertThatThrownBy(() -> LdapSettings.builder(directory.ldap(), root).bindDnPattern("uid={0},people")
                .rights(LdapSettings.Rights.byAttribute("a")).build()).hasMessageContaining("not a DN");
        assertThatThrownBy(() -> LdapSettings.builder(directory.ldap(), root).bindDnPattern("uid={0}").build())
                .hasMessageContaining("rights");
        assertThat(new LdapSettings.Search("ou=b", "(uid={0})", "cn=s", "hidden").toString()).doesNotContain("hidden");
    }
}
