package dev.wharf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.server.config.ServerConfig;
import dev.wharf.server.support.TestServer;
import org.junit.jupiter.api.Test;

/** wharf probe against Wharf itself, whose behaviour is known. */
class ProbeCommandTest extends ClientTestBase {

    private String implicitPort() {
        return Integer.toString(server.wharf().implicitPort());
    }

    private String explicitPort() {
        return Integer.toString(server.wharf().explicitPort());
    }

    @Test
    void explicitUrlWithCredentialsReportsEverything() {
        var result = wharf("probe", explicitUrl("/"), "--implicit-port", implicitPort());
        assertThat(result.exitCode()).as(result.err()).isZero();
        String out = result.out();
        String explicit = "explicit FTPS (AUTH TLS) on 127.0.0.1:" + explicitPort() + ":";
        String implicit = "implicit FTPS on 127.0.0.1:" + implicitPort() + ":";
        assertThat(section(out, explicit)).contains("supported: yes").contains("greeting: 220")
                .contains("FEAT before TLS: AUTH TLS;SSL;");
        assertThat(section(out, implicit)).contains("before TLS: nothing sent").contains("supported: yes")
                .contains("certificate: the same as on 127.0.0.1:" + explicitPort());
        assertThat(section(out, "TLS versions:")).contains("TLSv1.3: accepted: TLSv1.3 TLS_")
                .contains("TLSv1.2: accepted: TLSv1.2 TLS_ECDHE_");
        assertThat(section(out, "certificate:")).contains("[0] subject: CN=localhost").contains("DNS:localhost")
                .contains("IP:127.0.0.1").contains("[0] SHA-256: " + TestServer.PIN).contains("trusted: yes (pinned fingerprint)");
        assertThat(section(out, "features:")).contains("AUTH: TLS;SSL;").contains("AUTH SSL: accepted")
                .contains("CCC: not advertised").contains("MLSD: advertised").contains("UTF8: advertised")
                .contains("HASH: advertised: ");
        assertThat(section(out, "protection:")).contains("PROT P without PBSZ: 503").contains("PBSZ 0: 200")
                .contains("PROT P: 200");
        assertThat(section(out, "login:")).contains("logged in as alice");
        assertThat(section(out, "data connections:")).contains("EPSV: 229").contains("PASV: 227")
                .contains("LIST, data TLS resuming the control session: ok").contains("session resumed")
                .contains("TLS session reuse: required");
        assertThat(section(out, "Deviations from MS-FTPS / RFC 4217:")).contains("none found in what was tested");
        assertThat(out).doesNotContain("Not tested:");
    }

    @Test
    void implicitUrlProbesImplicitFullyAndExplicitForSupport() {
        var result = wharf("probe", implicitUrl("/"), "--explicit-port", explicitPort());
        assertThat(result.exitCode()).as(result.err()).isZero();
        String out = result.out();
        assertThat(section(out, "implicit FTPS on 127.0.0.1:" + implicitPort() + ":")).contains("supported: yes")
                .contains("greeting (inside TLS): 220");
        assertThat(section(out, "explicit FTPS (AUTH TLS) on 127.0.0.1:" + explicitPort() + ":")).contains("supported: yes");
        assertThat(section(out, "protection:")).contains("PBSZ/PROT on implicit FTPS: not needed")
                .contains("AUTH TLS inside implicit TLS: 503");
        assertThat(out).contains("TLS session reuse: required").contains("none found in what was tested");
    }

    @Test
    void withoutCredentialsItSaysWhatItSkipped() {
        String noUser = "ftp://127.0.0.1:" + explicitPort() + "/";
        var result = wharfIn(noPassword(), "probe", noUser, "--implicit-port", implicitPort());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("credentials: none").doesNotContain("logged in")
                .contains("PROT P without PBSZ: 503")
                .contains("Not tested:").contains("login, PASV/EPSV, data connections and TLS session reuse: no credentials");
    }

    @Test
    void anUnreachableOtherFlavourIsReportedCleanly() {
        var result = wharf("probe", explicitUrl("/"), "--implicit-port", Integer.toString(TestServer.closedPort()));
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).containsPattern("implicit FTPS on 127\\.0\\.0\\.1:\\d+:\\n  supported: not reachable: connect:");
    }

    @Test
    void anUntrustedCertificateIsShownButGetsNoPassword() {
        var result = Cli.runIn(withPassword(TestServer.PASSWORD), "probe", explicitUrl("/"),
                "--implicit-port", implicitPort());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("[0] SHA-256: " + TestServer.PIN).contains("trusted: NO")
                .contains("login and data connections: the certificate is not trusted").doesNotContain("logged in");
    }

    @Test
    void aServerThatDoesNotRequireReuseAndRefusesAuthSsl() throws Exception {
        server.close();
        server = TestServer.builder().root(dir.resolve("server2")).config(b -> b
                .dataSessionReuse(ServerConfig.DataSessionReuse.OFF)
                .allowAuthSsl(false)).start();
        var result = wharf("probe", explicitUrl("/"), "--implicit-port", implicitPort());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("AUTH: TLS;").contains("AUTH SSL: refused")
                .contains("LIST, data TLS with a new session: ok").contains("TLS session reuse: not required")
                .contains("none found in what was tested");
    }

    @Test
    void unreachableServerExitsWith3() {
        var result = wharf("probe", "ftp://alice@127.0.0.1:" + TestServer.closedPort() + "/",
                "--implicit-port", Integer.toString(TestServer.closedPort()));
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.out()).contains("not reachable");
    }

    @Test
    void badPasswordExitsWith5() {
        var result = wharfIn(withPassword("wrong"), "probe", explicitUrl("/"), "--implicit-port", implicitPort());
        assertThat(result.exitCode()).isEqualTo(5);
        assertThat(result.out()).contains("USER/PASS: refused: 530");
    }

    @Test
    void jsonIsOneObjectPerLine() {
        var result = wharf("probe", explicitUrl("/"), "--implicit-port", implicitPort(), "--json");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().lines()).isNotEmpty().allSatisfy(line ->
                assertThat(line).startsWith("{\"section\":\"").contains("\"check\":\"").endsWith("\"}"));
        assertThat(result.out()).contains("{\"section\":\"data connections\",\"check\":\"TLS session reuse\","
                + "\"result\":\"required: ");
    }

    /** The lines of one section of the text report: from its heading to the next unindented line. */
    private static String section(String out, String heading) {
        int start = out.indexOf(heading + "\n");
        assertThat(start).as("section '%s' in:%n%s", heading, out).isNotNegative();
        var sb = new StringBuilder();
        for (String line : out.substring(start + heading.length() + 1).split("\n")) {
            if (!line.startsWith("  ")) {
                break;
            }
            sb.append(line).append('\n');
        }
        return sb.toString();
    }
}
