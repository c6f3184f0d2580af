package dev.wharf.cli.client;

import dev.wharf.client.DataTls;
import dev.wharf.client.TransferResult;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What one {@code get} or {@code put} did, for the summary line or the JSON object.
 *
 * @param command  get or put
 * @param remote   the remote path
 * @param local    the local file
 * @param bytes    bytes moved in this run
 * @param offset   where the transfer started (a resumed part), 0 for a whole file
 * @param size     the file's whole size
 * @param nanos    how long the transfer took
 * @param verified the HASH algorithm the whole file was compared with, or null
 * @param dataTls  the data connection's TLS, or null (PROT C, or nothing to transfer)
 */
record TransferReport(String command, String remote, Path local, long bytes, long offset, long size, long nanos,
                      String verified, DataTls dataTls) {

    /** What the library reported: the file's size is what was there before and what this run moved. */
    static TransferReport of(String command, String remote, Path local, TransferResult result, long nanos) {
        return new TransferReport(command, remote, local, result.bytes(), result.offset(),
                result.offset() + result.bytes(), nanos, result.hashAlgorithm(), result.tls());
    }

    void print(Reporter reporter) {
        reporter.summary(text());
        reporter.json(json());
    }

    String text() {
        String arrow = command.equals("get") ? remote + " -> " + local : local + " -> " + remote;
        var sb = new StringBuilder(command).append(' ').append(arrow).append(": ");
        if (bytes == 0 && offset > 0 && offset == size) {
            sb.append("already complete (").append(Sizes.human(size)).append(")");
        } else {
            double seconds = nanos / 1e9;
            sb.append(Sizes.human(bytes)).append(String.format(Locale.ROOT, " in %.1f s", seconds));
            if (seconds > 0) {
                sb.append(" (").append(Sizes.human((long) (bytes / seconds))).append("/s)");
            }
            if (offset > 0) {
                sb.append(", resumed at ").append(Sizes.human(offset));
            }
        }
        sb.append(verified != null ? ", " + verified + " verified" : ", not verified (no HASH from the server)");
        if (dataTls != null) {
            sb.append(", data ").append(dataTls.protocol()).append(dataTls.resumed() ? " (session resumed)" : " (new session)");
        }
        return sb.toString();
    }

    Json json() {
        return Json.object()
                .put("command", command)
                .put("remote", remote)
                .put("local", local.toAbsolutePath().toString())
                .put("bytes", bytes)
                .put("offset", offset)
                .put("size", size)
                .put("seconds", nanos / 1e9)
                .put("verified", verified)
                .put("dataTls", dataTls == null ? null : Json.object()
                        .put("protocol", dataTls.protocol())
                        .put("cipherSuite", dataTls.cipherSuite())
                        .put("resumed", dataTls.resumed()));
    }
}
