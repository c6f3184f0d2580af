package dev.wharf.server.spi;

/** A TLS session established on a control or data connection. */
public record TlsInfo(Connection connection, String protocol, String cipherSuite, boolean resumed) {
    public enum Connection { CONTROL, DATA }
}
