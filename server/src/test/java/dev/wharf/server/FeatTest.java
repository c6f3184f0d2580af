package dev.wharf.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.server.support.RawClient;
import dev.wharf.server.support.TestServers;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** FEAT: the exact reply form of RFC 2389 3.2 and the security features of RFC 4217 and MS-FTPS 3.2.5.5. */
@Timeout(60)
class FeatTest {
    @RegisterExtension
    final TestServers servers = new TestServers();

    @Test
    void replyHasTheExactFormOfRfc2389() throws Exception {
        String feat = servers.start().explicit().commandRaw("FEAT");

        assertThat(feat).startsWith("211-").endsWith("\r\n211 End\r\n");
        assertThat(feat.replace("\r\n", "")).as("CR and LF only in CRLF pairs").doesNotContain("\r", "\n");
        List<String> features = featureLines(feat);
        assertThat(features).isNotEmpty().allSatisfy(line ->
                assertThat(line).as("a feature line").matches(" [^ ].*"));
    }

    @Test
    void defaultFeatures() throws Exception {
        List<String> features = featureLines(servers.start().explicit().commandRaw("FEAT"));

        assertThat(features).contains(" AUTH TLS;SSL;", " PBSZ", " PROT P;", " UTF8", " HOST");
        assertThat(features).noneMatch(line -> line.startsWith(" CCC"));
    }

    @Test
    void clearDataAddsProtC() throws Exception {
        List<String> features = featureLines(servers.start(b -> b.allowClearData(true)).explicit().commandRaw("FEAT"));

        assertThat(features).contains(" PROT C;P;").doesNotContain(" PROT P;");
    }

    @Test
    void allowedCccIsListedOnExplicitSessions() throws Exception {
        List<String> features = featureLines(servers.start(b -> b.allowCcc(true)).explicit().commandRaw("FEAT"));

        assertThat(features).contains(" CCC");
    }

    @Test
    void cccIsNeverListedOnImplicitSessions() throws Exception {
        // MS-FTPS 3.2.5.2: CCC is always refused on implicit sessions, so it is not a feature there.
        List<String> features = featureLines(servers.start(b -> b.allowCcc(true)).implicit().commandRaw("FEAT"));

        assertThat(features).noneMatch(line -> line.startsWith(" CCC"));
        assertThat(features).contains(" AUTH TLS;SSL;", " PBSZ", " PROT P;"); // informational (MS-FTPS 3.2.5.5)
    }

    @Test
    void authSslIsNotListedWhenDisabled() throws Exception {
        List<String> features = featureLines(servers.start(b -> b.allowAuthSsl(false)).explicit().commandRaw("FEAT"));

        assertThat(features).contains(" AUTH TLS;").doesNotContain(" AUTH TLS;SSL;");
    }

    @Test
    void featIsTheSameInsideTlsAndAfterLogin() throws Exception {
        var server = servers.start();
        String beforeTls = server.explicit().commandRaw("FEAT");
        RawClient client = server.loggedIn();

        assertThat(client.commandRaw("FEAT")).isEqualTo(beforeTls);
    }

    /** The lines between "211-..." and "211 End", each with its leading space. */
    private static List<String> featureLines(String feat) {
        List<String> lines = Arrays.asList(feat.split("\r\n"));
        return lines.subList(1, lines.size() - 1);
    }
}
