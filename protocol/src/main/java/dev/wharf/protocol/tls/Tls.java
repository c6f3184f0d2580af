package dev.wharf.protocol.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The one TLS layer of Wharf, used by the server and the client, for control and data connections
 * alike: the same {@link SSLContext} (so data connections can resume the control session, RFC 4217
 * 10) and the same protocol and cipher policy everywhere.
 *
 * <p>TLS is always layered over an existing TCP socket without owning it ({@code autoClose=false}),
 * because FTPS starts (AUTH TLS) and ends (CCC, REIN) TLS on a connection that outlives it.
 */
public final class Tls {
    /** TLS 1.2 and 1.3 only: everything older is broken or deprecated (RFC 8996). */
    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /**
     * AEAD suites with forward secrecy, AES-GCM first: the JDK's AES-GCM uses AES-NI and is about five
     * times faster than its ChaCha20 (jsse-notes Q4).
     */
    public static final List<String> DEFAULT_CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    public enum ClientAuth { NONE, WANT, NEED }

    private final SSLContext context;
    private final String[] protocols;
    private final String[] cipherSuites;
    private final ClientAuth clientAuth;
    private final int handshakeTimeoutMillis;

    public Tls(SSLContext context, List<String> protocols, List<String> cipherSuites,
               ClientAuth clientAuth, int handshakeTimeoutMillis) {
        this.context = Objects.requireNonNull(context);
        var supported = context.getSupportedSSLParameters();
        this.protocols = intersect(protocols, supported.getProtocols(), "protocol");
        this.cipherSuites = intersect(cipherSuites, supported.getCipherSuites(), "cipher suite");
        this.clientAuth = clientAuth;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    public SSLContext context() {
        return context;
    }

    public List<String> protocols() {
        return List.of(protocols);
    }

    /**
     * Server side: layers TLS over {@code raw} and completes the handshake. {@code alreadyRead} are
     * bytes the control reader took from the socket past the AUTH line: the start of the
     * ClientHello when a client pipelines it (jsse-notes Q3). Client-initiated renegotiation is
     * refused ({@link RenegotiationGuard}).
     */
    public SSLSocket serverHandshake(Socket raw, byte[] alreadyRead) throws IOException {
        return serverHandshake(raw, alreadyRead, offered -> { });
    }

    /**
     * The same, telling {@code offeredTickets} the PSK identities (TLS 1.3 tickets) the client's
     * ClientHello offered, which JSSE does not expose ({@link ClientHellos}).
     */
    public SSLSocket serverHandshake(Socket raw, byte[] alreadyRead, java.util.function.Consumer<List<byte[]>> offeredTickets)
            throws IOException {
        SSLSocketFactory factory = context.getSocketFactory();
        InputStream fromClient = alreadyRead == null || alreadyRead.length == 0 ? raw.getInputStream()
                : new SequenceInputStream(new ByteArrayInputStream(alreadyRead), raw.getInputStream());
        // JSSE reads the "consumed" stream until it ends and only then the socket; this one ends only
        // with the connection, so every byte from the client passes the renegotiation guard.
        var guard = new RenegotiationGuard(fromClient);
        SSLSocket tls = (SSLSocket) factory.createSocket(raw, guard, false);
        tls.setSSLParameters(serverParameters(tls.getSSLParameters()));
        tls.setUseClientMode(false);
        handshake(raw, tls);
        offeredTickets.accept(ClientHellos.pskIdentities(guard.firstClientHello()));
        return tls;
    }

    /**
     * Server side of a data connection, through an {@link SSLEngine} so the caller controls when
     * records are sent; see {@link TlsConnection} for why uploads hold their session tickets back.
     */
    public TlsConnection serverDataHandshake(Socket raw, boolean holdTickets) throws IOException {
        javax.net.ssl.SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        engine.setSSLParameters(serverParameters(engine.getSSLParameters()));
        var connection = new TlsConnection(engine, raw, holdTickets);
        withHandshakeTimeout(raw, connection::handshake);
        return connection;
    }

    /**
     * Client side. {@code host} and the port that {@code raw.getPort()} reports together pick the
     * cached session to resume: for a data connection, pass a socket from
     * {@link #sessionSharingSocket(int)} so the data handshake resumes the control session.
     */
    public SSLSocket clientHandshake(Socket raw, String host) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(raw, host, raw.getPort(), false);
        SSLParameters params = tls.getSSLParameters();
        params.setProtocols(protocols);
        params.setCipherSuites(cipherSuites);
        params.setEndpointIdentificationAlgorithm(null); // host checks are the client's trust manager's job
        tls.setSSLParameters(params);
        tls.setUseClientMode(true);
        handshake(raw, tls);
        return tls;
    }

