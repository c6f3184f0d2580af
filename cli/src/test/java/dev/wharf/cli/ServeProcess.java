package dev.wharf.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code wharf serve} as a process of its own, on the tests' class path: started with its settings,
 * its port read from the banner, its standard output kept, stopped by SIGTERM as a service manager
 * stops it (the shutdown hook runs).
 */
final class ServeProcess implements AutoCloseable {
    private static final Pattern EXPLICIT_PORT = Pattern.compile("explicit FTPS \\(AUTH TLS\\) on port (\\d+)");

    private final Process process;
    private final int explicitPort;
    private final StringBuilder output = new StringBuilder();

    private ServeProcess(Process process) throws Exception {
        this.process = process;
        var port = new CompletableFuture<Integer>();
        // Read in the background, so that a silent process fails the test by the timeout below.
        Thread.ofPlatform().daemon().name("wharf-serve-output").start(() -> {
            try (var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                    Matcher m = EXPLICIT_PORT.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
            port.completeExceptionally(new IllegalStateException("wharf serve ended without announcing its port"));
        });
        this.explicitPort = port.get(60, TimeUnit.SECONDS);
    }

    /** {@code wharf serve SETTINGS}, its standard error written to {@code errorLog}. */
    static ServeProcess start(Path errorLog, List<String> settings) throws Exception {
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve"));
        command.addAll(settings);
        Process process = new ProcessBuilder(command).redirectError(errorLog.toFile()).start();
        try {
            return new ServeProcess(process);
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
    }

    int explicitPort() {
        return explicitPort;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** What it printed on standard output so far. */
    String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    /** SIGTERM, and waits for the process to end. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
