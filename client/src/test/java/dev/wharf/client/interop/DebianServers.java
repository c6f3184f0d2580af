package dev.wharf.client.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * vsftpd, ProFTPD and Pure-FTPd from Debian packages, fetched with {@code apt-get download} and
 * unpacked with {@code dpkg-deb -x} into a cache folder (they all conflict with each other as
 * installed packages, so none is installed). Libraries they need beyond a base system are unpacked
 * beside them and found through LD_LIBRARY_PATH.
 *
 * <p>Cache: {@code $WHARF_TEST_SERVERS}, else {@code ~/.cache/wharf-test-servers}. If the packages
 * cannot be fetched or run, the tests that need them are skipped with the reason, except in CI (the
 * environment variable {@code CI} set), where they fail: there the servers must be tested.
 */
final class DebianServers {
    static final List<String> PACKAGES = List.of(
            "vsftpd", "proftpd-core", "proftpd-mod-crypto", "pure-ftpd", "pure-ftpd-common",
            // libraries the servers link against that a base Debian 12 system lacks
            "libwrap0", "libhiredis0.14", "libmemcached11", "libmemcachedutil2", "libhashkit2",
            "libpcre2-posix3", "libsodium23");

    private static Path root;
    private static String unavailable;

    private DebianServers() {}

    static Path cacheDir() {
        String env = System.getenv("WHARF_TEST_SERVERS");
        return env != null && !env.isBlank() ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cache", "wharf-test-servers");
    }

    /** The unpacked root (with usr/sbin/vsftpd etc.), or a skipped test with the reason. */
    static synchronized Path root() {
        if (root == null && unavailable == null) {
            try {
                root = install();
            } catch (IOException | RuntimeException e) {
                unavailable = e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                unavailable = "interrupted";
            }
        }
        if (unavailable != null) {
            String why = "Debian FTP server packages not available: " + unavailable
                    + ". They are fetched with: apt-get download " + String.join(" ", PACKAGES);
            if (inCi()) {
                throw new AssertionError(why + ". CI=" + System.getenv("CI")
                        + " is set, so the missing servers fail the tests instead of skipping them.");
            }
            Assumptions.abort(why + " (skipped; in CI, with CI set, this fails)");
        }
        return root;
    }

    /** Whether the tests run in CI: the environment variable CI is set to anything. */
    static boolean inCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isEmpty();
    }

    static String libraryPath(Path root) {
        return root.resolve("usr/lib/x86_64-linux-gnu") + ":" + root.resolve("lib/x86_64-linux-gnu")
                + ":" + root.resolve("usr/lib/proftpd");
    }

    private static Path install() throws IOException, InterruptedException {
        if (!System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")) {
            throw new IOException("needs Linux (Debian packages)");
        }
        Path cache = cacheDir();
        Path unpacked = cache.resolve("root");
        Path marker = cache.resolve("unpacked.ok");
        String wanted = String.join(" ", PACKAGES);
        if (Files.exists(marker) && Files.readString(marker).strip().equals(wanted)) {
            checkLinks(unpacked);
            return unpacked;
        }
        Path debs = cache.resolve("debs");
        Files.createDirectories(debs);
        List<String> download = new ArrayList<>(List.of("apt-get", "download"));
        download.addAll(PACKAGES);
        Result r = run(debs, download, 300);
        if (r.exit != 0) {
            // No package lists yet (a fresh container): fetch them once and try again.
            Result update = run(debs, List.of("apt-get", "update", "-q"), 300);
            if (update.exit != 0) {
                throw new IOException("apt-get update failed: " + tail(update.output));
            }
            r = run(debs, download, 300);
            if (r.exit != 0) {
                throw new IOException("apt-get download failed: " + tail(r.output));
            }
        }
        Files.createDirectories(unpacked);
        try (Stream<Path> files = Files.list(debs)) {
            for (Path deb : files.filter(p -> p.toString().endsWith(".deb")).sorted().toList()) {
                Result x = run(debs, List.of("dpkg-deb", "-x", deb.toString(), unpacked.toString()), 120);
                if (x.exit != 0) {
                    throw new IOException("dpkg-deb -x " + deb.getFileName() + " failed: " + tail(x.output));
                }
            }
        }
        checkLinks(unpacked);
        Files.writeString(marker, wanted);
        return unpacked;
    }

    /** Every binary must find its libraries; names the missing ones otherwise. */
    private static void checkLinks(Path unpacked) throws IOException, InterruptedException {
        for (String binary : List.of("usr/sbin/vsftpd", "usr/sbin/proftpd", "usr/sbin/pure-ftpd",
                "usr/lib/proftpd/mod_tls.so", "usr/lib/proftpd/mod_digest.so")) {
            Path file = unpacked.resolve(binary);
            if (!Files.exists(file)) {
                throw new IOException(file + " is missing after unpacking");
            }
            var pb = new ProcessBuilder("ldd", file.toString()).redirectErrorStream(true);
            pb.environment().put("LD_LIBRARY_PATH", libraryPath(unpacked));
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            if (out.contains("not found")) {
                throw new IOException(binary + " lacks libraries: " + out.lines().filter(l -> l.contains("not found"))
                        .map(String::strip).toList() + " (apt-get install them, or add their packages to the list)");
            }
        }
    }

    record Result(int exit, String output) {}

    static Result run(Path dir, List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        // Output to a file, not a pipe read to its end first: a hung apt-get must meet the timeout.
        Path log = Files.createTempFile("wharf-apt-", ".log");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return new Result(-1, "timed out after " + timeoutSeconds + " s: " + String.join(" ", command)
                        + "\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String tail(String s) {
        String t = s.strip();
        return t.length() > 600 ? "..." + t.substring(t.length() - 600) : t;
    }
}
