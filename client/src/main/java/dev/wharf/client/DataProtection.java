package dev.wharf.client;

/** The PROT level of data connections (RFC 4217 9). */
public enum DataProtection {
    /** {@code PROT P}: every data connection is TLS, resuming the control connection's session. */
    PRIVATE,
    /** {@code PROT C}: data connections are plain TCP; only the control connection is protected. */
    CLEAR
}
