package dev.wharf.server.session;

import java.util.HashSet;
import java.util.Set;

/**
 * What the client set for its transfers and file commands (RFC 959 4.1.2, RFC 3659, RFC 2428,
 * draft-bryan-ftpext-hash), including the one-shot REST and RNFR that apply to the next command
 * only. Reset by AUTH and REIN.
 */
final class TransferParameters {
    char type;                  // RFC 959 3.1.1: ASCII is the default
    long restartOffset;         // REST, for the next command only (RFC 3659 5)
    long restartForCommand;     // the REST offset that applies to the command being run
    String renameFrom;          // RNFR, for the next command only (RFC 959 4.1.3)
    String renameFromForCommand;
    Set<String> mlstFacts;      // OPTS MLST (RFC 3659 7.9)
    boolean epsvAll;            // RFC 2428 4: after EPSV ALL only EPSV sets up data connections
    String hashAlgorithm;       // OPTS HASH (draft-bryan-ftpext-hash 3.2)
    long rangeStart;            // RANG, for HASH (draft-bryan-ftpext-hash 3.3)
    long rangeEnd;

    TransferParameters() {
        reset();
    }

    void reset() {
        type = 'A';
        restartOffset = 0;
        restartForCommand = 0;
        renameFrom = null;
        renameFromForCommand = null;
        mlstFacts = new HashSet<>(Listings.ALL_FACTS);
        epsvAll = false;
        hashAlgorithm = "SHA-256";
        rangeStart = rangeEnd = -1;
    }

    /**
     * Before each command: the one-shot state moves to the command being run. REST survives the
     * commands clients put between it and the transfer (curl: REST, then EPSV, then RETR).
     */
    void beginCommand(boolean keepsRestart) {
        restartForCommand = restartOffset;
        if (!keepsRestart) {
            restartOffset = 0;
        }
        renameFromForCommand = renameFrom;
        renameFrom = null;
    }
}