    /**
     * A TCP socket that reports {@code controlPort} as its remote port. JSSE's client session cache is
     * keyed by host and the layered socket's {@code getPort()}, so a data connection made with this
     * socket offers the control connection's session for resumption (jsse-notes Q1).
     */
    public static Socket sessionSharingSocket(int controlPort) {
        return new Socket() {
            @Override
            public int getPort() {
                return isConnected() ? controlPort : 0;
            }
        };
    }

    private SSLParameters serverParameters(SSLParameters params) {
        params.setProtocols(protocols);
        params.setCipherSuites(cipherSuites);
        params.setUseCipherSuitesOrder(true);
        switch (clientAuth) {
            case WANT -> params.setWantClientAuth(true);
            case NEED -> params.setNeedClientAuth(true);
            case NONE -> { }
        }
        return params;
    }

    private interface Handshake {
        void run() throws IOException;
    }

    private void handshake(Socket raw, SSLSocket tls) throws IOException {
        withHandshakeTimeout(raw, tls::startHandshake);
    }

    private void withHandshakeTimeout(Socket raw, Handshake handshake) throws IOException {
        int previous = raw.getSoTimeout();
        raw.setSoTimeout(handshakeTimeoutMillis);
        try {
            handshake.run();
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("TLS handshake timed out after " + handshakeTimeoutMillis + " ms");
        } finally {
            raw.setSoTimeout(previous);
        }
    }

    /**
     * Makes the server send a fresh session ticket on this (control) connection with its next write.
     * TLS 1.3 clients such as curl use each ticket once; FileZilla Server's answer, followed here, is
     * to issue a new one on the control connection when a data connection is set up, so each can
     * resume the control session. JSSE sends a new ticket after a session value changes (the value
     * is removed again at once). Such a post-handshake ticket is always a stateful one, which JSSE
     * accepts only once: give it only to clients that use each ticket once.
     */
    public static void issueFreshTicket(SSLSession controlSession) {
        if (controlSession != null && "TLSv1.3".equals(controlSession.getProtocol())) {
            controlSession.putValue("wharf.ticket", true);
            controlSession.removeValue("wharf.ticket");
        }
    }

    /** How an orderly TLS shutdown went. */
    public enum Shutdown {
        /** Both close_notify alerts were exchanged; the TCP connection is clean and reusable. */
        CLEAN,
        /** The peer sent application data instead of close_notify: it did not expect TLS to end. */
        PEER_KEPT_TALKING,
        /** The peer did not answer in time, or the connection failed. The TCP connection is unusable. */
        FAILED
    }

    /**
     * Ends TLS on a connection that lives on (CCC, REIN) as the side that starts the closure: send
     * close_notify, then read exactly up to the peer's close_notify, so that whatever the peer sends
     * after it (a new ClientHello, a plaintext command) stays unread on the TCP socket. Never calls
     * {@code close()} first: JSSE's TLS 1.3 close would discard those bytes (jsse-notes Q3).
     */
    public static Shutdown shutdown(SSLSocket tls, Socket raw, int timeoutMillis) {
        try {
            int previous = raw.getSoTimeout();
            raw.setSoTimeout(timeoutMillis);
            try {
                tls.shutdownOutput();
                byte[] buf = new byte[512];
                int n = tls.getInputStream().read(buf);
                if (n >= 0) {
                    return Shutdown.PEER_KEPT_TALKING;
                }
                tls.close(); // nothing left to send or read: a no-op that frees the engine
                return Shutdown.CLEAN;
            } finally {
                if (!raw.isClosed()) {
                    raw.setSoTimeout(previous);
                }
            }
        } catch (IOException e) {
            return Shutdown.FAILED;
        }
    }

    /**
     * Whether a data connection's TLS session resumed this control connection's session: both descend
     * from the same full handshake ({@link SessionOrigin}).
     */
    public static boolean resumedFrom(SSLSession data, SSLSession control) {
        return data != null && control != null && SessionOrigin.of(data).equals(SessionOrigin.of(control));
    }

    /** "TLSv1.3 TLS_AES_128_GCM_SHA256", for logs and STAT. */
    public static String describe(SSLSession session) {
        return session.getProtocol() + " " + session.getCipherSuite();
    }

    private static String[] intersect(List<String> wanted, String[] supported, String what) {
        var available = Arrays.asList(supported);
        String[] result = wanted.stream().filter(available::contains).toArray(String[]::new);
        if (result.length == 0) {
            throw new IllegalArgumentException("none of the configured TLS " + what + "s " + wanted
                    + " is supported by this JDK");
        }
        return result;
    }
}
