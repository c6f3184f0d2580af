package dev.wharf.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.wharf.cli.config.ConfigFile;
import dev.wharf.cli.config.Setting;
import dev.wharf.server.auth.UsersFile;
import dev.wharf.server.support.ExternalPeer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package and its systemd unit: built from cli/target/wharf.jar with
 * packaging/build-deb.sh, checked with dpkg-deb and systemd-analyze, and, where the tests run as
 * root (CI), installed with dpkg, run as the wharf user, and purged.
 */
@Timeout(600)
class DebianPackageIT {
    private static final Path PACKAGING = Path.of(System.getProperty("wharf.packaging"));
    private static final Path JAR = Path.of(System.getProperty("wharf.jar"));
    private static final Path TARGET = Path.of(System.getProperty("wharf.target"));
    private static final String VERSION = System.getProperty("wharf.version");
    private static final Pattern PORT = Pattern.compile("(explicit|implicit) FTPS .* on port (\\d+)");
    /** What the installed programs see: no JAVA_HOME, the system's PATH (here its java is 17: too old). */
    private static final List<String> PLAIN_ENVIRONMENT = List.of("env", "-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin");
    private static final List<String> AS_WHARF = List.of("setpriv", "--reuid=wharf", "--regid=wharf", "--init-groups", "--");

    private static Path deb;
    /** The package's files, unpacked with dpkg-deb -x. */
    private static Path unpacked;

    @TempDir
    Path dir;

    @BeforeAll
    static void buildThePackage() throws Exception {
        ExternalPeer.assumeInstalled("dpkg-deb", "dpkg");
        assertThat(JAR).as("built by cli's package phase").isRegularFile();
        var built = run(List.of(PACKAGING.resolve("build-deb.sh").toString(), JAR.toString(), TARGET.resolve("deb").toString()));
        deb = Path.of(built.output().strip().lines().reduce((a, b) -> b).orElseThrow());
        unpacked = TARGET.resolve("deb-root");
        run(List.of("rm", "-rf", unpacked.toString()));
        run(List.of("dpkg-deb", "-x", deb.toString(), unpacked.toString()));
    }

    @Test
    void thePackageHoldsTheProgramTheUnitAndTheConfig() throws Exception {
        // Debian sorts 0.1.0~SNAPSHOT before 0.1.0, as Maven does 0.1.0-SNAPSHOT.
        assertThat(deb.getFileName()).hasToString("wharf_" + VERSION.replace('-', '~') + "_all.deb");
        String contents = run(List.of("dpkg-deb", "-c", deb.toString())).output();
        for (String file : List.of("./usr/bin/wharf", "./usr/share/wharf/wharf.jar", "./usr/share/wharf/find-java.sh",
                "./usr/share/wharf/wait-ready", "./lib/systemd/system/wharf.service", "./etc/wharf/wharf.conf")) {
            assertThat(contents).as(file).containsPattern(" root/root .* " + Pattern.quote(file) + "\n");
        }
        assertThat(contents).containsPattern("-rwxr-xr-x root/root .* \\./usr/bin/wharf\n")
                .containsPattern("drwxr-xr-x root/root .* \\./\n");
        assertThat(run(List.of("dpkg-deb", "-f", deb.toString(), "Package", "Architecture", "Depends")).output())
                .isEqualTo("Package: wharf\nArchitecture: all\nDepends: adduser, util-linux\n");
        assertThat(run(List.of("dpkg-deb", "-I", deb.toString(), "conffiles")).output()).isEqualTo("/etc/wharf/wharf.conf\n");

        // Every setting is there, commented out with its default unless the service sets it.
        Path conf = unpacked.resolve("etc/wharf/wharf.conf");
        String text = Files.readString(conf);
        for (Setting s : Setting.values()) {
            assertThat(text).as(s.key()).containsPattern("(?m)^(# )?" + s.key() + " =");
        }
        var values = ConfigFile.read(conf);
        assertThat(values.get(Setting.EXPLICIT_PORT).text()).isEqualTo("21");
        assertThat(values.get(Setting.IMPLICIT_PORT).text()).isEqualTo("990");
        assertThat(values.get(Setting.STATE_DIR).text()).isEqualTo("/var/lib/wharf");
        assertThat(values.get(Setting.USERS_FILE).text()).isEqualTo("/var/lib/wharf/users");
        assertThat(values).doesNotContainKey(Setting.IDLE_TIMEOUT);
    }

