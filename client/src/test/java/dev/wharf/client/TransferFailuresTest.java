package dev.wharf.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.protocol.Reply;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What failed transfers mean, from replies and data connection reports alone: no sockets. */
class TransferFailuresTest {
    private static final TransferFailures EXPLICIT = new TransferFailures(false);
    private static final TransferFailures IMPLICIT_WITHOUT_PROT = new TransferFailures(true);
    private static final DataTls FULL_HANDSHAKE = new DataTls("TLSv1.3", "TLS_AES_128_GCM_SHA256", false);
    private static final DataTls RESUMED = new DataTls("TLSv1.3", "TLS_AES_128_GCM_SHA256", true);

    @ParameterizedTest
    @ValueSource(ints = {425, 426, 450, 522, 534})
    void aRefusalAfterAFullHandshakeMeansTheServerRequiresSessionReuse(int code) {
        FtpsException e = EXPLICIT.transferFailed("RETR a", Reply.of(code, "no"), FULL_HANDSHAKE, null);
        assertThat(e).isInstanceOf(DataConnectionException.class).hasMessageContaining("requires TLS session reuse");
        assertThat(((DataConnectionException) e).sessionReuseRequired()).isTrue();
        assertThat(e.replyCode()).isEqualTo(code);
    }

    @Test
    void theSameRefusalAfterAResumedHandshakeIsABrokenDataConnection() {
        var cause = new SocketException("Connection reset");
        FtpsException e = EXPLICIT.transferFailed("RETR a", Reply.of(426, "aborted"), RESUMED, cause);
        assertThat(e).isInstanceOf(DataConnectionException.class)
                .hasMessageContaining("RETR a failed").hasMessageContaining("data connection: Connection reset")
                .hasCause(cause);
        assertThat(((DataConnectionException) e).sessionReuseRequired()).isFalse();
    }

    @Test
    void otherRefusalsAreTheServersReply() {
        FtpsException e = EXPLICIT.transferFailed("STOR a", Reply.of(552, "quota"), null, null);
        assertThat(e).isExactlyInstanceOf(FtpsReplyException.class).hasMessageContaining("no room");
        assertThat(((FtpsReplyException) e).command()).isEqualTo("STOR a");
    }

    @ParameterizedTest
    @ValueSource(ints = {521, 522, 533, 534})
    void aProtectionRefusalOnImplicitFtpsNamesTheSwitchForServersThatWantProt(int code) {
        assertThat(IMPLICIT_WITHOUT_PROT.commandRefused("LIST /", Reply.of(code, "protect")))
                .hasMessageContaining("sendPbszProtOnImplicit(true)");
        assertThat(EXPLICIT.commandRefused("LIST /", Reply.of(code, "protect")))
                .hasMessageNotContaining("sendPbszProtOnImplicit");
    }

    @Test
    void aTransferCommandRefusedWith425IsADataConnectionFailure() {
        assertThat(EXPLICIT.commandRefused("RETR a", Reply.of(425, "cannot open")))
                .isInstanceOf(DataConnectionException.class);
        assertThat(EXPLICIT.commandRefused("RETR a", Reply.of(550, "no such file")))
                .isExactlyInstanceOf(FtpsReplyException.class);
    }

    @Test
    void aConfirmedTransferStandsWhenOnlyTheTlsCloseNotifyWasMissing() {
        Reply done = Reply.of(226, "done");
        assertThat(EXPLICIT.failedDespiteConfirmation("RETR a", done, RESUMED, new EOFException())).isEmpty();
        assertThat(EXPLICIT.failedDespiteConfirmation("RETR a", done, RESUMED,
                new SSLException("Connection has been shut down incorrectly"))).isEmpty();
    }

    @Test
    void aConfirmedTransferFailsWhenTheDataConnectionBrokeOtherwise() {
        Reply done = Reply.of(226, "done");
        assertThat(EXPLICIT.failedDespiteConfirmation("RETR a", done, RESUMED, new SocketException("Connection reset")))
                .get().extracting(Throwable::getMessage).asString()
                .contains("data connection failed (Connection reset) although the server replied 226");
        // Without TLS there is no close_notify to miss: an early end of the stream is lost data.
        assertThat(EXPLICIT.failedDespiteConfirmation("RETR a", done, null, new EOFException())).isPresent();
    }

    @Test
    void aHandshakeFailureOnTheDataConnectionGivesTheInnermostReasonAndTheServersVerdict() {
        var failure = new SSLException("handshake failed", new IOException("Received fatal alert: bad_certificate"));
        DataConnectionException e = IMPLICIT_WITHOUT_PROT.dataHandshakeFailed("RETR a", failure, Reply.of(425, "no TLS"));
        assertThat(e).hasMessageContaining("(Received fatal alert: bad_certificate); server: 425 no TLS")
                .hasMessageContaining("sendPbszProtOnImplicit(true)");
    }

    @Test
    void eprtAndEpsvAreGivenUpOnlyForPermanentRefusals() {
        assertThat(ReplyCodeSets.isPermanentRefusal(500)).isTrue();
        assertThat(ReplyCodeSets.isPermanentRefusal(522)).isTrue();
        assertThat(ReplyCodeSets.isPermanentRefusal(421)).isFalse();
        assertThat(ReplyCodeSets.isPermanentRefusal(229)).isFalse();
    }
}
