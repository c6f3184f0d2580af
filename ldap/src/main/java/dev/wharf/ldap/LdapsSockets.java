package dev.wharf.ldap;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * JNDI's hook for the sockets of an {@code ldaps://} connection, public only because JNDI finds it by
 * name and calls its static {@link #getDefault()}: not for callers. JNDI takes a class, not an object,
 * so the factory of the {@link LdapUsers} opening a connection is handed over through the opening
 * thread, which is the thread JNDI creates the socket on. JNDI then turns on the host-name check of
 * the socket itself (endpoint identification "LDAPS").
 */
public final class LdapsSockets extends SocketFactory {
    private static final ThreadLocal<SSLSocketFactory> OPENING = new ThreadLocal<>();

    private final SSLSocketFactory tls;

    private LdapsSockets(SSLSocketFactory tls) {
        this.tls = tls;
    }

    /** Called by JNDI while {@link #opening} runs on this thread. */
    public static SocketFactory getDefault() {
        SSLSocketFactory tls = OPENING.get();
        if (tls == null) {
            throw new IllegalStateException("LdapsSockets is used by LdapUsers only, while it opens a connection");
        }
        return new LdapsSockets(tls);
    }

    interface Opening<T, E extends Exception> {
        T open() throws E;
    }

    /** Runs {@code open} with {@code tls} as the factory JNDI gets from {@link #getDefault()}. */
    static <T, E extends Exception> T opening(SSLSocketFactory tls, Opening<T, E> open) throws E {
        OPENING.set(tls);
        try {
            return open.open();
        } finally {
            OPENING.remove();
        }
    }

    /** The unconnected socket that JNDI connects itself, with its connect timeout. */
    @Override
    public Socket createSocket() throws IOException {
        return tls.createSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return tls.createSocket(host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return tls.createSocket(host, port, localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return tls.createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return tls.createSocket(address, port, localAddress, localPort);
    }
}
