package dev.wharf.server;

import dev.wharf.server.spi.Transfer;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Optional;

/**
 * One open session as it was at the moment {@link WharfServer#sessions()} looked, for an
 * administrator: who, from where, how it is protected and what it is moving.
 *
 * @param id            unique within the server's run, as in the log lines ({@code [#12 ...]})
 * @param user          the logged-in user, or null before login
 * @param client        the client's address and port
 * @param implicit      whether it came in on the implicit FTPS listener
 * @param connectedAt   when the connection was accepted
 * @param tlsProtocol   of the control connection (TLSv1.3...), or null while it is clear
 * @param tlsCipherSuite of the control connection, or null while it is clear
 * @param dataProtection the PROT level data connections get: {@code P} (TLS) or {@code C} (clear)
 * @param transfer      the transfer running now, if any
 */
public record SessionSnapshot(long id, String user, InetSocketAddress client, boolean implicit, Instant connectedAt,
        String tlsProtocol, String tlsCipherSuite, char dataProtection, Optional<RunningTransfer> transfer) {

    /** The listener's name, as in the metrics: {@code explicit} or {@code implicit}. */
    public String listener() {
        return implicit ? "implicit" : "explicit";
    }

    /**
     * A transfer in progress.
     *
     * @param command   the command that started it: RETR, STOR, APPE, STOU, LIST, NLST, MLSD
     * @param direction DOWNLOAD for files and listings sent to the client, UPLOAD for files received
     * @param path      the client's (virtual) path, or the listed folder
     * @param bytes     moved so far on the data connection
     * @param startedAt when the command started it
     */
    public record RunningTransfer(String command, Transfer.Direction direction, String path, long bytes, Instant startedAt) {}
}
