package dev.wharf.client;

/** How the control connection becomes TLS. */
public enum TlsMode {
    /**
     * RFC 4217: connect in plain TCP (port 21), read the greeting, then {@code AUTH TLS} (or
     * {@code AUTH SSL}, MS-FTPS 3.1.5.4), {@code PBSZ 0} and {@code PROT P}.
     */
    EXPLICIT,
    /**
     * MS-FTPS 3.1.5.1: TLS starts right after the TCP connection (port 990), the greeting comes
     * inside TLS, and PBSZ 0 / PROT P are implied, not sent.
     */
    IMPLICIT
}