    @Test
    void theUnitPassesSystemdAnalyze() throws Exception {
        ExternalPeer.assumeInstalled("systemd-analyze", "systemd");
        String unit = Files.readString(unpacked.resolve("lib/systemd/system/wharf.service"));
        assertThat(unit).contains("\nUser=wharf\n", "\nAmbientCapabilities=CAP_NET_BIND_SERVICE\n",
                "\nCapabilityBoundingSet=CAP_NET_BIND_SERVICE\n", "\nProtectSystem=strict\n", "\nNoNewPrivileges=yes\n",
                "\nExecReload=/bin/kill -HUP $MAINPID\n", "\nExecStart=/usr/bin/wharf serve --config /etc/wharf/wharf.conf\n");
        // verify checks that the commands exist: here they are the package's, unpacked.
        Path copy = dir.resolve("wharf.service");
        Files.writeString(copy, unit.replace("/usr/bin/wharf", unpacked.resolve("usr/bin/wharf").toString())
                .replace("/usr/share/wharf/", unpacked.resolve("usr/share/wharf") + "/"));
        // An unknown or misspelt directive is only a warning: any output fails the test.
        assertThat(run(List.of("systemd-analyze", "verify", "--man=no", copy.toString())).output()).isEmpty();
        // Exposure 2.0 or less, "OK" in systemd's words; a hardening directive dropped would raise it.
        run(List.of("systemd-analyze", "security", "--offline=yes", "--threshold=20", copy.toString()));
    }

    @Test
    void waitReadyWaitsForTheProcessToListen() throws Exception {
        ExternalPeer.assumeInstalled("python3");
        String waitReady = unpacked.resolve("usr/share/wharf/wait-ready").toString();
        Process listener = new ProcessBuilder("python3", "-c",
                "import socket, time; s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(); time.sleep(120)").start();
        Process silent = new ProcessBuilder("sleep", "120").start();
        try {
            run(List.of(waitReady, Long.toString(listener.pid()), "60"));
            var notListening = ExternalPeer.run(List.of(waitReady, Long.toString(silent.pid()), "1"));
            assertThat(notListening.exitCode()).isEqualTo(1);
            assertThat(notListening.output()).contains("did not listen within 1 s");
            silent.destroy();
            silent.waitFor();
            var ended = ExternalPeer.run(List.of(waitReady, Long.toString(silent.pid()), "60"));
            assertThat(ended.exitCode()).isEqualTo(1);
            assertThat(ended.output()).contains("ended before it listened");
        } finally {
            listener.destroyForcibly();
            silent.destroyForcibly();
        }
    }

    @Test
    void theInstalledPackageServesAsTheWharfUser() throws Exception {
        ExternalPeer.assumeInstalled("curl");
        installed(List.of(), () -> {
            Path passwordFile = Path.of("/etc/wharf/first-user-password");
            String password = Files.readString(passwordFile).strip();
            assertThat(password).hasSize(20);
            assertThat(installOutput).contains("created the FTPS user 'wharf'", passwordFile.toString()).doesNotContain(password);
            assertOwned(passwordFile, "root", "root", "rw-------");
            assertOwned(Path.of("/var/lib/wharf/users"), "wharf", "wharf", "rw-------");
            assertOwned(Path.of("/etc/wharf/wharf.conf"), "root", "wharf", "rw-r-----");
            assertOwned(Path.of("/srv/wharf/wharf"), "wharf", "wharf", null);

            assertThat(run(concat(PLAIN_ENVIRONMENT, List.of("/usr/bin/wharf", "--version"))).output()).startsWith("wharf " + VERSION + " (Java ");

            // Root's 'wharf user add' acts as the wharf user on the service's users file.
            Path alicePassword = dir.resolve("alice-password");
            Files.writeString(alicePassword, "alice-password\n");
            run(List.of("sh", "-c", "/usr/bin/wharf user add alice --home /srv/wharf/alice --password-stdin < " + alicePassword));
            assertOwned(Path.of("/var/lib/wharf/users"), "wharf", "wharf", "rw-------");
            assertOwned(Path.of("/srv/wharf/alice"), "wharf", "wharf", null);
            assertThat(run(List.of("/usr/bin/wharf", "user", "list")).output())
                    .contains("wharf\trw\t/srv/wharf/wharf", "alice\trw\t/srv/wharf/alice");

            serve(password);
        });
    }

