package dev.wharf.server.transfer;

import dev.wharf.protocol.ControlTransport;
import dev.wharf.protocol.HostPort;
import dev.wharf.protocol.Reply;
import dev.wharf.protocol.ReplyReader;
import dev.wharf.protocol.tls.Tls;
import dev.wharf.server.support.TestServer;
import dev.wharf.server.support.TrustAll;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * A minimal FTPS client for tests that need to control every byte: the command order, whether the
 * data connection resumes the TLS session, where it comes from, when it is cut.
 */
final class RawClient implements Closeable {
    static final String HOST = "127.0.0.1";

    private static final int TIMEOUT_MILLIS = 20_000;

    private final ControlTransport control;
    final Tls tls;

    private RawClient(Socket raw, Tls tls) throws IOException {
        this.control = ControlTransport.client(raw, 1 << 20);
        this.tls = tls;
    }

    /** A fresh client-side TLS layer that trusts any certificate (its session cache is its own). */
    static Tls trustAllTls() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {TrustAll.TRUST_MANAGER}, new SecureRandom());
            return new Tls(ctx, Tls.DEFAULT_PROTOCOLS, Tls.DEFAULT_CIPHER_SUITES, Tls.ClientAuth.NONE, 10_000);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Explicit FTPS: greeting, AUTH TLS, PBSZ 0, PROT {@code prot}, USER, PASS. */
    static RawClient explicit(int port, String user, String prot) throws IOException {
        return explicit(port, user, prot, trustAllTls());
    }

    /** Explicit FTPS up to TLS: greeting, AUTH TLS, handshake; not logged in. */
    static RawClient explicitTlsOnly(int port) throws IOException {
        return explicitTlsOnly(new Socket(HOST, port));
    }

    static RawClient explicitTlsOnly(Socket connected) throws IOException {
        var c = new RawClient(connected, trustAllTls());
        c.expect(220);
        c.command("AUTH TLS", 234);
        c.startTls();
        return c;
    }

    /** The same with a given client TLS layer, whose session cache may be shared with other clients. */
    static RawClient explicit(int port, String user, String prot, Tls tls) throws IOException {
        return explicit(new Socket(HOST, port), user, prot, tls);
    }

    /** The same on a connection already made (one that began with a PROXY protocol header, say). */
    static RawClient explicit(Socket connected, String user, String prot, Tls tls) throws IOException {
        var c = new RawClient(connected, tls);
        c.expect(220);
        c.command("AUTH TLS", 234);
        c.startTls();
        c.command("PBSZ 0", 200);
        c.command("PROT " + prot, 200);
        c.login(user);
        return c;
    }

    void login(String user) throws IOException {
        command("USER " + user, 331);
        command("PASS " + TestServer.PASSWORD, 230);
        command("TYPE I", 200);
    }

    /** The control connection's local address: the client address the server sees. */
    java.net.InetSocketAddress controlAddress() {
        return (java.net.InetSocketAddress) control.socket().getLocalSocketAddress();
    }

    void startTls() throws IOException {
        control.startTls(tls, HOST);
    }

    void send(String line) throws IOException {
        sendBytes((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    void sendBytes(byte[] bytes) throws IOException {
        control.write(bytes);
    }

    Reply read() throws IOException {
        control.setReadTimeout(TIMEOUT_MILLIS);
        return new ReplyReader(control.lines()).read();
    }

    Reply expect(int code) throws IOException {
        Reply r = read();
        if (r.code() != code) {
            throw new AssertionError("expected " + code + " but got " + r);
        }
        return r;
    }

    Reply command(String line, int expected) throws IOException {
        send(line);
        return expect(expected);
    }

    Reply command(String line) throws IOException {
        send(line);
        return read();
    }

    /** EPSV, then a TCP connection to the announced port (not yet TLS). */
    Socket openPassiveData() throws IOException {
        return openPassiveData(null, new byte[0]);
    }

    /**
     * EPSV, then a TCP connection to the announced port from {@code from} (any local address if null)
     * that begins with {@code preamble} (a PROXY protocol header, as a balancer would put there).
     */
    Socket openPassiveData(InetAddress from, byte[] preamble) throws IOException {
        Reply r = command("EPSV", 229);
        int port = HostPort.parseExtendedPassiveReply(r.text());
        Socket data = Tls.sessionSharingSocket(control.socket().getPort());
        if (from != null) {
            data.bind(new InetSocketAddress(from, 0));
        }
        data.connect(new InetSocketAddress(HOST, port), 10_000);
        data.setSoTimeout(TIMEOUT_MILLIS);
        data.getOutputStream().write(preamble);
        return data;
    }

    /** TLS on a data socket, resuming the control session (as curl and lftp do). */
    Socket protect(Socket data) throws IOException {
        return tls.clientHandshake(data, HOST);
    }

    static byte[] readAll(InputStream in) throws IOException {
        var buf = new ByteArrayOutputStream();
        in.transferTo(buf);
        return buf.toByteArray();
    }

    /** Downloads over a protected passive connection; returns the bytes and leaves the 226 to read. */
    byte[] retr(String path) throws IOException {
        return retr(path, tls);
    }

    /** The same, with the data connection's TLS made by {@code dataTls}: it resumes what that one cached. */
    byte[] retr(String path, Tls dataTls) throws IOException {
        Socket data = openPassiveData();
        send("RETR " + path);
        try (Socket tlsData = dataTls.clientHandshake(data, HOST)) {
            expect(150);
            return readAll(tlsData.getInputStream());
        }
    }

    /**
     * RETR whose data connection's TLS is made by {@code dataTls} and which the server refuses after
     * the handshake: no byte arrives; returns the server's final reply.
     */
    Reply retrRefused(String path, Tls dataTls) throws IOException {
        Socket data = openPassiveData();
        send("RETR " + path);
        expect(150);
        try (Socket tlsData = dataTls.clientHandshake(data, HOST)) {
            int first = tlsData.getInputStream().read();
            if (first >= 0) {
                throw new AssertionError("the refused data connection delivered data");
            }
        } catch (IOException expected) {
            // The server closed the connection: also no data.
        }
        return read();
    }

    void stor(String path, byte[] content) throws IOException {
        stor(path, content, openPassiveData());
    }

    /** STOR over {@code data}, a passive connection opened by {@link #openPassiveData(InetAddress, byte[])}. */
    void stor(String path, byte[] content, Socket data) throws IOException {
        send("STOR " + path);
        try (Socket tlsData = protect(data)) {
            expect(150);
            tlsData.getOutputStream().write(content);
            tlsData.getOutputStream().flush();
            ((SSLSocket) tlsData).shutdownOutput();
            tlsData.getInputStream().transferTo(OutputStream.nullOutputStream());
        }
    }

    List<String> lines(byte[] listing) {
        return List.of(new String(listing, StandardCharsets.UTF_8).split("\r\n"));
    }

    /** The control connection's TCP socket (its port is what a data connection's TLS session is cached by). */
    Socket controlSocket() {
        return control.socket();
    }

    /** Closes the TCP connection without a TLS closure: as a client that just goes away. */
    @Override
    public void close() throws IOException {
        control.socket().close();
    }
}
