package dev.wharf.cli;

import dev.wharf.server.auth.PasswordHash;
import dev.wharf.server.auth.UsersFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code wharf serve} as a process of its own, on this test's class path: for what only a real
 * process shows (signals, the banner, standard output, the exit). Standard error goes to a log file
 * the test can read; standard output is read all along (so that the process never blocks on a full
 * pipe) and kept; starting waits for the banner's "Ready" line. Closing sends SIGTERM, as a service
 * manager stops it (the shutdown hook runs).
 */
final class ServeProcess implements AutoCloseable {
    private static final Pattern EXPLICIT_PORT = Pattern.compile("explicit FTPS \\(AUTH TLS\\) on port (\\d+)");
    private static final Pattern METRICS = Pattern.compile("metrics: http://(\\S+)/metrics");
    private static final Pattern FINGERPRINT = Pattern.compile("SHA-256 fingerprint: (\\S+)");

    private final Process process;
    private final Path log;
    private final StringBuilder output = new StringBuilder();

    private ServeProcess(Process process, Path log) throws Exception {
        this.process = process;
        this.log = log;
        var ready = new CompletableFuture<Void>();
        // In the background, so that a silent process fails the test by the timeout below.
        Thread.ofPlatform().daemon().name("wharf-serve-output").start(() -> {
            try (var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                    if (line.startsWith("Ready in ")) {
                        ready.complete(null);
                    }
                }
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IllegalStateException("wharf serve ended before it was ready: "
                    + output() + "\n" + read(log)));
        });
        ready.get(60, TimeUnit.SECONDS);
    }

    /** Writes {@code dir/users} with one user, alice, whose files are in {@code dir/alice}; returns its path. */
    static Path usersFileWithAlice(Path dir, String password) throws IOException {
        Path users = dir.resolve("users");
        UsersFile usersFile = UsersFile.load(users);
        usersFile.put(new UsersFile.Entry("alice", PasswordHash.create(password), true,
                Files.createDirectories(dir.resolve("alice"))));
        usersFile.save();
        return users;
    }

    /** Starts {@code wharf serve ARGS} and waits for its banner (60 s at most). */
    static ServeProcess start(Path log, String... args) throws Exception {
        return start(log, List.of(args));
    }

    static ServeProcess start(Path log, List<String> args) throws Exception {
        return start(log, Map.of(), args);
    }

    /** With these environment variables added to the test's (the S3 keys of storage = s3, say). */
    static ServeProcess start(Path log, Map<String, String> environment, List<String> args) throws Exception {
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve"));
        command.addAll(args);
        var builder = new ProcessBuilder(command).redirectError(log.toFile());
        builder.environment().putAll(environment);
        Process p = builder.start();
        try {
            return new ServeProcess(p, log);
        } catch (Exception e) {
            p.destroyForcibly();
            throw e;
        }
    }

    int explicitPort() {
        return Integer.parseInt(find(EXPLICIT_PORT));
    }

    /** The certificate's SHA-256 fingerprint, as the banner showed it: what a client pins. */
    String fingerprint() {
        return find(FINGERPRINT);
    }

    /** {@code kill -9}: no shutdown hook, no flush, no rename that was not done yet. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** {@code host:port} of the metrics listener, as the banner announced it. */
    String metricsAddress() {
        return find(METRICS);
    }

    private String find(Pattern p) {
        Matcher m = p.matcher(output());
        if (m.find()) {
            return m.group(1);
        }
        throw new IllegalStateException("the banner does not say " + p + ": " + output());
    }

    /** What it printed on standard output so far (the banner first). */
    String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    long pid() {
        return process.pid();
    }

    /** SIGHUP: what {@code systemctl reload} sends. */
    void hangUp() throws Exception {
        new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    /** What it logged (standard error) so far. */
    String log() {
        return read(log);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM without waiting: the server drains (shutdown-grace) while the test goes on. */
    void terminate() {
        process.destroy();
    }

    /** Its exit code once it ended, within {@code timeout}; fails if it is still running then. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("wharf serve still running after " + timeout + ": " + log());
        }
        return process.exitValue();
    }

    /** SIGTERM, the graceful stop; killed if it has not ended 10 s later. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
