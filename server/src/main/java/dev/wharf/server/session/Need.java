package dev.wharf.server.session;

/** What a command needs before it may run; the dispatcher checks it, so handlers need not. */
enum Need {
    /** Allowed in every state (SYST, NOOP, FEAT, QUIT...). */
    NOTHING,
    /** A protected control connection (PBSZ, PROT: RFC 4217 8, 9): 503 otherwise. */
    TLS,
    /** A logged-in user: 530 otherwise (RFC 959 5.4). */
    LOGIN
}
