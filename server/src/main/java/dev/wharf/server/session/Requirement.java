package dev.wharf.server.session;

/**
 * What a command needs of the session's state before it may run. The {@link Policy} chain checks
 * these at the dispatcher, in one order, so handlers need not.
 */
enum Requirement {
    /** A logged-in user: 530 otherwise (RFC 959 5.4). */
    LOGIN,
    /** A protected control connection (PBSZ, PROT: RFC 4217 8, 9): 503 otherwise. */
    TLS,
    /**
     * A data protection level the policy accepts (RFC 4217 9: 521 before any 150). Without
     * allow-clear-data a TLS session that never sent PROT P must not move data in clear.
     */
    PROTECTED_DATA,
    /** USER: with require-tls-for-login, only on a protected control connection (534). */
    TLS_BEFORE_LOGIN,
    /** PASV, PORT, EPRT: refused once EPSV ALL is in force (RFC 2428 4). */
    NOT_AFTER_EPSV_ALL
}
