package dev.wharf.protocol.tls;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import javax.net.ssl.SSLException;

/**
 * Refuses client-initiated TLS renegotiation on a server connection, by watching the TLS record
 * headers on their way from the socket to JSSE.
 *
 * <p>JSSE accepts a client's TLS 1.2 renegotiation unless the JVM-wide property
 * {@code jdk.tls.rejectClientInitiatedRenegotiation} was set before its first server handshake (it
 * is read once, into a static field): an embedded server cannot rely on that, and must not change it
 * for the application around it. Each renegotiation costs the server a full handshake, which makes
 * it a cheap CPU exhaustion attack (CVE-2011-1473; testssl.sh reports it as a MEDIUM finding).
 *
 * <p>The rule needs no knowledge of JSSE's state: a client sends handshake records (type 22) until
 * its ChangeCipherSpec (type 20), then exactly one more: its Finished under TLS 1.2, or its second
 * ClientHello after a TLS 1.3 HelloRetryRequest (TLS 1.3 sends everything else encrypted as
 * application data, type 23). Any handshake record after that is a renegotiation: TLS 1.3 has none,
 * and the server never asks for one. The read fails, JSSE sends a fatal alert, the connection ends.
 *
 * <p>Bytes pass through unbuffered, so nothing beyond what JSSE reads is taken from the socket:
 * after CCC or REIN the plain text or the next ClientHello is still there (jsse-notes Q3).
 *
 * <p>Since it sees the records anyway, it also keeps a copy of the client's first handshake record
 * (its ClientHello, {@link #firstClientHello()}), which JSSE does not expose: the server's ticket
 * policy reads the PSK identities offered in it ({@link ClientHellos}).
 */
public final class RenegotiationGuard extends FilterInputStream {
    private static final int CHANGE_CIPHER_SPEC = 20;
    private static final int HANDSHAKE = 22;
    private static final int HEADER = 5;

    private final byte[] header = new byte[HEADER];
    private int headerFill;
    private int bodyLeft;
    private boolean changeCipherSpecSeen;
    private boolean finishedSeen;
    private final java.io.ByteArrayOutputStream clientHello = new java.io.ByteArrayOutputStream();
    private int clientHelloLeft = -1; // bytes of the first handshake record still to copy; -1: not begun

    public RenegotiationGuard(InputStream in) {
        super(in);
    }

    /** The client tried to renegotiate, which the server never allows. */
    public static final class RenegotiationRefusedException extends SSLException {
        RenegotiationRefusedException() {
            super("client-initiated TLS renegotiation refused");
        }
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            scan(new byte[] {(byte) b}, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            scan(b, off, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // JSSE skips only what is left when it gives up on a connection; keep the framing anyway.
        byte[] buf = new byte[(int) Math.min(n, 4096)];
        int read = read(buf, 0, buf.length);
        return Math.max(read, 0);
    }

    /** The body of the client's first handshake record (normally its whole ClientHello), as far as it was read. */
    public byte[] firstClientHello() {
        return clientHello.toByteArray();
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void scan(byte[] b, int off, int len) throws RenegotiationRefusedException {
        int i = off;
        int end = off + len;
        while (i < end) {
            if (bodyLeft > 0) {
                int skip = Math.min(bodyLeft, end - i);
                if (clientHelloLeft > 0) {
                    int copy = Math.min(skip, clientHelloLeft);
                    clientHello.write(b, i, copy);
                    clientHelloLeft -= copy;
                }
                bodyLeft -= skip;
                i += skip;
                continue;
            }
            header[headerFill++] = b[i++];
            if (headerFill == HEADER) {
                headerFill = 0;
                bodyLeft = ((header[3] & 0xFF) << 8) | (header[4] & 0xFF);
                record(header[0] & 0xFF);
            }
        }
    }

    private void record(int type) throws RenegotiationRefusedException {
        if (type == HANDSHAKE && clientHelloLeft < 0) {
            clientHelloLeft = bodyLeft;
        }
        if (type == CHANGE_CIPHER_SPEC) {
            changeCipherSpecSeen = true;
        } else if (type == HANDSHAKE && changeCipherSpecSeen) {
            if (finishedSeen) {
                throw new RenegotiationRefusedException();
            }
            finishedSeen = true;
        }
    }
}
