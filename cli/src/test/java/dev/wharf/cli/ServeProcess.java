package dev.wharf.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code wharf serve} as a process of its own, on this test's class path: for what only a real
 * process shows (signals, the banner, the exit). Standard error goes to a log file the test can read;
 * the banner (standard output) is read up to its "Ready" line.
 */
final class ServeProcess implements AutoCloseable {
    private static final Pattern EXPLICIT_PORT = Pattern.compile("explicit FTPS \\(AUTH TLS\\) on port (\\d+)");
    private static final Pattern METRICS = Pattern.compile("metrics: http://(\\S+)/metrics");

    private final Process process;
    private final Path log;
    private final List<String> banner;

    private ServeProcess(Process process, Path log, List<String> banner) {
        this.process = process;
        this.log = log;
        this.banner = banner;
    }

    /** Starts {@code wharf serve ARGS} and waits for its banner (60 s at most). */
    static ServeProcess start(Path log, String... args) throws Exception {
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
        try {
            return new ServeProcess(p, log, readBanner(p, log));
        } catch (Exception e) {
            p.destroyForcibly();
            throw e;
        }
    }

    /** In the background, so that a silent process fails the test by its timeout. */
    private static List<String> readBanner(Process serve, Path log) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                var out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
                var lines = new ArrayList<String>();
                for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                    if (line.startsWith("Ready in ")) {
                        return lines;
                    }
                }
                throw new IllegalStateException("wharf serve ended before it was ready: " + lines + "\n" + read(log));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).get(60, TimeUnit.SECONDS);
    }

    int explicitPort() {
        return Integer.parseInt(find(EXPLICIT_PORT));
    }

    /** {@code host:port} of the metrics listener, as the banner announced it. */
    String metricsAddress() {
        return find(METRICS);
    }

    private String find(Pattern p) {
        for (String line : banner) {
            Matcher m = p.matcher(line);
            if (m.find()) {
                return m.group(1);
            }
        }
        throw new IllegalStateException("the banner does not say " + p + ": " + banner);
    }

    List<String> banner() {
        return banner;
    }

    /** SIGHUP: what {@code systemctl reload} sends. */
    void hangUp() throws Exception {
        new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).inheritIO().start().waitFor();
    }

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

    /** SIGTERM, the graceful stop; killed if it has not ended 10 s later. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
