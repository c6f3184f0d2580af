package dev.wharf.client.interop;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A foreign server process on loopback, started with an explicit environment and stopped with its
 * whole process tree (forking servers keep one process per session). A JVM shutdown hook stops it
 * too, should the tests die before {@link #close()}.
 */
final class ServerProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;
    private final Thread shutdownHook;

    private ServerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.shutdownHook = new Thread(this::destroyTree, "stop " + name);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    static ServerProcess start(String name, List<String> command, Path root, Path log, int port) throws IOException {
        var pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("LD_LIBRARY_PATH", DebianServers.libraryPath(root));
        var server = new ServerProcess(name, pb.start(), log);
        server.awaitPort(port);
        return server;
    }

    private void awaitPort(int port) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with " + process.exitValue() + ": " + logTail());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        close();
        throw new IOException(name + " did not open port " + port + " within 20 s: " + logTail());
    }

    String logTail() {
        try {
            String s = Files.exists(log) ? Files.readString(log) : "";
            return s.length() > 1500 ? s.substring(s.length() - 1500) : s;
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void destroyTree() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        destroyTree();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook runs anyway.
        }
    }

    static int freePort() throws IOException {
        try (var s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * The first port of {@code count} consecutive free ports below the ephemeral range, for passive
     * data connections (a server needs a fixed range).
     */
    static int freePortRange(int count) throws IOException {
        // Ranges are handed out in turn, never twice in one JVM, below the ephemeral ports (32768 and
        // up on Linux), where nothing of this suite binds by chance: the check below cannot reserve a
        // range (the server binds it later), so it must not be one a test nearby may take meanwhile.
        for (int attempt = 0; attempt < 120; attempt++) {
            int base = 20000 + Math.floorMod(NEXT_RANGE.getAndIncrement(), 120) * 100;
            if (rangeFree(base, count)) {
                return base;
            }
        }
        throw new IOException("no free range of " + count + " ports found");
    }

    private static final java.util.concurrent.atomic.AtomicInteger NEXT_RANGE =
            new java.util.concurrent.atomic.AtomicInteger(ThreadLocalRandom.current().nextInt(120));

    private static boolean rangeFree(int base, int count) {
        for (int p = base; p < base + count; p++) {
            try (var s = new ServerSocket(p, 1, java.net.InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
