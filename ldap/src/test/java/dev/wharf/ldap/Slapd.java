package dev.wharf.ldap;

import static org.assertj.core.api.Assertions.fail;

import dev.wharf.server.support.Await;
import dev.wharf.server.support.ExternalPeer;
import dev.wharf.server.support.TestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenLDAP {@code slapd} (Debian packages {@code slapd}, {@code ldap-utils}) in a folder of its
 * own: a slapd.conf with the standard schemas and an mdb database of the {@link ExampleDirectory} with
 * {@code ldif} in it (loaded with
 * slapadd before it starts), a certificate made by openssl for 127.0.0.1, listening on free loopback
 * ports for ldap:// (with StartTLS) and ldaps://. It refuses simple binds without TLS ({@code security
 * simple_bind}), so a password sent in clear fails instead of passing unnoticed, and answers
 * unauthenticated binds (a DN with no password, RFC 4513 5.1.2) with success, as permissive
 * directories do, so that a store sending them would be caught. The memberof overlay gives the members
 * of groups {@link #add added} their memberOf.
 */
public final class Slapd implements AutoCloseable {
    private static final String ADMIN_DN = "cn=admin," + ExampleDirectory.BASE;
    private static final String ADMIN_PASSWORD = "admin-secret";

    private final Path dir;
    private final Path conf;
    private Process process;
    private final int ldapPort;
    private final int ldapsPort;

    /** Skips (fails in CI) the calling test unless slapd, slapadd, ldapwhoami and openssl are installed. */
    public static void assumeInstalled() {
        ExternalPeer.assumeInstalled("slapd");
        ExternalPeer.assumeInstalled("slapadd", "slapd");
        ExternalPeer.assumeInstalled("ldapwhoami", "ldap-utils");
        ExternalPeer.assumeInstalled("ldapadd", "ldap-utils");
        ExternalPeer.assumeInstalled("openssl");
    }

    public Slapd(Path dir, String ldif) throws Exception {
        this.dir = dir;
        ExternalPeer.run(dir, List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-keyout", "key.pem", "-out", "cert.pem", "-days", "2", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1")).assertOk();
        Files.createDirectories(dir.resolve("db"));
        conf = dir.resolve("slapd.conf");
        Files.writeString(conf, String.join("\n",
                "include /etc/ldap/schema/core.schema",
                "include /etc/ldap/schema/cosine.schema",
                "include /etc/ldap/schema/nis.schema",
                "include /etc/ldap/schema/inetorgperson.schema",
                "pidfile " + dir.resolve("slapd.pid"),
                "modulepath /usr/lib/ldap",
                "moduleload back_mdb",
                "moduleload memberof",
                "TLSCertificateFile " + dir.resolve("cert.pem"),
                "TLSCertificateKeyFile " + dir.resolve("key.pem"),
                "allow bind_anon_dn",
                "security simple_bind=1",
                "database mdb",
                "suffix \"" + ExampleDirectory.BASE + "\"",
                "rootdn \"" + ADMIN_DN + "\"",
                "rootpw " + ADMIN_PASSWORD,
                "directory " + dir.resolve("db"),
                "overlay memberof", // users get memberOf for the groupOfNames that name them, as in AD and 389-ds
                "access to attrs=userPassword by anonymous auth by * none",
                "access to * by * read",
                ""), StandardCharsets.UTF_8);
        Path data = dir.resolve("entries.ldif");
        Files.writeString(data, "dn: " + ExampleDirectory.BASE + "\nobjectClass: domain\ndc: example\n\n"
                + "dn: " + ExampleDirectory.PEOPLE + "\nobjectClass: organizationalUnit\nou: people\n\n"
                + "dn: " + ExampleDirectory.SERVICE_DN + "\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\n"
                + "cn: wharf\nuserPassword: " + ExampleDirectory.SERVICE_PASSWORD + "\n\n"
                + ldif, StandardCharsets.UTF_8);
        ExternalPeer.run(dir, List.of("slapadd", "-f", conf.toString(), "-l", data.toString())).assertOk();
        ldapPort = TestServer.closedPort();
        ldapsPort = TestServer.closedPort();
        restart();
    }

    /** Starts slapd (again, after {@link #close}) on the same ports and database. */
    public void restart() throws IOException {
        Path log = dir.resolve("slapd.log");
        process = new ProcessBuilder("slapd", "-d", "0", "-f", conf.toString(),
                "-h", "ldap://127.0.0.1:" + ldapPort + "/ ldaps://127.0.0.1:" + ldapsPort + "/")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Await.until("slapd listening on " + ldapPort + " and " + ldapsPort,
                () -> !process.isAlive() || (listening(ldapPort) && listening(ldapsPort)), this::log);
        if (!process.isAlive()) {
            fail("slapd exited with " + process.exitValue() + ":\n" + log());
        }
    }

    /**
     * Adds {@code ldif} through slapd itself (ldapadd, as the admin, over StartTLS), so that its
     * overlays see it: a group added this way gives its members their memberOf.
     */
    public void add(String ldif) throws Exception {
        Path file = Files.writeString(Files.createTempFile(dir, "add-", ".ldif"), ldif, StandardCharsets.UTF_8);
        ExternalPeer.run(dir, List.of("env", "LDAPTLS_CACERT=" + certificate(), "ldapadd", "-x", "-ZZ", "-H", ldap().toString(),
                "-D", ADMIN_DN, "-w", ADMIN_PASSWORD, "-f", file.toString())).assertOk();
    }

    public URI ldap() {
        return URI.create("ldap://127.0.0.1:" + ldapPort);
    }

    public URI ldaps() {
        return URI.create("ldaps://127.0.0.1:" + ldapsPort);
    }

    /** The certificate slapd presents (self-signed, for 127.0.0.1). */
    public Path certificate() {
        return dir.resolve("cert.pem");
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("slapd.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static boolean listening(int port) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
