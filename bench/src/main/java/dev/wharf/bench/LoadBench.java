package dev.wharf.bench;

import dev.wharf.client.DataProtection;
import dev.wharf.client.FtpsClient;
import dev.wharf.client.FtpsSession;
import dev.wharf.client.TlsMode;
import dev.wharf.client.TrustPolicy;
import dev.wharf.protocol.tls.Identity;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A load generator for any FTPS server: throughput, session rate, listings, idle-session memory and
 * many concurrent transfers, printed as Markdown table rows (median and range over repetitions).
 * Its clients are Wharf's, on virtual threads, so hundreds of sessions cost no process each; data
 * connections resume the control TLS session, so servers that require that (vsftpd, ProFTPD,
 * Wharf) work with their defaults.
 */
@Command(name = "wharf-bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measures an FTPS server on loopback. Tests: a) download, b) upload, c) sessions/s,"
                + " d) MLSD listing, e) idle sessions memory, f) many concurrent transfers.")
public final class LoadBench implements Callable<Integer> {
    @Option(names = "--name", required = true, description = "Server name for the table.") String name;
    @Option(names = "--host", defaultValue = "127.0.0.1") String host;
    @Option(names = "--port", required = true, description = "Explicit FTPS port.") int port;
    @Option(names = "--implicit-port", defaultValue = "-1", description = "Implicit FTPS port; -1: none.") int implicitPort;
    @Option(names = "--user", defaultValue = "bench") String user;
    @Option(names = "--password", defaultValue = "bench") String password;
    @Option(names = "--trust-cert", required = true, paramLabel = "PEM",
            description = "The server's certificate: it is pinned by its SHA-256 fingerprint.") Path trustCert;
    @Option(names = "--implicit-sends-prot", description = "Send PBSZ/PROT on implicit sessions (vsftpd insists).") boolean implicitSendsProt;
    @Option(names = "--server-pid", defaultValue = "0", description = "Server PID, for CPU and memory figures.") long serverPid;
    @Option(names = "--tests", defaultValue = "a,b,c,d,e,f", split = ",") List<String> tests;
    @Option(names = "--reps", defaultValue = "3") int reps;
    @Option(names = "--session-reps", defaultValue = "0",
            description = "Repetitions of each c) run; 0: as --reps. Twelve runs of c) dominate a peer's time.") int sessionReps;
    @Option(names = "--downloads", defaultValue = "explicit-P,explicit-C,implicit-P", split = ",",
            description = "The a) downloads: MODE-PROT, MODE explicit or implicit, PROT P or C.") List<String> downloads;
    @Option(names = "--mode-note", defaultValue = "",
            description = "Appended to the mode of every row, e.g. how the processes were pinned to cores.") String modeNote;
    @Option(names = "--warmup", defaultValue = "1",
            description = "Unmeasured runs before a) and b): a JVM server compiles its hot paths in the first gigabytes.") int warmup;
    @Option(names = "--big", defaultValue = "1G.bin", description = "Remote file for a).") String big;
    @Option(names = "--upload-dir", defaultValue = "up") String uploadDir;
    @Option(names = "--upload-size", defaultValue = "1073741824") long uploadSize;
    @Option(names = "--sessions", defaultValue = "500", description = "Sessions per run of c).") int sessions;
    @Option(names = "--concurrency", defaultValue = "1,8,64", split = ",") List<Integer> concurrency;
    @Option(names = "--tls", defaultValue = "TLSv1.3,TLSv1.2", split = ",") List<String> tlsVersions;
    @Option(names = "--dir", defaultValue = "dir10k", description = "Remote folder for d).") String dir;
    @Option(names = "--idle", defaultValue = "1000", description = "Idle sessions for e).") int idle;
    @Option(names = "--many", defaultValue = "100", description = "Concurrent clients for f).") int many;
    @Option(names = "--many-size", defaultValue = "10485760", description = "Bytes each client of f) uploads.") long manySize;
    @Option(names = "--max-seconds", defaultValue = "60", description = "Cap on each timed loop.") int maxSeconds;

