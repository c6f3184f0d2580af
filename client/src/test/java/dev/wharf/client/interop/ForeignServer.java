package dev.wharf.client.interop;

import dev.wharf.protocol.tls.Identity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A foreign FTPS server under test, on loopback ports of its own, with a generated configuration,
 * a fresh self-signed certificate, and a folder of files owned by the test user. Where the server
 * can demand it, every PROT P data connection must resume its control connection's TLS session
 * (vsftpd: require_ssl_reuse=YES; ProFTPD: its default, no NoSessionReuseRequired); see
 * {@link #requiresSessionReuse()}.
 */
abstract class ForeignServer implements AutoCloseable {
    final Path root;     // the unpacked Debian packages
    final Path work;     // configuration, certificate, logs
    final Path files;    // what the test user reads and writes; the same path on the server
    final Identity identity = Identity.selfSigned("localhost", List.of("localhost", "127.0.0.1"));
    final List<ServerProcess> processes = new ArrayList<>();
    int explicitPort = -1;
    int implicitPort = -1;

    ForeignServer(String name) throws IOException, InterruptedException, java.security.GeneralSecurityException {
        root = DebianServers.root();
        TestUser.ensure();
        work = Files.createTempDirectory(Path.of("/tmp"), "wharf-interop-" + name + "-");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        files = Files.createDirectories(work.resolve("files"));
        TestUser.own(files);
        writePem(work.resolve("cert.pem"), "CERTIFICATE", identity.certificate().getEncoded());
        writePem(work.resolve("key.pem"), "PRIVATE KEY", identity.key().getEncoded());
        Files.writeString(work.resolve("combined.pem"),
                Files.readString(work.resolve("cert.pem")) + Files.readString(work.resolve("key.pem")));
        for (String secret : List.of("key.pem", "combined.pem")) {
            Files.setPosixFilePermissions(work.resolve(secret), PosixFilePermissions.fromString("rw-------"));
        }
    }

    abstract String name();

    /** Whether the server was started with an implicit FTPS port. */
    boolean hasImplicit() {
        return implicitPort > 0;
    }

    /** vsftpd keeps implicit sessions at PROT C until it gets PBSZ/PROT (not MS-FTPS 3.2.5.1). */
    boolean needsPbszProtOnImplicit() {
        return false;
    }

    /** Whether the server offers MLSD; otherwise listings go through LIST parsing. */
    abstract boolean hasMlsd();

    /** Whether the server's FEAT lists HASH, so transfers get their checksums verified. */
    boolean hasHash() {
        return false;
    }

    /**
     * Whether the server sends TLS 1.3 session tickets, without which no TLS 1.3 data connection can
     * resume (Pure-FTPd 1.0.50 sends none; it does not require reuse either).
     */
    boolean issuesTls13Tickets() {
        return true;
    }

    boolean supportsCcc() {
        return false;
    }

    /**
     * Whether the server, as configured here, refuses a PROT P data connection that does not resume
     * the TLS session of its own control connection.
     */
    abstract boolean requiresSessionReuse();

    /** A file the test user owns, under {@link #files}. */
    Path file(String relative) {
        return files.resolve(relative);
    }

    /** Where the server sees {@code local} (absolute paths work on all three servers here). */
    String remote(Path local) {
        return local.toString();
    }

    void own(Path path) throws IOException, InterruptedException {
        TestUser.own(path);
    }

    ServerProcess launch(String instance, List<String> command, int port) throws IOException {
        ServerProcess p = ServerProcess.start(name() + " " + instance, command, root, work.resolve(instance + ".out"), port);
        processes.add(p);
        return p;
    }

    @Override
    public void close() {
        processes.forEach(ServerProcess::close);
        if (Boolean.getBoolean("wharf.keepServerLogs")) {
            System.err.println(name() + " files kept in " + work);
            return;
        }
        try (var walk = Files.walk(work)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("could not remove " + work + ": " + e.getMessage());
        }
    }

    private static void writePem(Path file, String type, byte[] der) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
    }
}
