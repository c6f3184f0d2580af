package dev.wharf.cli;

import static dev.wharf.ldap.ExampleDirectory.person;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.ldap.ExampleDirectory;
import dev.wharf.ldap.Slapd;
import dev.wharf.server.support.ExternalPeer;
import dev.wharf.server.support.RawClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wharf serve --users-ldap-url ...}, as a process, against a real slapd: curl logs in with a
 * directory password and uploads into the home the directory entry names; no users file is made.
 */
@Timeout(180)
class ServeLdapIT {
    private static final String PASSWORD = "directory-password-1";

    @TempDir
    Path dir;

    private Slapd slapd;
    private ServeProcess serve;
    private Path homes;

    @BeforeEach
    void start() throws Exception {
        Slapd.assumeInstalled();
        ExternalPeer.assumeInstalled("curl");
        homes = Files.createDirectories(dir.resolve("homes"));
        Files.createDirectories(homes.resolve("projects/alice"));
        slapd = new Slapd(Files.createDirectories(dir.resolve("slapd")),
                person("alice", PASSWORD, "employeeType: rw", "homeDirectory: projects/alice"));
        serve = ServeProcess.start(dir.resolve("serve.log"), "--state-dir", dir.resolve("state").toString(),
                "--listen-addresses", RawClient.HOST, "--explicit-port", "0", "--implicit-port", "off", "--transfer-log", "off",
                "--users-ldap-url", slapd.ldap().toString(), "--users-ldap-start-tls", "yes",
                "--users-ldap-search-base", ExampleDirectory.PEOPLE, "--users-ldap-service-dn", ExampleDirectory.SERVICE_DN,
                "--users-ldap-service-password", ExampleDirectory.SERVICE_PASSWORD,
                "--users-ldap-home-root", homes.toString(), "--users-ldap-rights-attribute", "employeeType",
                "--users-ldap-ca", slapd.certificate().toString());
    }

    @AfterEach
    void stop() throws Exception {
        if (serve != null) {
            serve.close();
        }
        if (slapd != null) {
            slapd.close();
        }
    }

    @Test
    void curlLogsInWithItsDirectoryPasswordAndUploadsIntoItsDirectoryHome() throws Exception {
        assertThat(serve.output()).contains("Users: the LDAP directory " + slapd.ldap()).doesNotContain("users file:");
        Path upload = Files.writeString(dir.resolve("report.txt"), "from the directory\n");
        curl("alice:" + PASSWORD, "--upload-file", upload.toString(), url("report.txt")).assertOk();
        assertThat(homes.resolve("projects/alice/report.txt")).hasContent("from the directory");

        ExternalPeer.Result refused = curl("alice:wrong", url(""));
        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(67); // CURLE_LOGIN_DENIED
        assertThat(dir.resolve("state/users")).doesNotExist();
        assertThat(Files.readString(dir.resolve("serve.log"))).doesNotContain(PASSWORD).doesNotContain(ExampleDirectory.SERVICE_PASSWORD);
    }

    private String url(String path) {
        return "ftp://" + RawClient.HOST + ":" + serve.explicitPort() + "/" + path;
    }

    private static ExternalPeer.Result curl(String credentials, String... args) throws Exception {
        var command = new java.util.ArrayList<>(List.of("curl", "--ssl-reqd", "--insecure", "--silent", "--show-error",
                "--max-time", "20", "--user", credentials));
        command.addAll(List.of(args));
        return ExternalPeer.run(command);
    }
}
