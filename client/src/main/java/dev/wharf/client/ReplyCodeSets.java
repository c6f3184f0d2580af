package dev.wharf.client;

import java.util.Set;

/**
 * Reply codes that mean the same thing to a client however the server words them: the sets the
 * client's failure messages, and {@code wharf probe}'s verdicts, are made from.
 */
public final class ReplyCodeSets {
    private ReplyCodeSets() {}

    /**
     * After a full (not resumed) TLS handshake on a data connection, what servers that require TLS
     * session reuse answer (RFC 4217 10.2 lets them require it: vsftpd {@code require_ssl_reuse},
     * ProFTPD's default, Wharf's): each picks one of these, for a refusal or a cut connection.
     */
    public static final Set<Integer> SESSION_REUSE_REFUSALS = Set.of(425, 426, 450, 522, 534);

    /**
     * A transfer command or data connection refused for its protection: 521 (RFC 4217 9: not with
     * this PROT), 522 (RFC 4217 10: the data connection's TLS), 533 and 534 (RFC 2228: protection or
     * policy). On implicit FTPS they mostly mean a server that still waits for PBSZ and PROT.
     */
    public static final Set<Integer> PROTECTION_REFUSALS = Set.of(521, 522, 533, 534);

    /** The data connection could not be opened (425) or broke (426) (RFC 959 4.2). */
    public static final Set<Integer> DATA_CONNECTION_FAILURES = Set.of(425, 426);

    /**
     * What a NOOP sent during a transfer may get besides 200 (RFC 959 5.4): servers that take no
     * commands while a transfer runs answer 500-504 (Pure-FTPd 500).
     */
    public static final Set<Integer> NOOP_REFUSALS_DURING_TRANSFER = Set.of(500, 501, 502, 503, 504);

    /**
     * A command the server will never accept, as opposed to one it cannot do now (4xx): after EPSV
     * or EPRT gets one, the client uses PASV or PORT for the rest of the session (RFC 2428 2, 3).
     */
    public static boolean isPermanentRefusal(int code) {
        return code >= 500 && code < 600;
    }
}
