package dev.wharf.ldap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A directory that stops answering: it accepts connections and then says nothing, or, with {@code
 * answersStartTls}, accepts StartTLS (RFC 4511 4.14.1, success) and then says nothing, not even in
 * the TLS handshake. What a hung or overloaded directory looks like to a client.
 */
final class StalledDirectory implements AutoCloseable {
    private static final String START_TLS = "1.3.6.1.4.1.1466.20037";

    private final ServerSocket server;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();

    StalledDirectory(boolean answersStartTls) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    Socket s = server.accept();
                    connections.add(s);
                    if (answersStartTls) {
                        Thread.ofVirtual().start(() -> answerStartTls(s));
                    }
                }
            } catch (IOException closed) {
                // close() ends the accepting
            }
        });
    }

    URI url() {
        return URI.create("ldap://127.0.0.1:" + server.getLocalPort());
    }

    URI ldapsUrl() {
        return URI.create("ldaps://127.0.0.1:" + server.getLocalPort());
    }

    /** Reads the request (SEQUENCE, messageID, ...) and answers an ExtendedResponse with success. */
    private static void answerStartTls(Socket s) {
        try {
            InputStream in = s.getInputStream();
            if (in.read() != 0x30) {
                return;
            }
            int length = in.read();
            byte[] request = in.readNBytes(length); // JNDI's StartTLS request is short: one length byte
            int idLength = request[1];
            byte[] id = java.util.Arrays.copyOfRange(request, 2, 2 + idLength);
            byte[] name = START_TLS.getBytes(StandardCharsets.US_ASCII);
            var body = new ByteArrayOutputStream();
            body.writeBytes(new byte[] {0x0a, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00, (byte) 0x8a, (byte) name.length});
            body.writeBytes(name);
            var op = new ByteArrayOutputStream();
            op.write(0x78); // [APPLICATION 24] ExtendedResponse
            op.write(body.size());
            op.writeBytes(body.toByteArray());
            var message = new ByteArrayOutputStream();
            message.write(0x02);
            message.write(id.length);
            message.writeBytes(id);
            message.writeBytes(op.toByteArray());
            var out = s.getOutputStream();
            out.write(0x30);
            out.write(message.size());
            out.write(message.toByteArray());
            out.flush();
        } catch (IOException closed) {
            // the client gave up
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : connections) {
            s.close();
        }
    }
}
