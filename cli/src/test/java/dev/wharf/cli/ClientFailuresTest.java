package dev.wharf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.server.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Exit codes scripts rely on, password sources, and trust in certificates. */
class ClientFailuresTest extends ClientTestBase {

    @Test
    void badPasswordExitsWith5() {
        var result = wharfIn(withPassword("wrong"), "ls", explicitUrl("/"));
        assertThat(result.exitCode()).isEqualTo(5);
        assertThat(result.err()).contains("login as 'alice' failed").doesNotContain("wrong").doesNotContain("\tat ");
    }

    @Test
    void missingRemoteFileExitsWith6AndLeavesNoLocalFile() {
        Path target = local.resolve("nothing.bin");
        var result = wharf("get", explicitUrl("/nothing.bin"), target.toString());
        assertThat(result.exitCode()).isEqualTo(6);
        assertThat(result.err()).contains("wharf: SIZE /nothing.bin failed").contains("550");
        assertThat(target).doesNotExist();
        assertThat(wharf("rm", explicitUrl("/nothing.bin")).exitCode()).isEqualTo(6);
    }

    @Test
    void errorsAreAlsoJsonWithJson() {
        var result = wharf("rm", explicitUrl("/nothing.bin"), "--json");
        assertThat(result.exitCode()).isEqualTo(6);
        assertThat(result.out()).startsWith("{\"ok\":false,\"exitCode\":6,\"error\":\"").endsWith("}" + System.lineSeparator());
    }

    @Test
    void wrongPinExitsWith4() {
        String otherPin = "AB:".repeat(31) + "AB";
        var result = Cli.runIn(withPassword(TestServer.PASSWORD), "ls", explicitUrl("/"), "--pin", otherPin);
        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(result.err()).contains(TestServer.PIN).contains("not the pinned");
    }

    @Test
    void selfSignedCertificateIsRefusedByDefault() {
        var result = Cli.runIn(withPassword(TestServer.PASSWORD), "ls", implicitUrl("/"));
        assertThat(result.exitCode()).isEqualTo(4);
    }

    @Test
    void connectionRefusedExitsWith3() {
        var result = wharf("ls", "ftp://alice@127.0.0.1:" + TestServer.closedPort() + "/");
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).contains("could not connect to 127.0.0.1:");
    }

    @Test
    void missingLocalFileExitsWith9() {
        var result = wharf("put", local.resolve("missing.bin").toString(), explicitUrl("/"));
        assertThat(result.exitCode()).isEqualTo(9);
        assertThat(result.err()).contains("no such local file");
    }

    @Test
    void plainFtpIsRefusedWithAReason() {
        var result = wharf("ls", explicitUrl("/"), "--plain");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("plain FTP (--plain) is not supported");
    }

    @Test
    void argumentErrorsExitWith2AndUsageErrorsWith1() {
        assertThat(wharf("ls", "http://example.com/").exitCode()).isEqualTo(2);
        assertThat(wharf("ls", "ftp://alice@127.0.0.1:99999/").exitCode()).isEqualTo(2);
        assertThat(wharf("ls", explicitUrl("/"), "--tls", "1.1").exitCode()).isEqualTo(2);
        assertThat(wharf("ls", implicitUrl("/"), "--auth-ssl").exitCode()).isEqualTo(2);
        assertThat(wharf("ls", explicitUrl("/"), "--no-such-option").exitCode()).isEqualTo(1);
        assertThat(wharf("get", explicitUrl("/dir/")).exitCode()).isEqualTo(2);
    }

    @Test
    void withoutAnyPasswordSourceItSaysWhereToPutOne() {
        var result = wharfIn(noPassword(), "ls", explicitUrl("/"));
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("no password for alice@127.0.0.1: set WHARF_PASSWORD");
    }

    @Test
    void passwordFromANetrcFile() throws Exception {
        Path netrc = Files.writeString(dir.resolve("netrc"), "machine other login x password y\n"
                + "machine 127.0.0.1\n  login alice\n  password \"secret\"\n");
        var result = wharfIn(noPassword(), "ls", explicitUrl("/"), "--netrc", netrc.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
    }

    @Test
    void userAndPasswordFromTheHomeNetrc() throws Exception {
        Files.writeString(home.resolve(".netrc"), "default login alice password secret\n");
        String noUser = "ftp://127.0.0.1:" + server.wharf().explicitPort() + "/";
        var result = wharfIn(noPassword(), "ls", noUser);
        assertThat(result.exitCode()).as(result.err()).isZero();
    }

    @Test
    void aPasswordInTheUrlWorksButWarns() {
        String url = "ftp://alice:secret@127.0.0.1:" + server.wharf().explicitPort() + "/";
        var result = wharfIn(noPassword(), "ls", url);
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("warning: the password in the URL is visible to other users");
    }

    @Test
    void knownHostsTrustsOnFirstUseAndPrintsTheFingerprint() throws Exception {
        Path knownHosts = home.resolve(".config/wharf/known_hosts");
        var env = withPassword(TestServer.PASSWORD);
        var first = Cli.runIn(env, "ls", explicitUrl("/"), "--known-hosts");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.err()).contains("first connection to 127.0.0.1:" + server.wharf().explicitPort())
                .contains("SHA-256 fingerprint: " + TestServer.PIN);
        assertThat(knownHosts).content().contains("127.0.0.1:" + server.wharf().explicitPort() + " " + TestServer.PIN);

        var second = Cli.runIn(env, "ls", explicitUrl("/"), "--known-hosts");
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.err()).doesNotContain("first connection");
    }

    @Test
    void knownHostsRefusesAChangedCertificateLoudly() throws Exception {
        Path knownHosts = dir.resolve("kh");
        String other = "12:".repeat(31) + "12";
        Files.writeString(knownHosts, "127.0.0.1:" + server.wharf().implicitPort() + " " + other + "\n");
        var result = Cli.runIn(withPassword(TestServer.PASSWORD), "ls", implicitUrl("/"),
                "--known-hosts-file", knownHosts.toString());
        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(result.err()).contains("HAS CHANGED").contains(other).contains(TestServer.PIN);
        assertThat(knownHosts).content().doesNotContain(TestServer.PIN);
    }

    @Test
    void pinAndKnownHostsTogetherIsAnArgumentError() {
        var result = wharf("ls", explicitUrl("/"), "--known-hosts");
        assertThat(result.exitCode()).isEqualTo(2);
    }

    @Test
    void helpListsExitCodesAndExplainsWhyThereIsNoInsecure() {
        var help = Cli.runIn(Environment.of(Map.of(), home), "get", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Exit codes:").contains("8   data connection refused because the server requires TLS session reuse")
                .contains("There is no --insecure").contains("--resume").contains("--pin=SHA256");
        var top = Cli.runIn(Environment.of(Map.of(), home), "--help");
        assertThat(top.out()).contains("Exit codes:").contains("probe").contains("mirror");
    }
}