    /**
     * Debian 12 packages no Java 21: the package installs without one, makes no user (so the server
     * cannot make one up and print its password to the journal), and the program says what to install.
     */
    @Test
    void withoutJavaThePackageInstallsAndTheProgramSaysWhatIsMissing() throws Exception {
        ExternalPeer.assumeInstalled("unshare", "util-linux");
        // A private mount namespace where /usr/lib/jvm, and so every Java, is empty.
        List<String> noJava = List.of("unshare", "--mount", "sh", "-c", "mount -t tmpfs none /usr/lib/jvm && exec \"$@\"", "no-java");
        installed(concat(noJava, PLAIN_ENVIRONMENT), () -> {
            assertThat(installOutput).contains("no Java 21 or newer was found", "no user was created");
            assertThat(Path.of("/etc/wharf/first-user-password")).doesNotExist();
            assertThat(UsersFile.load(Path.of("/var/lib/wharf/users")).entries()).isEmpty();
            var version = ExternalPeer.run(concat(noJava, PLAIN_ENVIRONMENT, List.of("/usr/bin/wharf", "--version")));
            assertThat(version.exitCode()).isEqualTo(1);
            assertThat(version.output()).contains("no Java 21 or newer was found", "openjdk-21-jre-headless");
        });
    }

    /** What dpkg -i printed, for the test that {@link #installed} runs. */
    private String installOutput;

    private interface WhileInstalled {
        void run() throws Exception;
    }

