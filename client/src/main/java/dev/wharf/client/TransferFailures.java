package dev.wharf.client;

import dev.wharf.protocol.Failures;
import dev.wharf.protocol.Reply;
import dev.wharf.protocol.ReplyCode;
import java.io.EOFException;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

/**
 * What a failed transfer means, in the exception that says so: from the server's replies, how the
 * data connection's TLS went and what failed on it. Decides only; sends and reads nothing.
 *
 * @param implicitWithoutProt an implicit session that sent no PBSZ and PROT (MS-FTPS 3.1.5.1), where
 *                            a protection refusal most likely means a server that still wants them
 */
record TransferFailures(boolean implicitWithoutProt) {

    /** The transfer command itself got a negative reply: no data connection was opened. */
    FtpsException commandRefused(String command, Reply r) {
        if (implicitWithoutProt && ReplyCodeSets.PROTECTION_REFUSALS.contains(r.code())) {
            return new FtpsReplyException(command, r, ReplyMeaning.describe(command, r) + implicitHint());
        }
        if (r.code() == ReplyCode.CANT_OPEN_DATA) {
            return new DataConnectionException(ReplyMeaning.describe(command, r), r, null, false);
        }
        return new FtpsReplyException(command, r);
    }

    /**
     * A transfer that ended with a negative reply. After a full (not resumed) TLS handshake on the
     * data connection, a session reuse refusal almost always means the server requires reuse
     * (RFC 4217 10.2) and rejected the new session.
     *
     * @param report      the data connection's TLS, or null with PROT C
     * @param dataFailure what failed on the data connection, or null
     */
    FtpsException transferFailed(String command, Reply last, DataTls report, IOException dataFailure) {
        boolean fullHandshake = report != null && !report.resumed();
        if (fullHandshake && ReplyCodeSets.SESSION_REUSE_REFUSALS.contains(last.code())) {
            return new DataConnectionException(command + " failed: the server requires TLS session reuse and this"
                    + " data connection did not resume it (server replied " + last.code() + " "
                    + ReplyMeaning.firstLine(last) + "). The TLS session of the data connection must resume the"
                    + " control connection's; a server that sends no session tickets or has session caching off"
                    + " cannot be reused", last, dataFailure, true);
        }
        if (ReplyCodeSets.DATA_CONNECTION_FAILURES.contains(last.code())) {
            return new DataConnectionException(ReplyMeaning.describe(command, last)
                    + (dataFailure != null ? "; data connection: " + Failures.describe(dataFailure) : "")
                    + implicitHint(), last, dataFailure, false);
        }
        return new FtpsReplyException(command, last);
    }

    /**
     * The server confirmed the transfer, but the data connection failed: empty when that was only
     * the missing TLS close_notify of a server that skips it (IIS), since the authenticated control
     * connection vouches for the data; otherwise the failure.
     */
    Optional<DataConnectionException> failedDespiteConfirmation(String command, Reply last, DataTls report,
                                                                IOException dataFailure) {
        if (report != null && isMissingCloseNotify(dataFailure)) {
            return Optional.empty();
        }
        return Optional.of(new DataConnectionException(command + ": the data connection failed ("
                + Failures.describe(dataFailure) + ") although the server replied " + last.code() + " "
                + ReplyMeaning.firstLine(last), last, dataFailure, false));
    }

    /** No TCP data connection (refused, timed out, or an active connection from a stranger). */
    DataConnectionException noDataConnection(String command, IOException failure, Reply last) {
        return new DataConnectionException(command + ": no data connection: " + Failures.describe(failure)
                + " (server: " + last.code() + " " + ReplyMeaning.firstLine(last) + ")", last, failure, false);
    }

    /** The TLS handshake on the data connection failed; {@code last} is the server's verdict. */
    DataConnectionException dataHandshakeFailed(String command, IOException failure, Reply last) {
        return new DataConnectionException(command + ": the TLS handshake on the data connection failed ("
                + Failures.rootMessage(failure) + "); server: " + last.code() + " " + ReplyMeaning.firstLine(last)
                + implicitHint(), last, failure, false);
    }

    /** Even a renewed control connection's fresh TLS session could not be resumed on the data connection. */
    static DataConnectionException noResumptionAfterRenewal(String verb) {
        return new DataConnectionException(verb + " failed: even on a renewed control connection the data"
                + " connection could not resume the TLS session", null, null, true);
    }

    /** The words to add to a protection failure on an implicit session that sent no PBSZ and PROT. */
    String implicitHint() {
        return implicitWithoutProt
                ? ". On implicit FTPS some servers (vsftpd) still expect PBSZ 0 and PROT P:"
                + " try FtpsClient.Builder.sendPbszProtOnImplicit(true)"
                : "";
    }

    /** RFC 8446 6.1: a TLS connection that ended without close_notify, as JSSE reports it. */
    static boolean isMissingCloseNotify(IOException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return e instanceof EOFException || e.getCause() instanceof EOFException
                || m.contains("close_notify") || m.contains("shut down incorrectly");
    }
}
