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
 * Runs another FTPS client (curl, lftp, python3) as a process against a test server. A test is
 * skipped when the program is not installed; CI installs them, so there they always run.
 */
public final class ExternalPeer {
    private ExternalPeer() {}

    /** Only there so a hung peer fails the test instead of hanging it; big transfers fit in it. */
    public static final Duration TIMEOUT = Duration.ofSeconds(180);

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

    /** Skips the calling test unless {@code program} is on the PATH. */
    public static void assumeInstalled(String program) {
        Assumptions.assumeTrue(onPath(program), program + " is not installed (CI installs it)");
    }

    public static Result run(List<String> command) throws IOException, InterruptedException {
        return run(Path.of("."), command);
    }

    /** Runs {@code command} in {@code workDir}, where its relative file names point. */
    public static Result run(Path workDir, List<String> command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("wharf-peer-", ".log");
        try {
            Process process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                fail(command.get(0) + " did not finish within " + TIMEOUT.toSeconds() + " s; output:\n"
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