    /**
     * Installs the package with dpkg -i (run under {@code prefix}), runs {@code test}, then purges the
     * package and removes the user and files folder it made, so the machine is as before.
     */
    private void installed(List<String> prefix, WhileInstalled test) throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            unavailable("installing the package needs root (dpkg -i)");
        }
        ExternalPeer.assumeInstalled("dpkg");
        ExternalPeer.assumeInstalled("setpriv", "util-linux");
        if (ExternalPeer.run(List.of("dpkg-query", "-W", "-f=${Status}", "wharf")).output().contains("installed")) {
            Assumptions.abort("a wharf package is installed on this machine already; this test would replace and purge it");
        }
        boolean hadUser = ExternalPeer.run(List.of("id", "wharf")).exitCode() == 0;
        boolean hadFiles = Files.exists(Path.of("/srv/wharf"));
        try {
            installOutput = run(concat(prefix, List.of("dpkg", "-i", deb.toString()))).output();
            test.run();
        } finally {
            run(List.of("dpkg", "--purge", "wharf"));
            if (!hadUser) {
                run(List.of("deluser", "--system", "--quiet", "wharf"));
            }
            if (!hadFiles) {
                run(List.of("rm", "-rf", "/srv/wharf"));
            }
        }
        assertThat(Path.of("/usr/bin/wharf")).doesNotExist();
        assertThat(Path.of("/var/lib/wharf")).doesNotExist();
        assertThat(Path.of("/etc/wharf")).doesNotExist();
        assertThat(Path.of("/etc/systemd/system/multi-user.target.wants/wharf.service")).doesNotExist();
    }

    /**
     * The unit's SystemCallFilter admits every system call the launcher, the server (first start:
     * certificate generated; uploads and downloads on both listeners; SIGHUP; SIGTERM) and
     * wait-ready make, as strace sees them. Only systemd applies the filter, and it does not run here.
     */
    @Test
    void theUnitsSystemCallFilterAdmitsWhatTheServerCalls() throws Exception {
        ExternalPeer.assumeInstalled("curl");
        ExternalPeer.assumeInstalled("strace");
        installed(List.of(), () -> {
            // strace runs as the wharf user, so its logs go where that user may write (not the @TempDir).
            Path traces = Files.createTempDirectory("wharf-strace-");
            Set<String> called = new TreeSet<>();
            try {
                run(List.of("chown", "wharf:wharf", traces.toString()));
                List<String> traced = List.of("strace", "-f", "-qq", "-o", traces.resolve("serve").toString(), "--");
                List<String> tracedWaitReady = List.of("strace", "-f", "-qq", "-o", traces.resolve("wait-ready").toString(), "--");
                serve(Files.readString(Path.of("/etc/wharf/first-user-password")).strip(), traced, tracedWaitReady);
                for (String trace : List.of("serve", "wait-ready")) {
                    called.addAll(SystemCallFilter.calls(Files.readString(traces.resolve(trace))));
                }
            } finally {
                run(List.of("rm", "-rf", traces.toString()));
            }
            Set<String> allowed = SystemCallFilter.of(Files.readString(Path.of("/lib/systemd/system/wharf.service")));
            assertThat(called).contains("execve", "accept", "write");
            Set<String> refused = new TreeSet<>(called);
            refused.removeAll(allowed);
            assertThat(refused).as("system calls the server makes and the unit's SystemCallFilter refuses").isEmpty();
        });
    }

    private void serve(String password) throws Exception {
        serve(password, List.of(), List.of());
    }

    /**
     * Runs the installed server as the service does (its user, its config), on free ports instead of
     * 21 and 990, under {@code prefix}, and the unit's readiness check under {@code waitReadyPrefix}.
     */
    private void serve(String password, List<String> prefix, List<String> waitReadyPrefix) throws Exception {
        Path log = dir.resolve("serve.log");
        Process serve = new ProcessBuilder(concat(AS_WHARF, prefix, PLAIN_ENVIRONMENT, List.of("/usr/bin/wharf", "serve",
                "--config", "/etc/wharf/wharf.conf", "--listen-addresses", "127.0.0.1", "--explicit-port", "0", "--implicit-port", "0")))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String banner = awaitReady(serve, log);
            // The launcher execs Java, so the server is the process started (or strace's one child).
            long java = prefix.isEmpty() ? serve.pid() : serve.children().findFirst().orElseThrow().pid();
            assertThat(banner).doesNotContain(password).contains("users file: /var/lib/wharf/users");
            int explicit = port(banner, "explicit");
            int implicit = port(banner, "implicit");
            run(concat(AS_WHARF, waitReadyPrefix, List.of("/usr/share/wharf/wait-ready", Long.toString(java), "60")));

            var wrong = ExternalPeer.run(List.of("curl", "-sS", "--ssl-reqd", "--insecure", "--user", "wharf:wrong-password",
                    "ftp://127.0.0.1:" + explicit + "/"));
            assertThat(wrong.exitCode()).as(wrong.toString()).isEqualTo(67); // curl: login denied (530)
            Path upload = Files.writeString(dir.resolve("upload.txt"), "uploaded through the installed server\n");
            run(List.of("curl", "-sS", "--ssl-reqd", "--insecure", "--user", "wharf:" + password, "-T", upload.toString(),
                    "ftp://127.0.0.1:" + explicit + "/"));
            assertThat(Path.of("/srv/wharf/wharf/upload.txt")).hasSameTextualContentAs(upload);
            assertOwned(Path.of("/srv/wharf/wharf/upload.txt"), "wharf", "wharf", null);

            // ExecReload: SIGHUP reloads, and the server goes on serving.
            run(List.of("kill", "-HUP", Long.toString(java)));
            assertThat(run(List.of("curl", "-sS", "--insecure", "--user", "wharf:" + password,
                    "ftps://127.0.0.1:" + implicit + "/upload.txt")).output()).isEqualTo("uploaded through the installed server\n");
            assertThat(serve.isAlive()).as(Files.readString(log)).isTrue();
            assertThat(Path.of("/var/lib/wharf/tls/self-signed.p12")).exists();
            run(List.of("kill", "-TERM", Long.toString(java)));
            if (!serve.waitFor(90, TimeUnit.SECONDS)) {
                fail("wharf serve did not stop on SIGTERM; output:\n" + Files.readString(log));
            }
        } finally {
            // Killing strace alone would leave the server running, detached.
            serve.descendants().forEach(ProcessHandle::destroyForcibly);
            serve.destroyForcibly().waitFor();
        }
        assertThat(serve.exitValue()).as(Files.readString(log)).isEqualTo(143); // the unit's SuccessExitStatus
    }

    private static String awaitReady(Process serve, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (true) {
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (output.contains("Ready in ")) {
                return output;
            }
            if (!serve.isAlive() || System.nanoTime() > deadline) {
                fail("wharf serve did not get ready (" + (serve.isAlive() ? "still running" : "exit code " + serve.exitValue())
                        + "); output:\n" + output);
            }
            Thread.sleep(50);
        }
    }

    private static int port(String banner, String listener) {
        Matcher m = PORT.matcher(banner);
        while (m.find()) {
            if (m.group(1).equals(listener)) {
                return Integer.parseInt(m.group(2));
            }
        }
        throw new AssertionError("no " + listener + " port in:\n" + banner);
    }

    private static void assertOwned(Path path, String owner, String group, String permissions) throws IOException {
        PosixFileAttributes a = Files.readAttributes(path, PosixFileAttributes.class);
        assertThat(a.owner().getName()).as(path + " owner").isEqualTo(owner);
        assertThat(a.group().getName()).as(path + " group").isEqualTo(group);
        if (permissions != null) {
            assertThat(PosixFilePermissions.toString(a.permissions())).as(path + " permissions").isEqualTo(permissions);
        }
    }

    /** Not root: skipped on a developer's machine, failed in CI (which runs as root), as a missing peer. */
    private static void unavailable(String why) {
        if (ExternalPeer.inCi()) {
            fail(why + ". CI=" + System.getenv("CI") + " is set, so this fails instead of skipping.");
        }
        Assumptions.abort(why + " (skipped; in CI, with CI set, this fails)");
    }

    private static ExternalPeer.Result run(List<String> command) throws Exception {
        return ExternalPeer.run(command).assertOk();
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        var all = new ArrayList<String>();
        for (List<String> p : parts) {
            all.addAll(p);
        }
        return all;
    }
}
