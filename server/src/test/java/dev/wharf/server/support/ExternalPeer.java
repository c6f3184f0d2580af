package dev.wharf.server.support;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs another FTPS client (curl, lftp, python3, rclone, wget, testssl) as a process against a test
 * server. A test whose program is not installed is skipped on a developer's machine, with what to
 * install; in CI (the environment variable {@code CI} set, as every CI service does) it fails
 * instead, so a peer that went missing there cannot turn into silently skipped tests.
 */
public final class ExternalPeer {
    private ExternalPeer() {}

    /** Only there so a hung peer fails the test instead of hanging it; big transfers fit in it. */
    public static final Duration TIMEOUT = Duration.ofMinutes(3);

    /** What a finished process returned and printed (stdout and stderr together). */
    public record Result(int exitCode, String output) {
        @Override
        public String toString() {
            return "exit code " + exitCode + ", output:\n" + output;
        }

        /** Fails the test, showing the output, unless the program succeeded. */
        public Result assertOk() {
            if (exitCode != 0) {
                fail(toString());
            }
            return this;
        }
    }

    /** Needs {@code program} on the PATH, from the Debian package of the same name. */
    public static void assumeInstalled(String program) {
        assumeInstalled(program, program);
    }

    /**
     * Needs {@code program} on the PATH: skips the calling test if it is missing, or fails it in CI.
     *
     * @param debianPackage what provides it, for the message ({@code .ci/run} installs it)
     */
    public static void assumeInstalled(String program, String debianPackage) {
        if (!onPath(program)) {
            missing(program + " is not installed (apt-get install " + debianPackage + "; .ci/run installs it)");
        }
    }

    /**
     * The first of {@code programs} that is on the PATH (one tool, known by different names), or the
     * calling test skipped (failed in CI) as by {@link #assumeInstalled(String, String)}.
     */
    public static String firstInstalled(String debianPackage, String... programs) {
        for (String program : programs) {
            if (onPath(program)) {
                return program;
            }
        }
        missing(String.join(" or ", programs) + " is not installed (apt-get install " + debianPackage
                + "; .ci/run installs it)");
        throw new AssertionError("unreachable");
    }

    /**
     * Whether every peer must be there: in CI (the environment variable CI set to anything, as
     * .ci/run sets it) or when asked with {@code -Dwharf.peers=required}.
     */
    public static boolean inCi() {
        String ci = System.getenv("CI");
        return (ci != null && !ci.isEmpty()) || "required".equals(System.getProperty("wharf.peers"));
    }

    /**
     * A missing peer, said in {@code what}: the test fails in CI, where every peer must be there, and is
     * skipped elsewhere. For peers found otherwise than on the PATH (a PostgreSQL under /usr/lib).
     */
    public static void missing(String what) {
        if (inCi()) {
            fail(what + ". In CI (CI=" + System.getenv("CI") + ", wharf.peers=" + System.getProperty("wharf.peers")
                    + ") a missing peer fails the test instead of skipping it.");
        }
        Assumptions.abort(what + " (skipped; in CI, with CI set, this fails)");
    }

    public static Result run(List<String> command) throws IOException, InterruptedException {
        return run(Path.of("."), command);
    }

    /** Runs {@code command} in {@code workDir}, where its relative file names point. */
    public static Result run(Path workDir, List<String> command) throws IOException, InterruptedException {
        return run(workDir, command, TIMEOUT);
    }

    /** {@link #run(Path, List)} for a program that may take longer than {@link #TIMEOUT}, such as a build. */
    public static Result run(Path workDir, List<String> command, Duration timeout) throws IOException, InterruptedException {
        Path output = Files.createTempFile("wharf-peer-", ".log");
        try {
            Process process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                fail(command.get(0) + " did not finish within " + timeout.toSeconds() + " s; output:\n"
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** A peer script from the test resources (they are on the file system under target/test-classes). */
    public static Path script(String resource) {
        try {
            return Path.of(ExternalPeer.class.getResource("/" + resource).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
