package dev.wharf.client.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * What Wharf's client never does, done by hand to see whether a server demands TLS session reuse:
 * an explicit FTPS session whose one data connection (a LIST after PROT P and PASV) makes a full TLS
 * handshake, from a TLS context of its own that holds no session to resume.
 */
final class UnresumedDataConnection {
    private static final Pattern PASV = Pattern.compile("\\((\\d+),(\\d+),(\\d+),(\\d+),(\\d+),(\\d+)\\)");
    private static final int TIMEOUT_MILLIS = 15_000;

    private final BufferedReader in;
    private final OutputStream out;

    private UnresumedDataConnection(Socket control) throws IOException {
        in = new BufferedReader(new InputStreamReader(control.getInputStream(), StandardCharsets.UTF_8));
        out = control.getOutputStream();
    }

    /**
     * Logs in on the explicit port, lists {@code dir} over a data connection with a new TLS session,
     * and returns the server's final reply to LIST (after any 1xx), e.g. {@code 522 ...} from a
     * server that demands reuse or {@code 226 ...} from one that does not.
     */
    static String list(ForeignServer server, String dir) throws IOException, GeneralSecurityException {
        X509Certificate certificate = server.identity.certificate();
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress("127.0.0.1", server.explicitPort), TIMEOUT_MILLIS);
            raw.setSoTimeout(TIMEOUT_MILLIS);
            var plain = new UnresumedDataConnection(raw);
            expect(plain.reply(), "220");
            plain.command("AUTH TLS", "234"); // nothing more comes in the clear, so nothing is read ahead
            try (SSLSocket tls = (SSLSocket) trusting(certificate).getSocketFactory()
                    .createSocket(raw, "127.0.0.1", server.explicitPort, true)) {
                tls.startHandshake();
                var control = new UnresumedDataConnection(tls);
                control.command("USER " + TestUser.NAME, "331");
                control.command("PASS " + TestUser.PASSWORD, "230");
                control.command("PBSZ 0", "200");
                control.command("PROT P", "200");
                Matcher m = PASV.matcher(control.command("PASV", "227"));
                if (!m.find()) {
                    throw new IOException("no address in the PASV reply");
                }
                int port = Integer.parseInt(m.group(5)) * 256 + Integer.parseInt(m.group(6));
                control.send("LIST " + dir);
                try (Socket data = new Socket()) {
                    data.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
                    data.setSoTimeout(TIMEOUT_MILLIS);
                    // A new context: nothing cached, so this handshake cannot resume anything.
                    try (SSLSocket dataTls = (SSLSocket) trusting(certificate).getSocketFactory()
                            .createSocket(data, "127.0.0.1", port, true)) {
                        dataTls.startHandshake();
                        dataTls.getInputStream().readAllBytes();
                    } catch (IOException refusedOrCut) {
                        // A server that demands reuse ends the connection during or after the handshake.
                    }
                }
                String reply;
                do {
                    reply = control.reply();
                } while (reply.startsWith("1"));
                return reply;
            }
        }
    }

    private String command(String line, String code) throws IOException {
        send(line);
        return expect(reply(), code);
    }

    private void send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** One reply; of a multi-line reply (RFC 959 4.2), its last line. */
    private String reply() throws IOException {
        String line = in.readLine();
        if (line == null) {
            throw new IOException("the server closed the control connection");
        }
        if (line.length() > 3 && line.charAt(3) == '-') {
            String end = line.substring(0, 3) + " ";
            while (line != null && !line.startsWith(end)) {
                line = in.readLine();
            }
            if (line == null) {
                throw new IOException("the server closed the control connection in a multi-line reply");
            }
        }
        return line;
    }

    private static String expect(String reply, String code) throws IOException {
        if (!reply.startsWith(code)) {
            throw new IOException("expected " + code + ", got: " + reply);
        }
        return reply;
    }

    private static SSLContext trusting(X509Certificate certificate) throws GeneralSecurityException, IOException {
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry("server", certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(anchors);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
