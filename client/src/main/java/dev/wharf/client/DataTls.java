package dev.wharf.client;

/**
 * How one data connection was protected.
 *
 * @param protocol    the TLS version, e.g. {@code TLSv1.3}
 * @param cipherSuite the negotiated suite
 * @param resumed     true when the data connection's TLS session resumed the control connection's
 *                    session (RFC 4217 10.2; required by vsftpd and ProFTPD by default)
 */
public record DataTls(String protocol, String cipherSuite, boolean resumed) {
}
