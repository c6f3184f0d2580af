package dev.wharf.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.server.support.RawClient;
import dev.wharf.server.support.TestServers;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How command lines are read and dispatched: RFC 959 5.3 and 4.2 (codes 500, 502, 530), RFC 1123
 * 4.1.2 (line endings, Telnet), and the parameter commands TYPE, MODE, STRU, OPTS, HOST, ACCT.
 */
@Timeout(60)
class CommandParsingTest {
    private static final int IAC = 0xFF, DONT = 0xFE, DO = 0xFD, WONT = 0xFC, WILL = 0xFB, IP = 0xF4, DM = 0xF2;

    @RegisterExtension
    final TestServers servers = new TestServers();

    @Test
    void unknownVerb() throws Exception {
        RawClient client = servers.start().explicit();

        client.expect(500, "FOO");
        client.expect(500, "XYZZY some argument");
        client.expect(200, "NOOP");
    }

    @Test
    void knownButUnimplementedVerb() throws Exception {
        RawClient client = servers.start().loggedIn();

        client.expect(502, "SMNT /");
        client.expect(502, "ADAT abc");
        client.expect(502, "LANG fr");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PWD", "TYPE I", "MODE S", "STRU F"})
    void commandsThatNeedLoginAreRefusedBeforeIt(String command) throws Exception {
        RawClient client = servers.start().explicitTls();

        client.expect(530, command);
    }

    @ParameterizedTest
    @ValueSource(strings = {"noop", "NoOp", "NOOP"})
    void verbsAreCaseInsensitive(String noop) throws Exception {
        servers.start().explicit().expect(200, noop);
    }

    @Test
    void emptyLine() throws Exception {
        RawClient client = servers.start().explicit();

        client.expect(500, "");
        client.expect(500, "   ");
        client.expect(200, "NOOP");
    }

    @Test
    void bareLfEndsALine() throws Exception {
        RawClient client = servers.start().explicit();

        client.sendBytes("NOOP\n".getBytes(StandardCharsets.US_ASCII));
        client.expectReply(200);
        client.sendBytes("SYST\nNOOP\r\n".getBytes(StandardCharsets.US_ASCII)); // pipelined, mixed endings
        client.expectReply(215);
        client.expectReply(200);
    }

    @Test
    void telnetInterruptAndSynchAreStripped() throws Exception {
        RawClient client = servers.start().explicit();

        // RFC 959 4.1.3 ABOR: the client may send IAC IP, then the Synch (IAC DM), before the command.
        client.sendBytes(concat(new byte[] {(byte) IAC, (byte) IP, (byte) IAC, (byte) DM}, "NOOP\r\n"));
        client.expectReply(200);
    }

    @ParameterizedTest
    @CsvSource({"DO, WONT", "WILL, DONT"})
    void telnetOptionsAreRefused(String request, String refusal) throws Exception {
        RawClient client = servers.start().explicit();
        int option = 0x18; // TERMINAL-TYPE

        client.sendBytes(concat(new byte[] {(byte) IAC, (byte) telnet(request), (byte) option}, "NOOP\r\n"));

        assertThat(client.readBytes(3)).containsExactly(IAC, telnet(refusal), option);
        client.expectReply(200);
    }

    @Test
    void optsUtf8() throws Exception {
        RawClient client = servers.start().explicit();

        client.expect(200, "OPTS UTF8 ON");
        client.expect(200, "OPTS UTF8");
        client.expect(501, "OPTS");
    }

    @Test
    void hostBeforeLogin() throws Exception {
        RawClient client = servers.start().explicitTls();

        client.expect(220, "HOST ftp.example.com"); // RFC 7151 3.2
        client.expect(501, "HOST");
        client.expect(501, "HOST 999.1.1.1"); // neither a name nor an address
        client.expect(501, "HOST 2001:db8::1"); // RFC 7151 3: IPv6 literals in brackets
        client.expect(220, "HOST [2001:db8::1]");
        client.expect(220, "HOST 192.0.2.7");
        client.login();
        client.expect(503, "HOST ftp.example.com");
    }

    @Test
    void acct() throws Exception {
        RawClient client = servers.start().explicitTls();

        client.expect(503, "ACCT something");
        client.login();
        client.expect(202, "ACCT something");
    }

    @ParameterizedTest
    @CsvSource({
            "TYPE A, 200", "TYPE I, 200", "TYPE A N, 200", "TYPE L 8, 200", "type i, 200",
            "TYPE E, 504", "TYPE A T, 504", "TYPE L 7, 504", "TYPE X, 501",
            "MODE S, 200", "MODE B, 504", "MODE C, 504", "MODE X, 501",
            "STRU F, 200", "STRU R, 504", "STRU P, 504", "STRU X, 501"})
    void transferParameters(String command, int code) throws Exception {
        RawClient client = servers.start().loggedIn();

        client.expect(code, command);
    }

    private static int telnet(String command) {
        return switch (command) {
            case "DO" -> DO;
            case "DONT" -> DONT;
            case "WILL" -> WILL;
            case "WONT" -> WONT;
            default -> throw new IllegalArgumentException(command);
        };
    }

    private static byte[] concat(byte[] prefix, String line) {
        byte[] text = line.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[prefix.length + text.length];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(text, 0, all, prefix.length, text.length);
        return all;
    }
}
