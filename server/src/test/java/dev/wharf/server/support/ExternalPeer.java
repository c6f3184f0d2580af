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

    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** What a finished process returned and printed (stdout and stderr together). */
    public record Result(int exitCode, String output) {
        @Override
        public String toString() {
            return "exit code " + exitCode + ", output:\n" + output;
        }
    }

    /** Skips the calling test unless {@code program} is on the PATH. */
    public static void assumeInstalled(String program) {
        Assumptions.assumeTrue(onPath(program), program + " is not installed (CI installs it)");
    }

    public static Result run(List<String> command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("wharf-peer-", ".log");
        try {
            Process process = new ProcessBuilder(command)
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
