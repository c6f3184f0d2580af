package dev.wharf.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.server.support.ExternalPeer;
import dev.wharf.server.support.Json;
import dev.wharf.server.support.RawClient;
import dev.wharf.server.support.TestServer;
import dev.wharf.server.support.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * testssl.sh, the TLS scanner, against both listeners of a server with the default settings:
 * {@code --starttls ftp} on the explicit port (it sends AUTH TLS itself), plain TLS on the implicit
 * one. Its findings come as JSON ({@code --jsonfile}), one object per finding with an id, a severity
 * (DEBUG, INFO, OK, LOW, MEDIUM, HIGH, CRITICAL, or WARN and FATAL for a check that could not run)
 * and the finding itself.
 *
 * <p>The checks: protocols ({@code -p}), cipher categories ({@code -s}), forward secrecy
 * ({@code -f}), the server's preferences ({@code -P}), its defaults and certificate ({@code -S}) and
 * every vulnerability check ({@code -U}, which includes renegotiation, {@code -R}). A default run
 * would add the remote test of each of 370 ciphers one by one ({@code -e}: what {@code -s},
 * {@code -f} and {@code -P} already classify) and the simulation of about 30 clients ({@code -c}:
 * informational, INFO findings only); without them a run takes about two thirds of the time (here
 * 35 to 45 s per port instead of 50 to 60 s). The two ports are scanned at the same time, as one
 * after the other would take this class to about two minutes. {@code --nodns none}: nothing is
 * looked up for a loopback address. {@code --phone-out} (fetching CRLs, asking OCSP responders) is
 * off by default.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class TestsslIT {
    private static final List<String> CHECKS = List.of("-p", "-s", "-f", "-P", "-S", "-U");

    private static final Set<String> SEVERE = Set.of("MEDIUM", "HIGH", "CRITICAL");

    /**
     * Severe findings that are about the test certificate, not the server, by testssl id: a
     * self-signed certificate made by the test for loopback.
     */
    private static final Map<String, String> ACCEPTED = Map.of(
            // CRITICAL "failed (self signed).": it is its own issuer, so no chain leads to a trusted CA.
            "cert_chain_of_trust", "self-signed test certificate",
            // HIGH "Neither CRL nor OCSP URI provided": a self-signed certificate names no revocation service.
            "cert_revocation", "self-signed test certificate");

    /** Protocols that must be reported as not offered. */
    private static final List<String> NOT_OFFERED = List.of("SSLv2", "SSLv3", "TLS1", "TLS1_1");

    /**
     * Checks that must have run, with a result (not a WARN or FATAL "could not test"), for the scan to
     * prove anything: a scan that could not connect reports hardly anything, and nothing severe.
     */
    private static final List<String> MUST_HAVE_RUN = List.of(
            "SSLv2", "SSLv3", "TLS1", "TLS1_1", "TLS1_2", "TLS1_3",
            "cipherlist_NULL", "cipherlist_aNULL", "cipherlist_EXPORT", "cipherlist_LOW", "cipherlist_3DES_IDEA",
            "cipherlist_AVERAGE", "PFS", "cipher_order",
            "cert_signatureAlgorithm", "cert_keySize", "cert_expirationStatus",
            "heartbleed", "CCS", "ROBOT", "secure_renego", "secure_client_renego", "CRIME_TLS", "POODLE_SSL",
            "fallback_SCSV", "SWEET32", "FREAK", "DROWN", "LOGJAM", "BEAST", "LUCKY13", "RC4");

    @RegisterExtension
    static final TestServers servers = TestServers.perClass();

    @TempDir
    static Path work;

    enum Mode { EXPLICIT, IMPLICIT }

    /** The two scans, started together: they mostly wait (on the network and on testssl's timeouts). */
    private static final Map<Mode, Future<Scan>> scans = new EnumMap<>(Mode.class);
    private static ExecutorService scanning;

    /** What one testssl run found, and the port it scanned. */
    record Scan(int port, List<Map<String, Object>> findings, ExternalPeer.Result run) {}

    @BeforeAll
    static void scanBothListeners() throws Exception {
        String testssl = ExternalPeer.firstInstalled("testssl.sh", "testssl", "testssl.sh");
        TestServer server = servers.start();
        scanning = Executors.newVirtualThreadPerTaskExecutor();
        for (Mode mode : Mode.values()) {
            int port = mode == Mode.EXPLICIT ? server.explicitPort() : server.implicitPort();
            scans.put(mode, scanning.submit(() -> scan(testssl, mode, port)));
        }
    }

    @AfterAll
    static void stopScanning() {
        if (scanning != null) {
            scanning.close(); // waits for a scan still running (a test that timed out)
        }
        scans.clear();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void findsNoOldProtocolAndNoWeakness(Mode mode) throws Exception {
        Scan scan = scans.get(mode).get();
        Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> f : scan.findings()) {
            String id = (String) f.get("id");
            byId.putIfAbsent(id, f);
            String severity = (String) f.get("severity");
            if ((SEVERE.contains(severity) && !ACCEPTED.containsKey(id)) || "FATAL".equals(severity)) {
                problems.add(describe(f));
            }
        }
        for (String id : MUST_HAVE_RUN) {
            Map<String, Object> f = byId.get(id);
            if (f == null) {
                problems.add(id + ": no result (the check did not run)");
            } else if (Set.of("WARN", "FATAL").contains(f.get("severity"))) {
                problems.add(describe(f) + " (the check could not run)");
            }
        }
        for (String id : NOT_OFFERED) {
            Map<String, Object> f = byId.get(id);
            if (f != null && !String.valueOf(f.get("finding")).startsWith("not offered")) {
                problems.add(describe(f) + " (must be not offered)");
            }
        }
        // The whole report goes to the test's output; the failure message lists what failed.
        System.out.println("testssl " + mode + " port " + scan.port() + ", " + scan.run());
        List<String> notOk = new ArrayList<>();
        for (Map<String, Object> f : scan.findings()) {
            if (!Set.of("OK", "INFO").contains(f.get("severity"))) {
                String reason = ACCEPTED.get(f.get("id"));
                notOk.add(describe(f) + (reason == null ? "" : " (accepted: " + reason + ")"));
            }
        }
        System.out.println("testssl " + mode + ": " + scan.findings().size() + " findings; not OK or INFO: " + notOk);

        assertThat(problems).as("testssl findings that fail (%s, port %d, %d findings in all)",
                mode, scan.port(), scan.findings().size()).isEmpty();
    }

    private static Scan scan(String testssl, Mode mode, int port) throws Exception {
        Path json = work.resolve(mode + ".json"); // must not exist yet: testssl will not overwrite it
        var cmd = new ArrayList<>(List.of(testssl, "--quiet", "--color", "0", "--warnings", "off",
                "--nodns", "none", "--jsonfile", json.toString()));
        cmd.addAll(CHECKS);
        if (mode == Mode.EXPLICIT) {
            cmd.addAll(List.of("--starttls", "ftp"));
        }
        cmd.add(RawClient.HOST + ":" + port);
        var result = ExternalPeer.run(work, cmd); // its exit status counts findings, not failures
        assertThat(json).as("testssl's JSON findings; %s", result).isNotEmptyFile();
        @SuppressWarnings("unchecked")
        var findings = (List<Map<String, Object>>) Json.parse(Files.readString(json));
        return new Scan(port, findings, result);
    }

    private static String describe(Map<String, Object> finding) {
        return finding.get("id") + " " + finding.get("severity") + " \"" + finding.get("finding") + "\"";
    }
}
