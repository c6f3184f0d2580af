package dev.wharf.ldap;

import static dev.wharf.ldap.ExampleDirectory.PEOPLE;
import static dev.wharf.ldap.ExampleDirectory.person;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.client.FtpsClient;
import dev.wharf.client.FtpsException;
import dev.wharf.client.FtpsSession;
import dev.wharf.client.TlsMode;
import dev.wharf.client.TrustPolicy;
import dev.wharf.server.auth.AuthResult;
import dev.wharf.server.auth.ClientContext;
import dev.wharf.server.auth.LoginFailure;
import dev.wharf.server.auth.LoginRequest;
import dev.wharf.server.support.ExternalPeer;
import dev.wharf.server.support.RawClient;
import dev.wharf.server.support.TestServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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

/**
 * LdapUsers against a real OpenLDAP slapd, and a real Wharf server using it: a client logs in with its
 * directory password and uploads.
 */
@Timeout(120)
class SlapdIT {
    private static final String PASSWORD = TestServer.PASSWORD;

    @TempDir
    Path dir;

    private Path root;
    private Slapd slapd;

    @BeforeEach
    void start() throws Exception {
        Slapd.assumeInstalled();
        root = Files.createDirectories(dir.resolve("homes"));
        Path ldapDir = Files.createDirectories(dir.resolve("slapd"));
        slapd = new Slapd(ldapDir, String.join("\n",
                person(TestServer.USER, PASSWORD, "employeeType: rw"),
                person(TestServer.READ_ONLY_USER, PASSWORD, "employeeType: ro")));
    }

    @AfterEach
    void stop() throws Exception {
        if (slapd != null) {
            slapd.close();
        }
    }

