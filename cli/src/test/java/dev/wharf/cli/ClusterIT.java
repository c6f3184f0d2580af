package dev.wharf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.protocol.testing.TestFiles;
import dev.wharf.s3.LocalS3;
import dev.wharf.server.support.Await;
import dev.wharf.server.support.ExternalPeer;
import dev.wharf.sql.PostgresServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster as docs/deployment.md describes it, every part real and on loopback: HAProxy (TCP mode,
 * {@code send-proxy-v2}, {@code balance roundrobin}, {@code /health/ready} checks) in front of two
 * {@code wharf serve} processes, each with its own passive range (clients make their data
 * connections straight to the node), both on one PostgreSQL (users, failed logins, bans) and one S3
 * (S3Proxy in this JVM). curl, lftp and the Wharf client go through the balancer; which node served
 * a session is read from the nodes' audit logs ({@code node-name}). A node that is killed or drained
 * by a step is started again before the next.
 */
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    private static final String PASSWORD = "cluster-password-1";
    /** The address curl and lftp connect from: the PROXY header's client, and so the data connections'. */
    private static final String CLIENT = "127.0.0.2";
    private static final String GUESSER = "127.0.0.5";
    private static final int MAX_LOGIN_FAILURES = 3;
    private static final int FILE_SIZE = 3 * 1024 * 1024 + 11;
    /**
     * For the downloads a node is killed or drained in the middle of: bigger than what the kernel can
     * hold on the way (on loopback the node's send buffer grows to tcp_wmem's 4 MiB, and curl's receive
     * buffer holds more), so that the node is still sending when the client has its first 256 KiB.
     */
    private static final int BIG_FILE_SIZE = 12 * 1024 * 1024 + 7;
    private static final String SLOW_RATE = "1m";
    private static final long PART = 256 * 1024;
    private static final Pattern LOGIN = Pattern.compile("\"event\":\"login_ok\"");

    @TempDir
    static Path dir;

    private PostgresServer postgres;
    private LocalS3 s3;
    private String database;
    private final Node[] nodes = new Node[2];
    private Process haproxy;
    private int front;
    private int implicitFront;
    private Path file;
    private Path bigFile;
    private boolean bigFileUploaded;
    private final List<Process> clients = new ArrayList<>();

    /** One {@code wharf serve}: its fixed ports (HAProxy's configuration names them), restartable. */
    private final class Node {
        final String name;
        final int ftpPort = freePort();
        final int implicitPort = freePort();
        final int metricsPort = freePort();
        final String passivePorts;
        ServeProcess process;

        Node(String name, String passivePorts) throws IOException {
            this.name = name;
            this.passivePorts = passivePorts;
        }

        Path state() {
            return dir.resolve(name);
        }

        Path auditLog() {
            return state().resolve("audit.json");
        }

        void start() throws Exception {
            Files.createDirectories(state());
            process = ServeProcess.start(state().resolve("serve.log"),
                    Map.of("AWS_ACCESS_KEY_ID", LocalS3.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", LocalS3.SECRET_KEY),
                    List.of("--state-dir", state().toString(), "--node-name", name, "--audit-log", auditLog().toString(),
                            "--transfer-log", "off",
                            "--listen-addresses", "127.0.0.1", "--explicit-port", Integer.toString(ftpPort),
                            "--implicit-port", Integer.toString(implicitPort), "--passive-ports", passivePorts,
                            "--proxy-protocol", "required", "--proxy-trusted", "127.0.0.1",
                            "--storage", "s3", "--s3-endpoint", s3.endpoint().toString(), "--s3-bucket", LocalS3.BUCKET,
                            "--s3-path-style", "yes", "--s3-prefix", "cluster/",
                            "--users-database", database, "--users-database-user", postgres.user(),
                            "--max-login-failures", Integer.toString(MAX_LOGIN_FAILURES), "--failed-login-delay", "0s",
                            "--metrics-address", "127.0.0.1:" + metricsPort, "--shutdown-grace", "30s"));
        }

        boolean running() {
            return process != null && process.isAlive();
        }

        /** The sessions it has logged in so far, by its audit log. */
        long logins() {
            try {
                return Files.exists(auditLog()) ? LOGIN.matcher(Files.readString(auditLog())).results().count() : 0;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void stop() throws InterruptedException {
            if (process != null) {
                process.close();
            }
        }
    }

    @BeforeAll
    void startCluster() throws Exception {
        for (String program : List.of("haproxy", "curl", "lftp")) {
            ExternalPeer.assumeInstalled(program);
        }
        postgres = PostgresServer.start();
        database = postgres.newDatabase();
        s3 = LocalS3.start();
        Cli added = Cli.runWithInput(PASSWORD + "\n", "user", "add", "alice", "--home", dir.resolve("alice").toString(),
                "--password-stdin", "--database", database, "--database-user", postgres.user());
        assertThat(added.exitCode()).as(added.err()).isZero();
        int passiveBase = freePassiveRange(20);
        nodes[0] = new Node("node1", passiveBase + "-" + (passiveBase + 9));
        nodes[1] = new Node("node2", (passiveBase + 10) + "-" + (passiveBase + 19));
        for (Node node : nodes) {
            node.start();
        }
        startHaproxy();
        file = TestFiles.randomFile(dir.resolve("file.bin"), FILE_SIZE, 13);
        bigFile = TestFiles.randomFile(dir.resolve("big.bin"), BIG_FILE_SIZE, 14);
    }

    private void startHaproxy() throws Exception {
        front = freePort();
        implicitFront = freePort();
        Path config = dir.resolve("haproxy.cfg");
        var lines = new ArrayList<>(List.of(
                "global",
                "  maxconn 200",
                "  stats socket " + dir.resolve("haproxy.sock") + " level admin",
                "defaults",
                "  mode tcp",
                "  timeout connect 2s",
                "  timeout client 60s",
                "  timeout server 60s",
                // A node that is gone refuses the connection: try again, on another node.
                "  retries 3",
                "  option redispatch 1"));
        for (String listener : List.of("explicit", "implicit")) {
            lines.addAll(List.of(
                    "frontend " + listener,
                    "  bind 127.0.0.1:" + (listener.equals("explicit") ? front : implicitFront),
                    "  default_backend wharf_" + listener,
                    "backend wharf_" + listener,
                    "  balance roundrobin",
                    "  option httpchk GET /health/ready",
                    "  default-server send-proxy-v2 inter 500ms fall 2 rise 2"));
            for (Node node : nodes) {
                int port = listener.equals("explicit") ? node.ftpPort : node.implicitPort;
                lines.add("  server " + node.name + " 127.0.0.1:" + port + " check port " + node.metricsPort);
            }
        }
        lines.add("");
        Files.writeString(config, String.join("\n", lines));
        haproxy = new ProcessBuilder("haproxy", "-db", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile()).start();
        awaitBothUp();
    }

    @AfterAll
    void stopCluster() throws Exception {
        try {
            if (haproxy != null) {
                haproxy.destroy();
                if (!haproxy.waitFor(10, TimeUnit.SECONDS)) {
                    haproxy.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            for (Node node : nodes) {
                if (node != null) {
                    node.stop();
                }
            }
        } finally {
            try {
                if (s3 != null) {
                    s3.close();
                }
            } finally {
                if (postgres != null) {
                    postgres.close();
                }
            }
        }
    }

    /** A node a step killed or drained is started again, and the balancer sees both up. */
    @BeforeEach
    void bothNodesRunning() throws Exception {
        boolean restarted = false;
        for (Node node : nodes) {
            if (!node.running()) {
                node.start();
                restarted = true;
            }
        }
        if (restarted) {
            awaitBothUp();
        }
    }

    @AfterEach
    void stopClients() throws InterruptedException {
        for (Process client : clients) {
            client.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        clients.clear();
    }

    @Test
    @Order(1)
    void aUserAddedOnceLogsInOnBothNodes() throws Exception {
        String first = servedBy(() -> curl(CLIENT, "--list-only", url("/")).assertOk());
        String second = servedBy(() -> curl(CLIENT, "--list-only", url("/")).assertOk());
        step("alice, added once to the database, logged in on " + first + " then " + second);
        assertThat(List.of(first, second)).containsExactlyInAnyOrder("node1", "node2");
    }

    @Test
    @Order(2)
    void anUploadThroughOneNodeIsDownloadedByteExactThroughTheOther() throws Exception {
        String uploader = servedBy(() -> curl(CLIENT, "-T", file.toString(), url("/shared.bin")).assertOk());
        Path byLftp = dir.resolve("lftp.bin");
        String downloader = servedBy(() -> {
            var result = ExternalPeer.run(List.of("lftp", "-c", "set cmd:fail-exit yes; set net:max-retries 1;"
                    + " set net:timeout 20; set ssl:verify-certificate no; set ftp:ssl-force true;"
                    + " set ftp:ssl-protect-data true; set net:socket-bind-ipv4 " + CLIENT
                    + "; open ftp://127.0.0.1:" + front + "; user alice " + PASSWORD
                    + "; get shared.bin -o " + byLftp));
            assertThat(result.exitCode()).as("%s", result).isZero();
        });
        step("curl uploaded through " + uploader + ", lftp downloaded through " + downloader);
        assertThat(downloader).isNotEqualTo(uploader);
        assertThat(Files.mismatch(byLftp, file)).isEqualTo(-1);

        Path byWharf = dir.resolve("wharf.bin");
        String wharfNode = servedBy(() -> {
            Cli get = Cli.runIn(Environment.of(Map.of("WHARF_PASSWORD", PASSWORD), Files.createDirectories(dir.resolve("home"))),
                    "get", "ftp://alice@127.0.0.1:" + front + "/shared.bin", byWharf.toString(), "--quiet",
                    "--pin", nodes[0].process.fingerprint(), "--pin", nodes[1].process.fingerprint());
            assertThat(get.exitCode()).as(get.err()).isZero();
        });
        step("the Wharf client downloaded it through " + wharfNode);
        assertThat(Files.mismatch(byWharf, file)).isEqualTo(-1);

        Path byImplicit = dir.resolve("implicit.bin");
        String implicitNode = servedBy(() -> curl(CLIENT, "-o", byImplicit.toString(),
                "ftps://127.0.0.1:" + implicitFront + "/shared.bin").assertOk());
        step("curl downloaded it with implicit FTPS through " + implicitNode);
        assertThat(Files.mismatch(byImplicit, file)).isEqualTo(-1);
    }

    @Test
    @Order(3)
    void wrongPasswordsSpreadOverBothNodesBanTheAddressOnBoth() throws Exception {
        var failedOn = new ArrayList<String>();
        for (int i = 1; i <= MAX_LOGIN_FAILURES; i++) {
            String guess = "alice:wrong-guess-" + i;
            // The last failure bans at once: its PASS is answered 421 (curl calls that a timeout, 28).
            String expected = i < MAX_LOGIN_FAILURES ? "< 530 " : "< 421 Too many failed logins";
            failedOn.add(nodeOfNextSession(() -> {
                var result = ExternalPeer.run(List.of("curl", "--verbose", "--silent", "--ssl-reqd", "--insecure",
                        "--interface", GUESSER, "--max-time", "30", "--user", guess, url("/")));
                List<String> replies = result.output().lines().filter(line -> line.startsWith("< ")).toList();
                assertThat(replies).as("the server's replies").anyMatch(reply -> reply.startsWith(expected));
            }));
        }
        step("wrong passwords from " + GUESSER + " on " + failedOn);
        assertThat(failedOn).contains("node1", "node2");
        var refusedOn = new ArrayList<String>();
        for (int i = 0; i < 2; i++) {
            refusedOn.add(nodeOfNextSession(() -> assertThat(greeting(GUESSER)).startsWith("421 ")));
        }
        step(GUESSER + " refused (421) on " + refusedOn);
        assertThat(refusedOn).containsExactlyInAnyOrder("node1", "node2");
    }

    @Test
    @Order(4)
    void aDownloadCutByAKilledNodeResumesThroughTheOtherByteExact() throws Exception {
        Path partial = dir.resolve("resumed.bin");
        Files.deleteIfExists(partial);
        uploadBigFileOnce();
        Node serving = nodeServing(() -> slowDownload(partial));
        Await.until("a part of the file downloaded", () -> size(partial) >= PART, () -> size(partial));
        serving.process.kill();
        long cutAt = size(partial);
        Process cut = clients.getLast();
        assertThat(cut.waitFor(30, TimeUnit.SECONDS)).isTrue();
        step("killed " + serving.name + " (kill -9) after " + cutAt + " bytes; curl ended with " + cut.exitValue());
        assertThat(cut.exitValue()).isNotZero();
        assertThat(size(partial)).isLessThan(BIG_FILE_SIZE);

        String resumer = servedBy(() -> curl(CLIENT, "-C", "-", "-o", partial.toString(), url("/big.bin")).assertOk());
        step("curl -C - resumed through " + resumer);
        assertThat(resumer).isNotEqualTo(serving.name);
        assertThat(Files.mismatch(partial, bigFile)).isEqualTo(-1);
    }

    @Test
    @Order(5)
    void aDrainingNodeFinishesItsTransferWhileNewSessionsGoToTheOther() throws Exception {
        Path drained = dir.resolve("drained.bin");
        Files.deleteIfExists(drained);
        uploadBigFileOnce();
        Node draining = nodeServing(() -> slowDownload(drained));
        Await.until("a part of the file downloaded", () -> size(drained) >= PART, () -> size(drained));
        draining.process.terminate();
        Await.until(draining.name + " down at the balancer", () -> !serverStates().contains(draining.name + " UP"),
                this::serverStates);
        String meanwhile = servedBy(() -> curl(CLIENT, "--list-only", url("/")).assertOk());
        step("SIGTERM to " + draining.name + " at " + size(drained) + " bytes; a new session went to " + meanwhile
                + " (the download still running: " + clients.getLast().isAlive() + ")");
        assertThat(meanwhile).isNotEqualTo(draining.name);

        Process download = clients.getLast();
        assertThat(download.waitFor(60, TimeUnit.SECONDS)).isTrue();
        int exit = draining.process.awaitExit(Duration.ofSeconds(40));
        step("the download through " + draining.name + " ended with " + download.exitValue() + ", " + draining.name
                + " exited with " + exit);
        assertThat(download.exitValue()).as(read(dir.resolve("slow-curl.log"))).isZero();
        assertThat(Files.mismatch(drained, bigFile)).isEqualTo(-1);
        assertThat(exit).as("a JVM ended by SIGTERM, after its shutdown hook").isEqualTo(143);
        assertThat(draining.process.log()).contains("WharfServer - stopped").doesNotContain("transfer interrupted");
    }

    /** Uploads big.bin for the steps that download it, once. */
    private void uploadBigFileOnce() throws Exception {
        if (!bigFileUploaded) {
            curl(CLIENT, "-T", bigFile.toString(), url("/big.bin")).assertOk();
            bigFileUploaded = true;
        }
    }

    /** curl downloading big.bin at SLOW_RATE in the background (its process is the last of clients). */
    private void slowDownload(Path to) throws IOException {
        var command = new ArrayList<>(curlCommand(CLIENT));
        command.addAll(List.of("--limit-rate", SLOW_RATE, "-o", to.toString(), url("/big.bin")));
        clients.add(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("slow-curl.log").toFile()).start());
    }

    /** Runs {@code session} (one login through the balancer) and says which node logged it in. */
    private String servedBy(ThrowingRunnable session) throws Exception {
        return nodeServing(session).name;
    }

    private Node nodeServing(ThrowingRunnable session) throws Exception {
        long[] before = {nodes[0].logins(), nodes[1].logins()};
        session.run();
        Await.until("one node logged the session in",
                () -> nodes[0].logins() - before[0] + nodes[1].logins() - before[1] == 1,
                () -> nodes[0].name + " " + nodes[0].logins() + ", " + nodes[1].name + " " + nodes[1].logins());
        return nodes[0].logins() > before[0] ? nodes[0] : nodes[1];
    }

    /**
     * For sessions that never log in (a wrong password, a banned address): roundrobin alternates, so
     * the node is the one after the last session's, which the balancer's per-server session counts show.
     */
    private String nodeOfNextSession(ThrowingRunnable session) throws Exception {
        Map<String, Long> before = sessionsPerNode();
        session.run();
        Map<String, Long> after = sessionsPerNode();
        var grew = new ArrayList<String>();
        for (Node node : nodes) {
            if (after.get(node.name) > before.get(node.name)) {
                grew.add(node.name);
            }
        }
        assertThat(grew).as("the balancer's session counts %s then %s", before, after).hasSize(1);
        return grew.getFirst();
    }

    /** HAProxy's total sessions per node, over both listeners ("show stat", column stot). */
    private Map<String, Long> sessionsPerNode() throws IOException {
        var counts = new HashMap<String, Long>();
        nodeStats().values().forEach(fields -> counts.merge(fields[1], Long.parseLong(fields[7]), Long::sum));
        return counts;
    }

    /** "wharf_explicit/node1 UP", "wharf_implicit/node2 DOWN"...: each server's check state (column status). */
    private String serverStates() {
        try {
            var states = new StringBuilder();
            nodeStats().forEach((node, fields) -> states.append(node).append(' ').append(fields[17]).append('\n'));
            return states.toString();
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** The CSV fields of "show stat" for each server of the two backends, by backend/server. */
    private Map<String, String[]> nodeStats() throws IOException {
        var stats = new TreeMap<String, String[]>();
        for (String line : haproxyCommand("show stat").lines().toList()) {
            String[] fields = line.split(",", -1);
            if (fields.length > 17 && fields[0].startsWith("wharf_") && fields[1].startsWith("node")) {
                stats.put(fields[0] + "/" + fields[1], fields);
            }
        }
        return stats;
    }

    private void awaitBothUp() {
        Await.until("both nodes up at the balancer, for both listeners",
                () -> serverStates().lines().filter(line -> line.endsWith(" UP")).count() == 4,
                () -> serverStates() + read(dir.resolve("haproxy.log")));
    }

    /** A command on HAProxy's stats socket (a Unix socket), and its answer. */
    private String haproxyCommand(String command) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(dir.resolve("haproxy.sock")));
            channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
            try (InputStream in = Channels.newInputStream(channel)) {
                return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            }
        }
    }

    /** The first reply line the balancer relays to a plain connection from {@code from}. */
    private String greeting(String from) throws IOException {
        try (var socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", front), 5000);
            socket.setSoTimeout(10_000);
            var reply = new StringBuilder();
            InputStream in = socket.getInputStream();
            for (int b; (b = in.read()) != -1 && b != '\n'; ) {
                reply.append((char) b);
            }
            return reply.toString().strip();
        }
    }

    private String url(String path) {
        return "ftp://127.0.0.1:" + front + path;
    }

    private static List<String> curlCommand(String from) {
        return List.of("curl", "--silent", "--show-error", "--ssl-reqd", "--insecure", "--interface", from,
                "--max-time", "60", "--user", "alice:" + PASSWORD);
    }

    private static ExternalPeer.Result curl(String from, String... args) throws Exception {
        var command = new ArrayList<>(curlCommand(from));
        command.addAll(List.of(args));
        return ExternalPeer.run(command);
    }

    private static void step(String result) {
        System.out.println("cluster: " + result);
    }

    private static long size(Path p) {
        try {
            return Files.exists(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static int freePort() throws IOException {
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The first port of {@code count} consecutive free loopback ports, for the nodes' passive ranges. */
    private static int freePassiveRange(int count) throws IOException {
        for (int base = 51000; base < 60000; base += count) {
            if (allFree(base, count)) {
                return base;
            }
        }
        throw new IOException("no " + count + " consecutive free ports between 51000 and 60000");
    }

    private static boolean allFree(int base, int count) {
        for (int port = base; port < base + count; port++) {
            try (var s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
