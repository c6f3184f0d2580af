package dev.wharf.client.interop;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wharf.client.DataProtection;
import dev.wharf.client.FtpsClient;
import dev.wharf.client.FtpsException;
import dev.wharf.client.FtpsSession;
import dev.wharf.client.MirrorOptions;
import dev.wharf.client.MirrorResult;
import dev.wharf.client.RemoteFile;
import dev.wharf.client.TlsFailureException;
import dev.wharf.client.TlsMode;
import dev.wharf.client.TransferCancelledException;
import dev.wharf.client.TransferResult;
import dev.wharf.client.TrustPolicy;
import dev.wharf.protocol.testing.TestFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the client must do against every foreign FTPS server: log in explicitly and implicitly,
 * list, move files byte-exact in both directions with TLS 1.2 and 1.3 (every data connection
 * resuming the control session, which the servers demand), resume, mirror (also over four parallel
 * connections), cancel.
 * Subclasses start one server in {@code @BeforeAll} and assign {@link #server}.
 */
abstract class ForeignServerContract {
    static final int MIB = 1024 * 1024;
    static final List<Integer> SIZES = List.of(0, MIB, 100 * MIB);
    static final int POOL_FILES = 100;

    static ForeignServer server;
    @TempDir
    static Path local;
    private static final Map<Integer, Path> DATA = new java.util.concurrent.ConcurrentHashMap<>();

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
            server = null;
        }
        DATA.clear(); // the files lived in this class's @TempDir
    }

    static Stream<Arguments> sessions() {
        return Stream.of(
                Arguments.of(TlsMode.EXPLICIT, "TLSv1.3"),
                Arguments.of(TlsMode.EXPLICIT, "TLSv1.2"),
                Arguments.of(TlsMode.IMPLICIT, "TLSv1.3"),
                Arguments.of(TlsMode.IMPLICIT, "TLSv1.2"));
    }

    static Stream<Arguments> sessionsAndSizes() {
        return sessions().flatMap(s -> SIZES.stream().map(size -> Arguments.of(s.get()[0], s.get()[1], size)));
    }

    static Stream<Arguments> tlsVersions() {
        return Stream.of(Arguments.of("TLSv1.3"), Arguments.of("TLSv1.2"));
    }

    FtpsClient.Builder builder(TlsMode mode, String tlsVersion) {
        assumeTrue(mode == TlsMode.EXPLICIT || server.hasImplicit(), server.name() + " has no implicit FTPS here");
        return FtpsClient.builder()
                .host("127.0.0.1")
                .port(mode == TlsMode.EXPLICIT ? server.explicitPort : server.implicitPort)
                .mode(mode)
                .credentials(TestUser.NAME, TestUser.PASSWORD)
                .trust(TrustPolicy.anchors(List.of(server.identity.certificate())))
                .tlsProtocols(List.of(tlsVersion))
                .sendPbszProtOnImplicit(server.needsPbszProtOnImplicit())
                .connectTimeout(Duration.ofSeconds(10))
                .replyTimeout(Duration.ofSeconds(30))
                .dataTimeout(Duration.ofSeconds(30));
    }

    FtpsSession connect(TlsMode mode, String tlsVersion) throws IOException {
        return builder(mode, tlsVersion).build().connect();
    }

    // ---- login, features, listing ----

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("sessions")
    void logsInAndReadsFeatures(TlsMode mode, String tls) throws IOException {
        try (FtpsSession s = connect(mode, tls)) {
            assertThat(s.isLoggedIn()).isTrue();
            assertThat(s.controlTls()).get().extracting(javax.net.ssl.SSLSession::getProtocol).isEqualTo(tls);
            assertThat(s.greeting().code()).isEqualTo(220);
            assertThat(s.features().raw().isEmpty()).isFalse();
            assertThat(s.features().mlst()).isEqualTo(server.hasMlsd());
            assertThat(s.dataProtection()).isEqualTo(DataProtection.PRIVATE);
            assertThat(s.pwd()).startsWith("/");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("sessions")
    void listsTypedEntries(TlsMode mode, String tls) throws Exception {
        Path dir = freshRemoteDir();
        Files.writeString(dir.resolve("plain.txt"), "abc");
        Files.write(dir.resolve("with space.bin"), new byte[1000]);
        Files.createDirectory(dir.resolve("sub"));
        server.own(dir);
        try (FtpsSession s = connect(mode, tls)) {
            List<RemoteFile> entries = s.list(server.remote(dir));
            Map<String, RemoteFile> byName = entries.stream().collect(Collectors.toMap(RemoteFile::name, f -> f));
            assertThat(byName).containsOnlyKeys("plain.txt", "with space.bin", "sub");
            assertThat(byName.get("plain.txt").size()).isEqualTo(3);
            assertThat(byName.get("plain.txt").isFile()).isTrue();
            assertThat(byName.get("with space.bin").size()).isEqualTo(1000);
            assertThat(byName.get("sub").isDirectory()).isTrue();
            assertThat(byName.get("plain.txt").path()).isEqualTo(server.remote(dir) + "/plain.txt");
        }
    }

    // ---- byte-exact transfers, each data connection resuming the control session ----

    @ParameterizedTest(name = "{0} {1} {2} bytes")
    @MethodSource("sessionsAndSizes")
    void downloadsByteExact(TlsMode mode, String tls, int size) throws Exception {
        Path source = data(size);
        Path remote = serverCopyOf(source);
        Path target = local.resolve("down-" + UUID.randomUUID());
        try (FtpsSession s = connect(mode, tls)) {
            TransferResult r = s.download(server.remote(remote), target);
            assertThat(r.bytes()).isEqualTo(size);
            assertResumed(r, tls);
        }
        assertThat(sha256(target)).isEqualTo(sha256(source));
    }

    @ParameterizedTest(name = "{0} {1} {2} bytes")
    @MethodSource("sessionsAndSizes")
    void uploadsByteExact(TlsMode mode, String tls, int size) throws Exception {
        Path source = data(size);
        Path remote = freshRemoteDir().resolve("up.bin");
        try (FtpsSession s = connect(mode, tls)) {
            TransferResult r = s.upload(source, server.remote(remote));
            assertThat(r.bytes()).isEqualTo(size);
            assertResumed(r, tls);
            if (server.hasHash()) {
                assertThat(r.verifiedWith()).contains("SHA-256");
            }
        }
        assertThat(sha256(remote)).isEqualTo(sha256(source));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tlsVersions")
    void everyDataConnectionResumesEvenAfterManyUploads(String tls) throws Exception {
        // TLS 1.3 tickets are single-use: uploads must read the server's new tickets (jsse-notes Q1).
        Path dir = freshRemoteDir();
        try (FtpsSession s = connect(TlsMode.EXPLICIT, tls)) {
            for (int i = 0; i < 12; i++) {
                TransferResult r = s.upload(new java.io.ByteArrayInputStream(("file " + i).getBytes(UTF_8)),
                        server.remote(dir) + "/f" + i + ".txt");
                assertResumed(r, tls);
            }
            for (int i = 0; i < 3; i++) {
                var out = new java.io.ByteArrayOutputStream();
                assertResumed(s.download(server.remote(dir) + "/f" + i + ".txt", out), tls);
                assertThat(out.toString(UTF_8)).isEqualTo("file " + i);
            }
            assertThat(s.list(server.remote(dir))).hasSize(12);
        }
    }

    // ---- resume ----

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("sessions")
    void resumesDownload(TlsMode mode, String tls) throws Exception {
        Path source = data(MIB);
        Path remote = serverCopyOf(source);
        Path target = local.resolve("partial-" + UUID.randomUUID());
        int have = 300 * 1024;
        Files.write(target, java.util.Arrays.copyOf(Files.readAllBytes(source), have));
        try (FtpsSession s = connect(mode, tls)) {
            TransferResult r = s.download(server.remote(remote), target, true);
            assertThat(r.offset()).isEqualTo(have);
            assertThat(r.bytes()).isEqualTo(MIB - have);
            TransferResult again = s.download(server.remote(remote), target, true);
            assertThat(again.bytes()).isZero();
        }
        assertThat(sha256(target)).isEqualTo(sha256(source));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("sessions")
    void resumesUpload(TlsMode mode, String tls) throws Exception {
        Path source = data(MIB);
        Path remote = freshRemoteDir().resolve("partial.bin");
        int have = 700 * 1024;
        Files.write(remote, java.util.Arrays.copyOf(Files.readAllBytes(source), have));
        server.own(remote);
        try (FtpsSession s = connect(mode, tls)) {
            TransferResult r = s.upload(source, server.remote(remote), true);
            assertThat(r.offset()).isEqualTo(have);
            assertThat(r.bytes()).isEqualTo(MIB - have);
            assertResumed(r, tls);
        }
        assertThat(sha256(remote)).isEqualTo(sha256(source));
    }

    // ---- mirror ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("tlsVersions")
    void mirrorsDownOnlyWhatChanged(String tls) throws Exception {
        Path dir = freshRemoteDir();
        Files.createDirectories(dir.resolve("a/b"));
        Files.writeString(dir.resolve("top.txt"), "top");
        Files.writeString(dir.resolve("a/one.txt"), "one");
        Files.write(dir.resolve("a/b/two.bin"), Files.readAllBytes(data(MIB)));
        server.own(dir);
        Path target = local.resolve("mirror-down-" + UUID.randomUUID());
        Files.createDirectories(target);
        Files.writeString(target.resolve("stale.txt"), "not on the server");
        try (FtpsSession s = connect(TlsMode.EXPLICIT, tls)) {
            MirrorResult first = s.mirrorDown(server.remote(dir), target, MirrorOptions.defaults().withDelete(true)
                    .withParallelism(2));
            assertThat(first.transferred()).containsExactly("a/b/two.bin", "a/one.txt", "top.txt");
            assertThat(first.deleted()).containsExactly("stale.txt");
            assertThat(sha256(target.resolve("a/b/two.bin"))).isEqualTo(sha256(data(MIB)));

            MirrorResult second = s.mirrorDown(server.remote(dir), target, MirrorOptions.defaults());
            assertThat(second.transferred()).isEmpty();
            assertThat(second.unchanged()).isEqualTo(3);

            Files.writeString(dir.resolve("a/one.txt"), "one, changed");
            server.own(dir);
            MirrorResult third = s.mirrorDown(server.remote(dir), target, MirrorOptions.defaults());
            assertThat(third.transferred()).containsExactly("a/one.txt");
            assertThat(Files.readString(target.resolve("a/one.txt"))).isEqualTo("one, changed");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tlsVersions")
    void mirrorsUpOnlyWhatChanged(String tls) throws Exception {
        Path source = local.resolve("mirror-up-" + UUID.randomUUID());
        Files.createDirectories(source.resolve("x/y"));
        Files.writeString(source.resolve("root.txt"), "root");
        Files.writeString(source.resolve("x/y/deep.txt"), "deep");
        Files.write(source.resolve("x/big.bin"), Files.readAllBytes(data(MIB)));
        for (Path p : List.of(source.resolve("root.txt"), source.resolve("x/y/deep.txt"), source.resolve("x/big.bin"))) {
            Files.setLastModifiedTime(p, FileTime.from(Instant.parse("2024-03-01T10:00:00Z")));
        }
        Path dir = freshRemoteDir();
        Path remote = dir.resolve("copy");
        Files.createDirectories(dir.resolve("copy/old"));
        Files.writeString(dir.resolve("copy/old/gone.txt"), "gone");
        server.own(dir);
        try (FtpsSession s = connect(TlsMode.EXPLICIT, tls)) {
            MirrorResult first = s.mirrorUp(source, server.remote(remote), new MirrorOptions(true, 2));
            assertThat(first.transferred()).containsExactly("root.txt", "x/big.bin", "x/y/deep.txt");
            assertThat(first.deleted()).containsExactlyInAnyOrder("old/gone.txt", "old/");
            assertThat(sha256(remote.resolve("x/big.bin"))).isEqualTo(sha256(data(MIB)));
            assertThat(Files.getLastModifiedTime(remote.resolve("x/y/deep.txt")).toInstant())
                    .isEqualTo(Instant.parse("2024-03-01T10:00:00Z"));

            MirrorResult second = s.mirrorUp(source, server.remote(remote), MirrorOptions.defaults());
            assertThat(second.transferred()).isEmpty();
            assertThat(second.unchanged()).isEqualTo(3);

            Files.writeString(source.resolve("root.txt"), "root, longer now");
            MirrorResult third = s.mirrorUp(source, server.remote(remote), MirrorOptions.defaults());
            assertThat(third.transferred()).containsExactly("root.txt");
        }
        assertThat(Files.readString(remote.resolve("root.txt"))).isEqualTo("root, longer now");
    }

    // ---- a pool of connections, where the server demands session reuse ----

    /**
     * The premise of the pool test below, checked: a data connection with a new TLS session is
     * refused where the configuration demands reuse, and served where it does not.
     */
    @Test
    void refusesADataConnectionWithANewTlsSessionWhereReuseIsRequired() throws Exception {
        String reply = UnresumedDataConnection.list(server, server.remote(freshRemoteDir()));
        System.out.println(server.name() + " answered LIST over a data connection that did not resume: " + reply);
        if (server.requiresSessionReuse()) {
            assertThat(reply).as("reply to LIST over a data connection that did not resume").matches("[45]\\d\\d .*");
        } else {
            assertThat(reply).as("reply to LIST over a data connection that did not resume").startsWith("226");
        }
    }

    /**
     * The mirror with four parallel sessions (what rclone-like pools do to a server that demands
     * reuse): each session's data connections must resume that session's own control connection,
     * or vsftpd and ProFTPD refuse them. 100 files up, then back down, byte-exact.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("tlsVersions")
    void mirrorsATreeUpAndBackOverFourConnections(String tls) throws Exception {
        assumeTrue(server.requiresSessionReuse(), server.name() + " cannot be configured to require data connections"
                + " to resume the control connection's TLS session, so a pool proves nothing more there");
        Path source = TestFiles.randomTree(local.resolve("pool-" + UUID.randomUUID()), POOL_FILES, 4);
        Map<String, String> expected = TestFiles.sha256Tree(source);
        Path remote = freshRemoteDir().resolve("tree");
        Path back = local.resolve("pool-back-" + UUID.randomUUID());
        try (FtpsSession s = connect(TlsMode.EXPLICIT, tls)) {
            MirrorResult up = s.mirrorUp(source, server.remote(remote), new MirrorOptions(true, 4));
            assertThat(up.transferred()).hasSize(POOL_FILES);
            MirrorResult down = s.mirrorDown(server.remote(remote), back, new MirrorOptions(true, 4));
            assertThat(down.transferred()).hasSize(POOL_FILES);
        }
        assertThat(TestFiles.sha256Tree(remote)).as("the tree on the server").containsExactlyInAnyOrderEntriesOf(expected);
        assertThat(TestFiles.sha256Tree(back)).as("the tree mirrored back down").containsExactlyInAnyOrderEntriesOf(expected);
    }

    // ---- file operations ----

    @Test
    void managesFilesAndDirectories() throws Exception {
        Path dir = freshRemoteDir();
        String base = server.remote(dir);
        try (FtpsSession s = connect(TlsMode.EXPLICIT, "TLSv1.3")) {
            s.mkdir(base + "/made");
            assertThat(dir.resolve("made")).isDirectory();
            s.upload(new java.io.ByteArrayInputStream("12345".getBytes(UTF_8)), base + "/made/a.txt");
            s.append(new java.io.ByteArrayInputStream("678".getBytes(UTF_8)), base + "/made/a.txt");
            assertThat(s.size(base + "/made/a.txt")).isEqualTo(8);
            s.rename(base + "/made/a.txt", base + "/made/b.txt");
            assertThat(Files.readString(dir.resolve("made/b.txt"))).isEqualTo("12345678");
            Instant when = Instant.parse("2023-05-06T07:08:09Z");
            s.setModificationTime(base + "/made/b.txt", when);
            assertThat(s.modificationTime(base + "/made/b.txt")).isEqualTo(when);
            assertThat(s.isDirectory(base + "/made")).isTrue();
            assertThat(s.isDirectory(base + "/missing")).isFalse();
            s.delete(base + "/made/b.txt");
            s.rmdir(base + "/made");
            assertThat(dir.resolve("made")).doesNotExist();
            assertThatThrownBy(() -> s.delete(base + "/nothing-here"))
                    .isInstanceOf(FtpsException.class)
                    .satisfies(e -> assertThat(((FtpsException) e).replyCode()).isEqualTo(550))
                    .hasMessageContaining("DELE");
        }
    }

    // ---- data connection modes ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("tlsVersions")
    void transfersInActiveMode(String tls) throws Exception {
        Path source = data(MIB);
        Path remote = freshRemoteDir().resolve("active.bin");
        Path back = local.resolve("active-" + UUID.randomUUID());
        FtpsClient client = builder(TlsMode.EXPLICIT, tls).active(InetAddress.getLoopbackAddress()).build();
        try (FtpsSession s = client.connect()) {
            assertResumed(s.upload(source, server.remote(remote)), tls);
            assertResumed(s.download(server.remote(remote), back), tls);
            assertThat(s.list(server.remote(remote.getParent()))).extracting(RemoteFile::name).containsExactly("active.bin");
        }
        assertThat(sha256(back)).isEqualTo(sha256(source));
    }

    @Test
    void transfersWithClearDataConnections() throws Exception {
        Path source = data(MIB);
        Path remote = freshRemoteDir().resolve("clear.bin");
        FtpsClient client = builder(TlsMode.EXPLICIT, "TLSv1.3").dataProtection(DataProtection.CLEAR).build();
        try (FtpsSession s = client.connect()) {
            assertThat(s.dataProtection()).isEqualTo(DataProtection.CLEAR);
            TransferResult r = s.upload(source, server.remote(remote));
            assertThat(r.dataTls()).isEmpty();
        }
        assertThat(sha256(remote)).isEqualTo(sha256(source));
    }

    @Test
    void sendsKeepAliveNoopsDuringTransfers() throws Exception {
        Path source = data(MIB);
        Path remote = serverCopyOf(source);
        Path back = local.resolve("keepalive-" + UUID.randomUUID());
        // A NOOP after nearly every 64 KiB chunk: their replies must all be read, before or after 226.
        FtpsClient client = builder(TlsMode.EXPLICIT, "TLSv1.3").keepAliveInterval(Duration.ofNanos(1)).build();
        try (FtpsSession s = client.connect()) {
            s.download(server.remote(remote), back);
            s.upload(source, server.remote(remote.getParent()) + "/keepalive-up.bin");
            s.noop();
            assertThat(s.size(server.remote(remote))).isEqualTo(MIB);
        }
        assertThat(sha256(back)).isEqualTo(sha256(source));
        assertThat(sha256(remote.getParent().resolve("keepalive-up.bin"))).isEqualTo(sha256(source));
    }

    @Test
    void cancelsADownloadWithAborAndStaysUsable() throws Exception {
        Path remote = serverCopyOf(data(100 * MIB));
        try (FtpsSession s = connect(TlsMode.EXPLICIT, "TLSv1.3")) {
            OutputStream cancelling = new OutputStream() {
                long seen;

                @Override
                public void write(int b) {
                    seen++;
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    seen += len;
                    if (seen >= MIB) {
                        s.abort();
                    }
                }
            };
            assertThatThrownBy(() -> s.download(server.remote(remote), cancelling))
                    .isInstanceOf(TransferCancelledException.class);
            s.noop();
            var out = new java.io.ByteArrayOutputStream();
            Path small = serverCopyOf(data(MIB));
            s.download(server.remote(small), out);
            assertThat(out.size()).isEqualTo(MIB);
        }
    }

    @Test
    void runsTransfersInParallelOverSeveralConnections() throws Exception {
        Path dir = freshRemoteDir();
        Path source = data(MIB);
        FtpsClient client = builder(TlsMode.EXPLICIT, "TLSv1.3").build();
        var tasks = new java.util.ArrayList<dev.wharf.client.SessionTask>();
        var resumed = new java.util.concurrent.atomic.AtomicInteger();
        for (int i = 0; i < 6; i++) {
            String target = server.remote(dir) + "/p" + i + ".bin";
            tasks.add(s -> {
                if (s.upload(source, target).tls().resumed()) {
                    resumed.incrementAndGet();
                }
            });
        }
        client.runInParallel(3, tasks);
        assertThat(resumed.get()).isEqualTo(server.issuesTls13Tickets() ? 6 : 0);
        for (int i = 0; i < 6; i++) {
            assertThat(sha256(dir.resolve("p" + i + ".bin"))).isEqualTo(sha256(source));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tlsVersions")
    void clearsTheControlConnectionWithCccWhereOffered(String tls) throws Exception {
        assumeTrue(server.supportsCcc(), server.name() + " does not offer CCC");
        Path remote = serverCopyOf(data(MIB));
        try (FtpsSession s = connect(TlsMode.EXPLICIT, tls)) {
            s.clearCommandChannel();
            assertThat(s.isControlProtected()).isFalse();
            // RFC 4217 5: data connections keep PROT P and still resume the (former) control session.
            var out = new java.io.ByteArrayOutputStream();
            assertResumed(s.download(server.remote(remote), out), tls);
            assertThat(out.size()).isEqualTo(MIB);
        }
    }

    // ---- certificates ----

    @Test
    void refusesACertificateThatDoesNotMatchThePin() {
        FtpsClient client = builder(TlsMode.EXPLICIT, "TLSv1.3")
                .trust(TrustPolicy.pinned("00".repeat(32))).build();
        assertThatThrownBy(client::connect)
                .isInstanceOf(TlsFailureException.class)
                .hasMessageContaining(server.identity.sha256Fingerprint());
    }

    @Test
    void acceptsThePinnedCertificate() throws IOException {
        FtpsClient client = builder(TlsMode.EXPLICIT, "TLSv1.2")
                .trust(TrustPolicy.pinned(server.identity.sha256Fingerprint())).build();
        try (FtpsSession s = client.connect()) {
            assertThat(s.isLoggedIn()).isTrue();
        }
    }

    @Test
    void refusesTheSystemTrustStoreForASelfSignedCertificate() {
        FtpsClient client = builder(TlsMode.EXPLICIT, "TLSv1.3").trust(TrustPolicy.system()).build();
        assertThatThrownBy(client::connect)
                .isInstanceOf(TlsFailureException.class)
                .hasMessageContaining("not trusted");
    }

    @Test
    void trustsOnFirstUseAndRefusesAChangedCertificate() throws IOException {
        Path knownHosts = local.resolve("known-" + UUID.randomUUID());
        FtpsClient client = builder(TlsMode.EXPLICIT, "TLSv1.3").trust(TrustPolicy.knownHosts(knownHosts)).build();
        try (FtpsSession s = client.connect()) {
            assertThat(s.isLoggedIn()).isTrue();
        }
        assertThat(Files.readString(knownHosts)).contains(server.identity.sha256Fingerprint());
        try (FtpsSession s = client.connect()) {
            assertThat(s.isLoggedIn()).isTrue();
        }
        Files.writeString(knownHosts, "127.0.0.1:" + server.explicitPort + " " + "AB".repeat(32) + "\n");
        assertThatThrownBy(client::connect)
                .isInstanceOf(TlsFailureException.class)
                .hasMessageContaining("HAS CHANGED");
    }

    // ---- helpers ----

    static void assertResumed(TransferResult r, String tls) {
        assertThat(r.dataTls()).as("data connection protected").isPresent();
        assertThat(r.tls().protocol()).isEqualTo(tls);
        if (tls.equals("TLSv1.3") && !server.issuesTls13Tickets()) {
            return; // nothing to resume with: the server sent no ticket
        }
        assertThat(r.tls().resumed()).as("data TLS session resumed the control session").isTrue();
    }

    /** A new folder on the server, owned by the test user. */
    static Path freshRemoteDir() throws IOException, InterruptedException {
        Path dir = Files.createDirectory(server.files.resolve("t-" + UUID.randomUUID()));
        server.own(dir);
        return dir;
    }

    static Path serverCopyOf(Path source) throws IOException, InterruptedException {
        Path dir = freshRemoteDir();
        Path copy = dir.resolve(source.getFileName().toString());
        Files.copy(source, copy);
        server.own(copy);
        return copy;
    }

    /** Deterministic pseudo-random content of {@code size} bytes, made once per run. */
    static Path data(int size) {
        return DATA.computeIfAbsent(size, n -> {
            try {
                Path file = local.resolve("data-" + n + ".bin");
                var random = new SplittableRandom(n);
                try (OutputStream out = Files.newOutputStream(file)) {
                    byte[] chunk = new byte[MIB];
                    for (int left = n; left > 0; left -= chunk.length) {
                        random.nextBytes(chunk);
                        out.write(chunk, 0, Math.min(left, chunk.length));
                    }
                }
                return file;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    static String sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    @BeforeAll
    static void checkPlatform() {
        assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux"), "the foreign servers run on Linux");
    }
}
