package dev.wharf.server.transfer;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs third-party peers (curl, lftp, python3) as processes, with a time limit so nothing hangs. */
final class Processes {
    private Processes() {}

    record Result(int exitCode, String output) {
        Result assertOk() {
            if (exitCode != 0) {
                throw new AssertionError("exit code " + exitCode + ":\n" + output);
            }
            return this;
        }
    }

    static boolean available(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** Skips the test (with the reason) when a peer is not installed; .ci/run installs them all. */
    static void assumeInstalled(String program) {
        assumeTrue(available(program), program + " is not installed (apt-get install " + program + ")");
    }

    static Result run(Path workDir, List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        var out = new StringBuilder();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // The process died; its exit code tells.
            }
        });
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            reader.join();
            throw new AssertionError(command.get(0) + " did not finish in 180 s:\n" + out);
        }
        reader.join();
        return new Result(p.exitValue(), out.toString());
    }

    /** Copies a test resource (a peer script) to a file. */
    static Path resource(String name, Path dir) throws IOException {
        Path target = dir.resolve(Path.of(name).getFileName().toString());
        try (var in = Processes.class.getResourceAsStream("/" + name)) {
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}
