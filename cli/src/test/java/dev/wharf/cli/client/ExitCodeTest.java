package dev.wharf.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.client.DataConnectionException;
import dev.wharf.client.FtpsException;
import dev.wharf.client.FtpsReplyException;
import dev.wharf.client.FtpsTimeoutException;
import dev.wharf.client.LocalFileException;
import dev.wharf.client.LoginFailedException;
import dev.wharf.client.TlsFailureException;
import dev.wharf.client.TransferCancelledException;
import dev.wharf.protocol.Reply;
import java.io.IOException;
import java.net.SocketException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/** The failures the end-to-end tests cannot provoke against Wharf, mapped as documented. */
class ExitCodeTest {
    @Test
    void whileConnecting() {
        assertThat(ExitCode.whileConnecting(new LoginFailedException("u", "PASS", Reply.of(530, "no")))).isEqualTo(5);
        assertThat(ExitCode.whileConnecting(new TlsFailureException("AUTH refused", Reply.of(504, "no")))).isEqualTo(4);
        assertThat(ExitCode.whileConnecting(new FtpsReplyException("PROT P", Reply.of(536, "no")))).isEqualTo(4);
        assertThat(ExitCode.whileConnecting(new FtpsReplyException("connect", Reply.of(421, "busy")))).isEqualTo(3);
        assertThat(ExitCode.whileConnecting(new FtpsTimeoutException("slow", null))).isEqualTo(3);
        assertThat(ExitCode.whileConnecting(new FtpsException("could not connect"))).isEqualTo(3);
    }

    @Test
    void whileRunning() {
        assertThat(ExitCode.whileRunning(new DataConnectionException("reuse", Reply.of(522, "no"), null, true))).isEqualTo(8);
        assertThat(ExitCode.whileRunning(new DataConnectionException("no port", null, null, false))).isEqualTo(7);
        assertThat(ExitCode.whileRunning(new FtpsReplyException("RETR x", Reply.of(550, "missing")))).isEqualTo(6);
        assertThat(ExitCode.whileRunning(new FtpsReplyException("STOR x", Reply.of(452, "full")))).isEqualTo(7);
        assertThat(ExitCode.whileRunning(new TransferCancelledException("cancelled"))).isEqualTo(7);
        assertThat(ExitCode.whileRunning(new FtpsException("checksum mismatch"))).isEqualTo(7);
        assertThat(ExitCode.whileRunning(new SocketException("Connection reset"))).isEqualTo(7);
        assertThat(ExitCode.whileRunning(new LocalFileException("disk full", new IOException("No space left")))).isEqualTo(9);
        assertThat(ExitCode.whileRunning(new NoSuchFileException("a.bin"))).isEqualTo(9);
    }
}