    private final List<String> rows = new ArrayList<>();
    private PrintStream out = System.out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadBench()).execute(args));
    }

    /** For the smoke test: runs and returns the printed rows. */
    static List<String> run(PrintStream sink, String... args) {
        var bench = new LoadBench();
        bench.out = sink;
        int code = new CommandLine(bench).execute(args);
        if (code != 0) {
            throw new IllegalStateException("wharf-bench exited with " + code);
        }
        return bench.rows;
    }

    @Override
    public Integer call() throws Exception {
        out.println("| server | test | mode | result | detail |");
        out.println("|---|---|---|---|---|");
        if (tests.contains("a")) {
            for (String d : downloads) {
                TlsMode mode = d.startsWith("implicit") ? TlsMode.IMPLICIT : TlsMode.EXPLICIT;
                if (mode == TlsMode.EXPLICIT || implicitPort > 0) {
                    download(mode, d.endsWith("C") ? DataProtection.CLEAR : DataProtection.PRIVATE);
                }
            }
        }
        if (tests.contains("b")) {
            upload(TlsMode.EXPLICIT, DataProtection.PRIVATE);
            if (implicitPort > 0) {
                upload(TlsMode.IMPLICIT, DataProtection.PRIVATE);
            }
        }
        if (tests.contains("c")) {
            for (String tls : tlsVersions) {
                for (int c : concurrency) {
                    sessionRate(tls, c);
                }
            }
        }
        if (tests.contains("d")) {
            listing();
        }
        if (tests.contains("e")) {
            idleSessions();
        }
        if (tests.contains("f")) {
            manyTransfers();
        }
        return 0;
    }

    // ---- a) and b) ----

    private void download(TlsMode mode, DataProtection prot) {
        var rates = new ArrayList<Double>();
        var cpu = new ArrayList<Double>();
        String error = null;
        for (int i = -warmup; i < reps; i++) {
            try (FtpsSession s = client(mode, prot, transferTls()).connect()) {
                long size = s.size(big);
                double cpu0 = ProcessStats.cpuSeconds(serverPid);
                long t0 = System.nanoTime();
                s.download(big, OutputStream.nullOutputStream());
                double seconds = (System.nanoTime() - t0) / 1e9;
                if (i >= 0) {
                    rates.add(size / seconds / 1e6);
                    cpu.add((ProcessStats.cpuSeconds(serverPid) - cpu0) / (size / (double) (1L << 30)));
                }
            } catch (IOException | RuntimeException e) {
                error = e.toString();
            }
        }
        row("a) download " + big, label(mode, prot), stats(rates, "MB/s"),
                (ProcessStats.available(serverPid) ? "server CPU " + stats(cpu, "s/GiB") : "") + errorNote(error));
    }

    private void upload(TlsMode mode, DataProtection prot) {
        var rates = new ArrayList<Double>();
        var cpu = new ArrayList<Double>();
        String error = null;
        String remote = uploadDir + "/wharf-bench-upload.bin";
        for (int i = -warmup; i < reps; i++) {
            try (FtpsSession s = client(mode, prot, transferTls()).connect()) {
                double cpu0 = ProcessStats.cpuSeconds(serverPid);
                long t0 = System.nanoTime();
                s.upload(new PatternStream(uploadSize, i), remote);
                double seconds = (System.nanoTime() - t0) / 1e9;
                if (i >= 0) {
                    rates.add(uploadSize / seconds / 1e6);
                    cpu.add((ProcessStats.cpuSeconds(serverPid) - cpu0) / (uploadSize / (double) (1L << 30)));
                }
                long stored = s.size(remote);
                if (stored != uploadSize) {
                    error = "stored " + stored + " bytes of " + uploadSize;
                }
                s.delete(remote);
            } catch (IOException | RuntimeException e) {
                error = e.toString();
            }
        }
        row("b) upload " + uploadSize / (1 << 20) + " MiB", label(mode, prot), stats(rates, "MB/s"),
                (ProcessStats.available(serverPid) ? "server CPU " + stats(cpu, "s/GiB") : "") + errorNote(error));
    }

    // ---- c) ----

    /** connect, TLS, login, PWD, QUIT, {@code sessions} times with {@code workers} at once. */
    private void sessionRate(String tls, int workers) throws InterruptedException {
        var rates = new ArrayList<Double>();
        var errors = new AtomicInteger();
        var firstError = new ConcurrentLinkedQueue<String>();
        FtpsClient client = client(TlsMode.EXPLICIT, DataProtection.PRIVATE, tls);
        for (int r = 0; r < (sessionReps > 0 ? sessionReps : reps); r++) {
            var done = new AtomicInteger();
            var next = new AtomicInteger();
            long deadline = System.nanoTime() + Duration.ofSeconds(maxSeconds).toNanos();
            long t0 = System.nanoTime();
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int w = 0; w < workers; w++) {
                    pool.submit(() -> {
                        while (next.getAndIncrement() < sessions && System.nanoTime() < deadline) {
                            try (FtpsSession s = client.connect()) {
                                s.pwd();
                                done.incrementAndGet();
                            } catch (IOException | RuntimeException e) {
                                errors.incrementAndGet();
                                firstError.offer(e.toString());
                            }
                        }
                    });
                }
            }
            rates.add(done.get() / ((System.nanoTime() - t0) / 1e9));
        }
        row("c) sessions/s", tls + ", " + workers + " concurrent", stats(rates, "sessions/s"),
                errors.get() + " errors" + (firstError.isEmpty() ? "" : " (" + firstError.peek() + ")"));
    }

    // ---- d) ----

    private void listing() {
        var seconds = new ArrayList<Double>();
        int entries = 0;
        String error = null;
        for (int i = 0; i < reps; i++) {
            try (FtpsSession s = client(TlsMode.EXPLICIT, DataProtection.PRIVATE, transferTls()).connect()) {
                long t0 = System.nanoTime();
                entries = s.list(dir).size();
                seconds.add((System.nanoTime() - t0) / 1e9);
            } catch (IOException | RuntimeException e) {
                error = e.toString();
            }
        }
        row("d) MLSD " + dir, "explicit PROT P", stats(seconds, "s"), entries + " entries" + errorNote(error));
    }

    // ---- e) ----

    private void idleSessions() throws InterruptedException {
        FtpsClient client = client(TlsMode.EXPLICIT, DataProtection.PRIVATE, transferTls());
        var open = Collections.synchronizedList(new ArrayList<FtpsSession>());
        long before = ProcessStats.rssKib(serverPid);
        var errors = new AtomicInteger();
        var firstError = new ConcurrentLinkedQueue<String>();
        long deadline = System.nanoTime() + Duration.ofSeconds(Math.max(maxSeconds, 120)).toNanos();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var next = new AtomicInteger();
            for (int w = 0; w < 16; w++) {
                pool.submit(() -> {
                    while (next.getAndIncrement() < idle && System.nanoTime() < deadline) {
                        try {
                            open.add(client.connect());
                        } catch (IOException | RuntimeException e) {
                            errors.incrementAndGet();
                            firstError.offer(e.toString());
                        }
                    }
                });
            }
        }
        Thread.sleep(2000); // let the server settle before reading its memory
        long after = ProcessStats.rssKib(serverPid);
        int held = open.size();
        String perSession = ProcessStats.available(serverPid) && held > 0
                ? String.format(Locale.ROOT, "%.1f KiB RSS/session", (after - before) / (double) held) : "n/a";
        for (FtpsSession s : open) {
            s.close();
        }
        row("e) idle TLS sessions", held + " of " + idle + " held", perSession,
                "RSS " + before / 1024 + " -> " + after / 1024 + " MiB; " + errors.get() + " errors"
                        + (firstError.isEmpty() ? "" : " (" + firstError.peek() + ")"));
    }

    // ---- f) ----

    private void manyTransfers() throws Exception {
        FtpsClient client = client(TlsMode.EXPLICIT, DataProtection.PRIVATE, transferTls());
        List<Callable<Double>> jobs = new ArrayList<>();
        for (int i = 0; i < many; i++) {
            int n = i;
            jobs.add(() -> {
                try (FtpsSession s = client.connect()) {
                    String remote = uploadDir + "/wharf-bench-many-" + n + ".bin";
                    long t0 = System.nanoTime();
                    s.upload(new PatternStream(manySize, n), remote);
                    double rate = manySize / ((System.nanoTime() - t0) / 1e9) / 1e6;
                    if (s.size(remote) != manySize) {
                        throw new IOException("stored size differs");
                    }
                    s.delete(remote);
                    return rate;
                }
            });
        }
        long t0 = System.nanoTime();
        var rates = new ArrayList<Double>();
        int errors = 0;
        String firstError = null;
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<Double> f : pool.invokeAll(jobs)) {
                try {
                    rates.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    errors++;
                    firstError = firstError == null ? e.getCause().toString() : firstError;
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Collections.sort(rates);
        double median = rates.isEmpty() ? 0 : rates.get(rates.size() / 2);
        double slowest = rates.isEmpty() ? 0 : rates.get(0);
        row("f) " + many + " clients x " + manySize / (1 << 20) + " MiB up", "explicit PROT P",
                String.format(Locale.ROOT, "%.0f MB/s aggregate", many * manySize / seconds / 1e6),
                String.format(Locale.ROOT, "slowest %.1f MB/s = %.2f x median %.1f MB/s; %d errors%s",
                        slowest, median > 0 ? slowest / median : 0, median, errors, errorNote(firstError)));
    }

    // ---- helpers ----

    /**
     * The TLS version of every test but c): the first of --tls, so a server limited to TLS 1.2
     * (Apache FtpServer's default) is measured with 1.2 instead of failing every handshake.
     */
    private String transferTls() {
        return tlsVersions.get(0);
    }

    private FtpsClient client(TlsMode mode, DataProtection prot, String tls) {
        try {
            String pin = Identity.fingerprint((java.security.cert.X509Certificate) java.security.cert.CertificateFactory
                    .getInstance("X.509").generateCertificate(Files.newInputStream(trustCert)));
            return FtpsClient.builder()
                    .host(host)
                    .port(mode == TlsMode.IMPLICIT ? implicitPort : port)
                    .mode(mode)
                    .credentials(user, password)
                    .dataProtection(prot)
                    .sendPbszProtOnImplicit(implicitSendsProt)
                    .trust(TrustPolicy.pinned(pin))
                    .tlsProtocols(List.of(tls))
                    .connectTimeout(Duration.ofSeconds(30))
                    .replyTimeout(Duration.ofSeconds(60))
                    .dataTimeout(Duration.ofSeconds(60))
                    // Only servers that offer HASH would pay for hashing the whole file after each
                    // transfer, and the client would hash it too: that measures SHA-256, not FTPS.
                    .verifyHash(false)
                    .build();
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot read --trust-cert " + trustCert + ": " + e.getMessage(), e);
        }
    }

    private static String label(TlsMode mode, DataProtection prot) {
        return mode.name().toLowerCase(Locale.ROOT) + " PROT " + (prot == DataProtection.PRIVATE ? "P" : "C");
    }

    private void row(String test, String mode, String result, String detail) {
        String line = "| " + name + " | " + test + " | " + mode + modeNote + " | " + result + " | " + detail + " |";
        rows.add(line);
        out.println(line);
        out.flush();
    }

    /** {@code median (min–max) unit}. */
    static String stats(List<Double> values, String unit) {
        if (values.isEmpty()) {
            return "failed";
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        String fmt = median >= 100 ? "%.0f" : median >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, fmt + " (" + fmt + "–" + fmt + ") %s", median, v[0], v[v.length - 1], unit);
    }

    private static String errorNote(String error) {
        return error == null ? "" : "; error: " + error;
    }

    /** {@code size} bytes of a repeating pseudo-random pattern, generated as it is read. */
    static final class PatternStream extends InputStream {
        private final byte[] pattern = new byte[1 << 20];
        private long left;
        private int pos;

        PatternStream(long size, long seed) {
            new Random(seed).nextBytes(pattern);
            left = size;
        }

        @Override
        public int read() {
            if (left == 0) {
                return -1;
            }
            left--;
            int b = pattern[pos] & 0xFF;
            pos = (pos + 1) % pattern.length;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(Math.min(len, left), pattern.length - pos);
            System.arraycopy(pattern, pos, b, off, n);
            pos = (pos + n) % pattern.length;
            left -= n;
            return n;
        }
    }

    static String describeArgs(String... args) {
        return Arrays.toString(args);
    }
}
