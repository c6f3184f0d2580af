package dev.wharf.client.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Pure-FTPd 1.0.50: explicit FTPS only (Debian's build has no implicit mode). The test user is a
 * virtual (PureDB) user mapped to the system user's uid, because Pure-FTPd's Unix login accepts
 * only users whose shell is listed in /etc/shells.
 */
final class PureFtpd extends ForeignServer {

    PureFtpd() throws IOException, InterruptedException, java.security.GeneralSecurityException {
        super("pure-ftpd");
        Path users = makeUserDatabase();
        explicitPort = ServerProcess.freePort();
        int pasv = ServerProcess.freePortRange(50);
        launch("explicit", List.of(root.resolve("usr/sbin/pure-ftpd").toString(),
                "-S", "127.0.0.1," + explicitPort, "-4", "-l", "puredb:" + users, "-E", "-H",
                "-Y", "2", // TLS required on the control connection; data may be PROT C or P
                "-2", work.resolve("combined.pem").toString(),
                "-p", pasv + ":" + (pasv + 49), "-P", "127.0.0.1",
                "-c", "50", "-C", "50", "-u", "1",
                "-g", work.resolve("pure-ftpd.pid").toString()), explicitPort);
    }

    /**
     * A PureDB with the test user, its password hash taken from /etc/shadow: pure-pw's own argon2
     * hashing costs more than a second of CPU per login.
     */
    private Path makeUserDatabase() throws IOException, InterruptedException {
        Path passwd = work.resolve("pureftpd.passwd");
        Path pdb = work.resolve("pureftpd.pdb");
        String uid = DebianServers.run(work, List.of("id", "-u", TestUser.NAME), 30).output().strip();
        String gid = DebianServers.run(work, List.of("id", "-g", TestUser.NAME), 30).output().strip();
        String hash = java.nio.file.Files.readAllLines(Path.of("/etc/shadow")).stream()
                .filter(l -> l.startsWith(TestUser.NAME + ":"))
                .map(l -> l.split(":")[1])
                .findFirst().orElseThrow(() -> new IOException(TestUser.NAME + " is not in /etc/shadow"));
        // pure-pw's passwd format: name:hash:uid:gid:gecos:home, then 13 optional limit fields.
        java.nio.file.Files.writeString(passwd, TestUser.NAME + ":" + hash + ":" + uid + ":" + gid + "::" + files
                + "::::::::::::\n");
        var pb = new ProcessBuilder(root.resolve("usr/bin/pure-pw").toString(), "mkdb", pdb.toString(),
                "-f", passwd.toString()).redirectErrorStream(true);
        pb.environment().put("LD_LIBRARY_PATH", DebianServers.libraryPath(root));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("pure-pw mkdb failed: " + out);
        }
        return pdb;
    }

    @Override
    String name() {
        return "pure-ftpd";
    }

    @Override
    boolean issuesTls13Tickets() {
        return false;
    }

    @Override
    boolean hasMlsd() {
        return true;
    }

    @Override
    boolean requiresSessionReuse() {
        return false; // Pure-FTPd 1.0.50 has no setting for it
    }
}
