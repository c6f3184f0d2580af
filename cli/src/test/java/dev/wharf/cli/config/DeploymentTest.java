package dev.wharf.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wharf.ldap.LdapSettings;
import dev.wharf.ldap.LdapUsers;
import dev.wharf.protocol.tls.Identity;
import dev.wharf.server.auth.Permission;
import dev.wharf.s3.S3StorageProvider;
import dev.wharf.server.auth.UsersFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploymentTest {
    private static final Pattern PASSWORD_NOTICE = Pattern.compile("Created user 'wharf' with password (\\S+) ");
    private static Identity identity;

    @TempDir
    Path state;

    @BeforeAll
    static void generate() {
        identity = Identity.selfSigned("deployment.test", List.of("localhost"));
    }

    /** Settings as if given on the command line: key, value, key, value... */
    private Map<Setting, ConfigFile.Value> settings(String... keyValues) {
        var values = new EnumMap<Setting, ConfigFile.Value>(Setting.class);
        values.put(Setting.STATE_DIR, new ConfigFile.Value(state.toString(), "option --state-dir"));
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(Setting.byKey(keyValues[i]).orElseThrow(),
                    new ConfigFile.Value(keyValues[i + 1], "option --" + keyValues[i]));
        }
        return values;
    }

    private Deployment.Prepared prepare(String... keyValues) throws ConfigException {
        return Deployment.prepare(settings(keyValues));
    }

    private static String password(Deployment.Prepared p) {
        return p.notices().stream().map(PASSWORD_NOTICE::matcher).filter(java.util.regex.Matcher::find)
                .map(m -> m.group(1)).findFirst().orElseThrow(() -> new AssertionError("no password in " + p.notices()));
    }

    private Path writePem(String name, String... blocks) throws Exception {
        var mime = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        var sb = new StringBuilder();
        for (int i = 0; i < blocks.length; i++) {
            byte[] der = blocks[i].equals("CERTIFICATE") ? identity.certificate().getEncoded() : identity.key().getEncoded();
            sb.append("-----BEGIN ").append(blocks[i]).append("-----\n").append(mime.encodeToString(der))
                    .append("\n-----END ").append(blocks[i]).append("-----\n");
        }
        return Files.writeString(state.resolve(name), sb);
    }

    // ---- storage ----

    @Test
    void storageIsEachUsersHomeFolderUnlessS3IsChosen() throws Exception {
        assertThat(prepare().config().storageProvider()).isNotInstanceOf(S3StorageProvider.class);
        var p = prepare("storage", "s3", "s3-bucket", "ftp-files", "s3-endpoint", "http://127.0.0.1:9000",
                "s3-path-style", "yes", "s3-prefix", "users");
        assertThat(p.config().storageProvider()).isInstanceOfSatisfying(S3StorageProvider.class, S3StorageProvider::close);
    }

    @Test
    void s3StorageNeedsABucketAndAUrl() {
        assertThatThrownBy(() -> prepare("storage", "s3"))
                .isInstanceOf(ConfigException.class).hasMessage("storage = s3 needs s3-bucket: the bucket that holds the users' files");
        assertThatThrownBy(() -> prepare("storage", "s3", "s3-bucket", "b", "s3-endpoint", "127.0.0.1:9000"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("s3-endpoint: expected a URL like http://127.0.0.1:9000");
        assertThatThrownBy(() -> prepare("storage", "ftp"))
                .isInstanceOf(ConfigException.class).hasMessage("option --storage: storage: expected local or s3, not 'ftp'");
    }

    // ---- first and second start ----

    @Test
    void firstStartCreatesTheUserWharfAndTellsItsPasswordOnce() throws Exception {
        var p = prepare();
        assertThat(p.usersFile()).isEqualTo(state.resolve("users")).exists();
        String password = password(p);
        assertThat(password).hasSize(20);
        var user = UsersFile.load(p.usersFile()).authenticate("wharf", password).orElseThrow();
        assertThat(user.writable()).isTrue();
        assertThat(user.home()).isEqualTo(state.resolve("files").toAbsolutePath()).isDirectory();
        assertThat(p.notices()).anySatisfy(n -> assertThat(n).isEqualTo("Its files are in " + user.home()));
        assertThat(p.config().authenticator().authenticate("wharf", password)).isPresent();
    }

    @Test
    void firstStartGeneratesASelfSignedKeystore() throws Exception {
        var p = prepare();
        Path keystore = state.resolve("tls/self-signed.p12");
        assertThat(keystore).isRegularFile();
        assertThat(p.certificateSource()).isEqualTo("self-signed " + keystore + " (generated now)");
        assertThat(p.certificateFingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}")
                .isEqualTo(p.config().tls().identity().sha256Fingerprint());
        assertThat(p.notices()).anySatisfy(n -> assertThat(n).startsWith("Generated a self-signed certificate in " + keystore));
        var sans = p.config().tls().identity().certificate().getSubjectAlternativeNames();
        assertThat(sans).contains(List.of(2, "localhost"), List.of(7, "127.0.0.1"));
    }

    @Test
    void generatedFilesAreReadableByTheOwnerOnly() throws Exception {
        assumeTrue(state.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file permissions");
        prepare();
        for (Path secret : List.of(state.resolve("users"), state.resolve("tls/self-signed.p12"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).as(secret.toString()).isEqualTo("rw-------");
        }
    }

    @Test
    void secondStartReusesUsersAndCertificate() throws Exception {
        var first = prepare();
        String usersBefore = Files.readString(first.usersFile());
        var second = prepare();
        assertThat(second.certificateFingerprint()).isEqualTo(first.certificateFingerprint());
        assertThat(second.certificateSource()).doesNotContain("generated now");
        assertThat(second.notices()).isEmpty();
        assertThat(Files.readString(first.usersFile())).isEqualTo(usersBefore);
        assertThat(second.config().authenticator().authenticate("wharf", password(first))).isPresent();
    }

    @Test
    void theUsersFileIsReadAgainWhileWatched() throws Exception {
        var p = prepare();
        var users = UsersFile.load(p.usersFile());
        users.put(new UsersFile.Entry("bob", dev.wharf.server.auth.PasswordHash.create("bob-pw", 1000), false, state));
        users.save();
        try (var watching = p.config().authenticator().watch((changedOrRemoved, removed) -> { })) {
            dev.wharf.server.support.Await.until("bob known", () -> p.config().authenticator().authenticate("bob", "bob-pw").isPresent(),
                    () -> "not yet");
        }
    }

    @Test
    void usersFileAndFilesDirCanBeElsewhere() throws Exception {
        var p = prepare("users-file", state.resolve("etc/wharf-users").toString(), "files-dir", state.resolve("data").toString());
        assertThat(p.usersFile()).isEqualTo(state.resolve("etc/wharf-users")).exists();
        assertThat(UsersFile.load(p.usersFile()).get("wharf").orElseThrow().home()).isEqualTo(state.resolve("data"));
        assertThat(state.resolve("users")).doesNotExist();
    }

    // ---- an LDAP directory instead of the users file ----

    @Test
    void anLdapUrlReplacesTheUsersFile() throws Exception {
        var p = prepare("users-ldap-url", "ldaps://directory.example.org", "users-ldap-bind-dn", "uid={0},ou=people,dc=example,dc=org",
                "users-ldap-rights-attribute", "employeeType");
        assertThat(p.usersFile()).isNull();
        assertThat(state.resolve("users")).doesNotExist();
        assertThat(p.notices()).contains("Users: the LDAP directory ldaps://directory.example.org (users-ldap-url); the users file is not read");
        LdapSettings ldap = ((LdapUsers) p.config().authenticator()).settings();
        assertThat(ldap.bindDnPattern()).isEqualTo("uid={0},ou=people,dc=example,dc=org");
        assertThat(ldap.search()).isNull();
        assertThat(ldap.startTls()).isFalse();
        assertThat(ldap.homeAttribute()).isEqualTo("homeDirectory");
        assertThat(ldap.homeRoot()).isEqualTo(state.resolve("files").toAbsolutePath());
        assertThat(ldap.rights()).isEqualTo(new LdapSettings.Rights("employeeType", "rw", "ro", null));
        assertThat(ldap.connectTimeout()).hasSeconds(5);
        assertThat(ldap.readTimeout()).hasSeconds(10);
        assertThat(ldap.trustedCertificates()).isEmpty();
        assertThat(p.config().authenticator().homes()).containsExactly(ldap.homeRoot());
    }

    @Test
    void ldapSearchThenBindWithItsServiceAccountAndCa() throws Exception {
        Path ca = writePem("ca.pem", "CERTIFICATE");
        var values = settings("users-ldap-url", "ldap://directory.example.org", "users-ldap-start-tls", "yes",
                "users-ldap-search-base", "ou=people,dc=example,dc=org", "users-ldap-service-dn", "cn=wharf,dc=example,dc=org",
                "users-ldap-service-password", "service-secret", "users-ldap-home-attribute", "", "users-ldap-home-root", state.resolve("homes").toString(),
                "users-ldap-default-rights", "ro", "users-ldap-ca", ca.toString(), "users-ldap-read-timeout", "30s");
        LdapSettings ldap = ((LdapUsers) Deployment.prepare(values).config().authenticator()).settings();
        assertThat(ldap.startTls()).isTrue();
        assertThat(ldap.search()).isEqualTo(new LdapSettings.Search("ou=people,dc=example,dc=org", "(uid={0})",
                "cn=wharf,dc=example,dc=org", "service-secret"));
        assertThat(ldap.homeAttribute()).isNull();
        assertThat(ldap.homeRoot()).isEqualTo(state.resolve("homes"));
        assertThat(ldap.rights()).isEqualTo(new LdapSettings.Rights(null, "rw", "ro", Permission.readOnly()));
        assertThat(ldap.trustedCertificates()).containsExactly(identity.certificate());
        assertThat(ldap.readTimeout()).hasSeconds(30);
        assertThat(ConfigFile.template(values)).doesNotContain("service-secret").contains("# users-ldap-service-password = (set, not printed: a secret)");
    }

    @Test
    void wrongLdapSettingsNameTheSetting() {
        assertThatThrownBy(() -> prepare("users-ldap-url", "http://directory.example.org", "users-ldap-bind-dn", "uid={0}",
                "users-ldap-default-rights", "rw"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("option --users-ldap-url: users-ldap-url: ").hasMessageContaining("ldap://");
        assertThatThrownBy(() -> prepare("users-ldap-url", "ldap://directory.example.org", "users-ldap-default-rights", "rw"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("users-ldap-url: give either a bind DN pattern or a search");
        assertThatThrownBy(() -> prepare("users-ldap-url", "ldap://directory.example.org", "users-ldap-bind-dn", "uid={0}",
                "users-ldap-default-rights", "all")).isInstanceOf(ConfigException.class)
                .hasMessage("option --users-ldap-default-rights: users-ldap-default-rights: expected none, ro or rw, not 'all'");
        assertThatThrownBy(() -> prepare("users-ldap-url", "ldap://directory.example.org", "users-ldap-bind-dn", "uid={0}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("users-ldap-rights-attribute: neither a rights attribute nor the rights of every user");
        assertThatThrownBy(() -> prepare("users-ldap-url", "ldap://directory.example.org", "users-ldap-bind-dn", "uid={0}",
                "users-ldap-default-rights", "rw", "users-ldap-ca", state.resolve("missing.pem").toString())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("users-ldap-ca: ").hasMessageContaining("missing.pem");
        assertThat(state.resolve("users")).doesNotExist();
    }

    @Test
    void transferLogDefaultsToTheStateDirAndCanBeOff() throws Exception {
        assertThat(prepare().config().transferLog()).isEqualTo(state.resolve("xferlog"));
        assertThat(prepare("transfer-log", "OFF").config().transferLog()).isNull();
    }

    // ---- configured certificates ----

    @Test
    void pemCertificateAndKeyFiles() throws Exception {
        Path cert = writePem("cert.pem", "CERTIFICATE");
        Path key = writePem("key.pem", "PRIVATE KEY");
        var p = prepare("tls-certificate", cert.toString(), "tls-key", key.toString());
        assertThat(p.certificateFingerprint()).isEqualTo(identity.sha256Fingerprint());
        assertThat(p.certificateSource()).isEqualTo("PEM " + cert);
        assertThat(state.resolve("tls")).doesNotExist();
    }

    @Test
    void keyDefaultsToTheCertificateFile() throws Exception {
        Path both = writePem("both.pem", "CERTIFICATE", "PRIVATE KEY");
        assertThat(prepare("tls-certificate", both.toString()).certificateFingerprint()).isEqualTo(identity.sha256Fingerprint());
    }

    @Test
    void missingCertificateFileIsNamed() {
        Path missing = state.resolve("no-such-cert.pem");
        assertThatThrownBy(() -> prepare("tls-certificate", missing.toString()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("not found");
    }

    @Test
    void keystoreWithPassword() throws Exception {
        Path p12 = state.resolve("id.p12");
        identity.savePkcs12(p12, "pw".toCharArray());
        var p = prepare("tls-keystore", p12.toString(), "tls-keystore-password", "pw");
        assertThat(p.certificateFingerprint()).isEqualTo(identity.sha256Fingerprint());
        assertThat(p.certificateSource()).isEqualTo("keystore " + p12);
    }

    @Test
    void keystoreWithWrongPasswordIsAConfigError() throws Exception {
        Path p12 = state.resolve("id.p12");
        identity.savePkcs12(p12, "pw".toCharArray());
        assertThatThrownBy(() -> prepare("tls-keystore", p12.toString(), "tls-keystore-password", "nope"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cannot load the TLS certificate: cannot read keystore " + p12)
                .hasMessageContaining("password");
    }

    // ---- errors name their origin ----

    @Test
    void badOptionValueNamesTheOption() {
        assertThatThrownBy(() -> prepare("idle-timeout", "soon"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("option --idle-timeout: idle-timeout: expected a duration like 500ms, 30s, 5m or 2h, not 'soon'");
    }

    @Test
    void badFileValueNamesTheFileAndLine() throws Exception {
        Path conf = Files.writeString(state.resolve("wharf.conf"), "# test\nexplicit-port = 2121\nmax-line-length = 100\n");
        var values = ConfigFile.read(conf);
        values.put(Setting.STATE_DIR, new ConfigFile.Value(state.toString(), "test"));
        assertThatThrownBy(() -> Deployment.prepare(values))
                .isInstanceOf(ConfigException.class)
                .hasMessage(conf + ":3: max-line-length: max-line-length must be at least 512");
    }

    @Test
    void bothListenersOffIsAConfigError() {
        assertThatThrownBy(() -> prepare("explicit-port", "off", "implicit-port", "off"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("both listeners are off");
    }

    @Test
    void damagedUsersFileIsAConfigError() throws Exception {
        Files.writeString(state.resolve("users"), "wharf:not-a-hash:rw:/srv\n");
        assertThatThrownBy(() -> prepare())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("users file: " + state.resolve("users") + ":1: password hash must start with");
    }

    @Test
    void randomPasswordsAvoidLookAlikes() {
        String p = Deployment.randomPassword();
        assertThat(p).hasSize(20).doesNotContainAnyWhitespaces().matches("[A-HJ-NP-Za-km-z2-9]+");
        assertThat(Deployment.randomPassword()).isNotEqualTo(p);
    }
}