    private LdapUsers users(URI url, Consumer<LdapSettings.Builder> change) throws Exception {
        var b = LdapSettings.builder(url, root).homeAttribute("homeDirectory")
                .rights(LdapSettings.Rights.byAttribute("employeeType"))
                .trustedCertificates(LdapSettings.readCertificates(slapd.certificate()))
                .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(10));
        change.accept(b);
        return new LdapUsers(b.build());
    }

    private LdapUsers searchingWithStartTls() throws Exception {
        return users(slapd.ldap(), b -> b.startTls(true).search(new LdapSettings.Search(PEOPLE, "(uid={0})",
                ExampleDirectory.SERVICE_DN, ExampleDirectory.SERVICE_PASSWORD)));
    }

    private static AuthResult login(LdapUsers users, String name, String password) {
        return users.authenticate(new LoginRequest(name, password, ClientContext.unknown()));
    }

    private static FtpsClient client(TestServer server, String user, String password) {
        return FtpsClient.builder().host(RawClient.HOST).port(server.explicitPort()).mode(TlsMode.EXPLICIT)
                .credentials(user, password).trust(TrustPolicy.pinned(TestServer.PIN))
                .replyTimeout(Duration.ofSeconds(10)).build();
    }

    @Test
    void aWharfServerLogsInDirectoryUsersWhoUploadWithTheirRights() throws Exception {
        LdapUsers users = searchingWithStartTls();
        try (TestServer server = TestServer.builder().root(root).readOnlyUser().config(b -> b.authenticator(users)).start()) {
            uploadAndRefuse(server);
        }
    }

    private void uploadAndRefuse(TestServer server) throws Exception {
        byte[] content = "uploaded by a directory user\n".getBytes(StandardCharsets.UTF_8);
        try (FtpsSession session = client(server, TestServer.USER, PASSWORD).connect()) {
            session.upload(new ByteArrayInputStream(content), "up.txt");
            var down = new ByteArrayOutputStream();
            session.download("up.txt", down);
            assertThat(down.toByteArray()).isEqualTo(content);
        }
        assertThat(root.resolve(TestServer.USER).resolve("up.txt")).hasBinaryContent(content);
        try (FtpsSession session = client(server, TestServer.READ_ONLY_USER, PASSWORD).connect()) {
            assertThatThrownBy(() -> session.upload(new ByteArrayInputStream(content), "up.txt"))
                    .isInstanceOf(FtpsException.class).satisfies(e -> assertThat(((FtpsException) e).replyCode()).isEqualTo(550));
        }
        for (String[] wrong : new String[][] {{TestServer.USER, "wrong"}, {"nobody", PASSWORD}, {"*", PASSWORD}, {TestServer.USER, ""}}) {
            assertThatThrownBy(() -> client(server, wrong[0], wrong[1]).connect())
                    .isInstanceOf(FtpsException.class).satisfies(e -> assertThat(((FtpsException) e).replyCode()).isEqualTo(530));
        }
    }

    @Test
    void ldapsWithDirectBind() throws Exception {
        LdapUsers users = users(slapd.ldaps(), b -> b.bindDnPattern("uid={0}," + PEOPLE));
        assertThat(user(login(users, TestServer.USER, PASSWORD)).writable()).isTrue();
        assertThat(user(login(users, TestServer.READ_ONLY_USER, PASSWORD)).writable()).isFalse();
        assertThat(login(users, TestServer.USER, "wrong")).isEqualTo(AuthResult.failure(LoginFailure.WRONG_CREDENTIALS));
        assertThat(login(users, "nobody", PASSWORD)).isEqualTo(AuthResult.failure(LoginFailure.WRONG_CREDENTIALS));
    }

    /** Rights from group membership: memberOf, which slapd's memberof overlay keeps, holds the groups' DNs. */
    @Test
    void rightsFromGroupMembership() throws Exception {
        slapd.add(String.join("\n",
                "dn: ou=groups," + ExampleDirectory.BASE, "objectClass: organizationalUnit", "ou: groups", "",
                "dn: cn=ftp-writers,ou=groups," + ExampleDirectory.BASE, "objectClass: groupOfNames", "cn: ftp-writers",
                "member: uid=" + TestServer.READ_ONLY_USER + "," + PEOPLE, "",
                "dn: cn=ftp-readers,ou=groups," + ExampleDirectory.BASE, "objectClass: groupOfNames", "cn: ftp-readers",
                "member: uid=" + TestServer.USER + "," + PEOPLE, ""));
        LdapUsers users = users(slapd.ldaps(), b -> b.bindDnPattern("uid={0}," + PEOPLE).rights(new LdapSettings.Rights("memberOf",
                "CN=FTP-Writers,OU=Groups," + ExampleDirectory.BASE, "cn=ftp-readers, ou=groups, " + ExampleDirectory.BASE, null)));
        assertThat(user(login(users, TestServer.READ_ONLY_USER, PASSWORD)).writable()).isTrue();
        assertThat(user(login(users, TestServer.USER, PASSWORD)).writable()).isFalse();
    }

    /** slapd demands TLS for simple binds here: a plain ldap:// store fails loudly, it does not send the password anyway. */
    @Test
    void aDirectoryDemandingTlsRefusesAPlainBind() throws Exception {
        LdapUsers users = users(slapd.ldap(), b -> b.bindDnPattern("uid={0}," + PEOPLE));
        assertThatThrownBy(() -> login(users, TestServer.USER, PASSWORD)).isInstanceOf(DirectoryUnavailableException.class)
                .hasMessageContaining("13"); // confidentialityRequired, RFC 4511 4.1.9
    }

    /** The classic hole: this slapd answers a DN with an empty password as a successful (anonymous) bind. */
    @Test
    void emptyPasswordIsRefusedThoughTheDirectoryWouldAcceptIt() throws Exception {
        var whoami = ExternalPeer.run(List.of("env", "LDAPTLS_CACERT=" + slapd.certificate(), "ldapwhoami", "-x", "-ZZ",
                "-H", slapd.ldap().toString(), "-D", "uid=" + TestServer.USER + "," + PEOPLE, "-w", ""));
        assertThat(whoami.assertOk().output()).contains("anonymous");
        for (LdapUsers users : List.of(searchingWithStartTls(), users(slapd.ldaps(), b -> b.bindDnPattern("uid={0}," + PEOPLE)))) {
            assertThat(login(users, TestServer.USER, "")).isEqualTo(AuthResult.failure(LoginFailure.WRONG_CREDENTIALS));
        }
    }

    @Test
    void slapdStoppedFailsTheLoginAndTheNextOneTriesAgain() throws Exception {
        LdapUsers users = searchingWithStartTls();
        try (TestServer server = TestServer.builder().root(root).config(b -> b.authenticator(users)).start()) {
            slapd.close();
            // The server decides what the client hears: 451, try again later (the store failed, not the client).
            assertThatThrownBy(() -> client(server, TestServer.USER, PASSWORD).connect()).isInstanceOf(FtpsException.class)
                    .satisfies(e -> assertThat(((FtpsException) e).replyCode()).isEqualTo(451));
            slapd.restart();
            try (FtpsSession session = client(server, TestServer.USER, PASSWORD).connect()) {
                assertThat(session.list("/")).isEmpty();
            }
        }
    }

    private static dev.wharf.server.auth.User user(AuthResult result) {
        assertThat(result).isInstanceOf(AuthResult.Success.class);
        return ((AuthResult.Success) result).user();
    }
}
