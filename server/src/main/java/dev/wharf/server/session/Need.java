package dev.wharf.server.session;

/** What a command needs before it may run; the dispatcher checks it, so handlers need not. */
enum Need {
    /** Allowed in every state (SYST, NOOP, FEAT, QUIT...). */
    NOTHING,
    /** A protected control connection (PBSZ, PROT: RFC 4217 8, 9): 503 otherwise. */
    TLS,
    /** A logged-in user: 530 otherwise (RFC 959 5.4). */
    LOGIN,
    /**
     * A logged-in user and a data protection level the policy accepts (RFC 4217 9: 521 before any
     * 150). Without allow-clear-data a TLS session that never sent PROT P must not move data in clear.
     */
    DATA_TRANSFER
}
