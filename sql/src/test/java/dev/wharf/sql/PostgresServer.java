package dev.wharf.sql;

import static org.assertj.core.api.Assertions.fail;

import dev.wharf.server.support.ExternalPeer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server of Debian's {@code postgresql} package, started for a test class in a
 * data folder of its own on a free loopback port, and stopped (its folder deleted) on close.
 * PostgreSQL refuses to run as root, so under root (CI) it runs as the package's {@code postgres}
 * user. Missing, it skips the tests on a developer's machine and fails them in CI, as
 * {@link ExternalPeer#assumeInstalled} does. Public for the cli's cluster test, whose Wharf processes
 * share it.
 */
public final class PostgresServer implements AutoCloseable {
    private static final String SUPERUSER = "wharf_test";
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path bin;
    private final Path dataDir;
    private final int port;
    private final boolean asPostgres;

    private PostgresServer(Path bin, Path dataDir, int port, boolean asPostgres) {
        this.bin = bin;
        this.dataDir = dataDir;
        this.port = port;
        this.asPostgres = asPostgres;
    }

    public static PostgresServer start() throws IOException, InterruptedException {
        Path bin = binaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dataDir = Files.createTempDirectory("wharf-pg-");
        if (root) {
            UserPrincipal postgres = dataDir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(dataDir, postgres);
        }
        var server = new PostgresServer(bin, dataDir, freePort(), root);
        try {
            Path cluster = dataDir.resolve("cluster");
            // trust: the cluster listens on the loopback interface only, for this test, and dies with it.
            server.run(bin.resolve("initdb").toString(), "-D", cluster.toString(), "-U", SUPERUSER, "--auth=trust",
                    "--encoding=UTF8", "--no-sync");
            server.run(bin.resolve("pg_ctl").toString(), "-D", cluster.toString(), "-l", dataDir.resolve("log").toString(),
                    "-w", "-t", "60", "-o", "-c listen_addresses=127.0.0.1 -p " + server.port + " -k " + dataDir
                            + " -c fsync=off", "start");
        } catch (IOException | InterruptedException | AssertionError e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** The newest PostgreSQL of the Debian package (/usr/lib/postgresql/NN/bin), or the test skipped (failed in CI). */
    private static Path binaries() throws IOException {
        Path versions = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(versions)) {
            try (Stream<Path> dirs = Files.list(versions)) {
                var bin = dirs.map(d -> d.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                        .max(Comparator.comparingInt(b -> version(b.getParent().getFileName().toString())));
                if (bin.isPresent()) {
                    return bin.get();
                }
            }
        }
        ExternalPeer.missing("PostgreSQL is not installed (apt-get install postgresql; .ci/run installs it)");
        throw new AssertionError("unreachable");
    }

    private static int version(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void run(String... command) throws IOException, InterruptedException {
        var line = new ArrayList<String>();
        if (asPostgres) {
            line.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        line.addAll(List.of(command));
        ExternalPeer.Result result = ExternalPeer.run(dataDir, line);
        if (result.exitCode() != 0) {
            String log = Files.exists(dataDir.resolve("log")) ? Files.readString(dataDir.resolve("log")) : "";
            fail(String.join(" ", line) + ": " + result + "\nserver log:\n" + log);
        }
    }

    /** A new, empty database of its own, for one test: its JDBC URL. */
    public String newDatabase() throws SQLException {
        String name = "wharf_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres"), SUPERUSER, "");
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return url(name);
    }

    public String user() {
        return SUPERUSER;
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (Files.exists(dataDir.resolve("cluster").resolve("postmaster.pid"))) {
                run(bin.resolve("pg_ctl").toString(), "-D", dataDir.resolve("cluster").toString(), "-w", "-m", "fast", "stop");
            }
        } finally {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
