package dev.wharf.client.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The system user the foreign servers log in: {@code wharftest}, created if absent (no home, no
 * shell) and given a known password. Needs root, as do the servers themselves.
 */
final class TestUser {
    static final String NAME = "wharftest";
    static final String PASSWORD = "wharf-interop-7d1c";
    private static Boolean ready;
    private static String problem;

    private TestUser() {}

    static synchronized void ensure() {
        if (ready == null) {
            try {
                ready = setUp();
            } catch (IOException e) {
                problem = e.getMessage();
                ready = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                problem = "interrupted";
                ready = false;
            }
        }
        Assumptions.assumeTrue(ready, () -> "cannot prepare the test user " + NAME + ": " + problem);
    }

    private static boolean setUp() throws IOException, InterruptedException {
        if (!"root".equals(System.getProperty("user.name"))) {
            problem = "the foreign FTP servers need root (to log in system users); running as "
                    + System.getProperty("user.name");
            return false;
        }
        Path tmp = Path.of("/tmp");
        if (DebianServers.run(tmp, List.of("id", NAME), 30).exit() != 0) {
            var r = DebianServers.run(tmp, List.of("useradd", "-M", "-d", "/tmp", "-s", "/usr/sbin/nologin", NAME), 30);
            if (r.exit() != 0) {
                problem = "useradd failed: " + r.output().strip();
                return false;
            }
        }
        // Servers refuse a user whose home is missing (ProFTPD: 530): point it at /tmp, which exists.
        DebianServers.run(tmp, List.of("usermod", "-d", "/tmp", NAME), 30);
        Process p = new ProcessBuilder("chpasswd").redirectErrorStream(true).start();
        p.getOutputStream().write((NAME + ":" + PASSWORD + "\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            problem = "chpasswd failed: " + out.strip();
            return false;
        }
        return true;
    }

    /** Makes {@code path} (and everything under it) belong to the test user. */
    static void own(Path path) throws IOException, InterruptedException {
        var r = DebianServers.run(Path.of("/tmp"), List.of("chown", "-R", NAME + ":", path.toString()), 60);
        if (r.exit() != 0) {
            throw new IOException("chown failed: " + r.output());
        }
    }
}
