package dev.wharf.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.client.FtpsClient;
import dev.wharf.client.FtpsReplyException;
import dev.wharf.client.FtpsSession;
import dev.wharf.client.RemoteFile;
import dev.wharf.client.TlsMode;
import dev.wharf.client.TrustPolicy;
import dev.wharf.protocol.testing.TestFiles;
import dev.wharf.server.support.Await;
import dev.wharf.server.support.ExternalPeer;
import dev.wharf.server.support.RawClient;
import dev.wharf.server.support.TestServer;
import dev.wharf.server.support.TestServers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Wharf server on S3Proxy, driven by real FTPS clients (Wharf's own, curl) and checked from
 * outside with awscli: what a user uploads is the object, byte for byte, and an upload that breaks
 * leaves no object and no multipart upload behind.
 */
class S3EndToEndIT {
    private static final LocalS3 s3 = LocalS3.shared();

    @RegisterExtension
    final TestServers servers = new TestServers();

    private String prefix;
    private String alicesKeys;
    private S3StorageProvider provider;
    private TestServer server;

    @BeforeEach
    void startWharfOnS3() throws IOException {
        prefix = "e2e/" + UUID.randomUUID() + "/";
        alicesKeys = prefix + TestServer.USER + "/";
        provider = new S3StorageProvider(s3.settings().withPrefix(prefix));
        server = servers.start(b -> b.storageProvider(provider));
    }

    @AfterEach
    void closeProvider() {
        provider.close();
    }

    private FtpsSession connect() throws IOException {
        FtpsSession session = FtpsClient.builder()
                .host(RawClient.HOST)
                .port(server.explicitPort())
                .mode(TlsMode.EXPLICIT)
                .credentials(TestServer.USER, TestServer.PASSWORD)
                .trust(TrustPolicy.pinned(TestServer.PIN))
                .replyTimeout(Duration.ofSeconds(20))
                .build()
                .connect();
        session.login();
        return session;
    }

    @Test
    void whatIsUploadedIsTheObjectByteForByteAndComesBackFromAnyOffset() throws IOException {
        byte[] content = TestFiles.randomBytes(2 * S3Storage.PART_SIZE + 333, 7);
        try (FtpsSession session = connect()) {
            session.mkdir("/docs");
            session.upload(new ByteArrayInputStream(content), "/docs/big.bin");
            session.upload(new ByteArrayInputStream("small".getBytes(UTF_8)), "/docs/small.txt");

            var back = new ByteArrayOutputStream();
            session.download("/docs/big.bin", back);
            assertThat(back.toByteArray()).isEqualTo(content);
            var rest = new ByteArrayOutputStream();
            session.download("/docs/big.bin", rest, S3Storage.PART_SIZE + 1);
            assertThat(rest.toByteArray()).isEqualTo(Arrays.copyOfRange(content, S3Storage.PART_SIZE + 1, content.length));

            assertThat(session.size("/docs/big.bin")).isEqualTo(content.length);
            assertThat(session.modificationTime("/docs/big.bin")).isAfter(Instant.now().minus(Duration.ofHours(1)));
            assertThat(session.list("/docs")).extracting(RemoteFile::name, RemoteFile::size)
                    .containsExactly(org.assertj.core.api.Assertions.tuple("big.bin", (long) content.length),
                            org.assertj.core.api.Assertions.tuple("small.txt", 5L));
            assertThat(session.isDirectory("/docs")).isTrue();

            session.rename("/docs/small.txt", "/small.txt");
        }
        assertThat(s3.keys(alicesKeys)).containsExactly(alicesKeys + "docs/", alicesKeys + "docs/big.bin",
                alicesKeys + "small.txt");
        assertThat(s3.unfinishedUploads(prefix)).isEmpty();
    }

    @Test
    void whatTheStorageCannotDoIsRefusedWithTheRepliesItsCapabilitiesDictate() throws IOException {
        try (FtpsSession session = connect()) {
            session.upload(new ByteArrayInputStream("hello".getBytes(UTF_8)), "/a.txt");
            assertThatThrownBy(() -> session.append(new ByteArrayInputStream("more".getBytes(UTF_8)), "/a.txt"))
                    .isInstanceOfSatisfying(FtpsReplyException.class, e -> {
                        assertThat(e.replyCode()).isEqualTo(502);
                        assertThat(e.replyText()).isEqualTo("/a.txt: Not supported by this storage: appending (APPE)");
                    });
            assertThat(session.quote("MFMT 20200102030405 /a.txt").toString())
                    .isEqualTo("502 /a.txt: Not supported by this storage: setting modification times (MFMT)");
            assertThat(session.quote("SITE CHMOD 600 /a.txt").code()).isEqualTo(504);
            session.mkdir("/d");
            assertThat(session.quote("RNFR /d").code()).isEqualTo(350);
            assertThat(session.quote("RNTO /e").toString())
                    .isEqualTo("550 /e: This storage (S3) cannot rename a folder: rename the files in it instead");
        }
        try (RawClient raw = server.loggedIn()) {
            raw.expect(200, "PBSZ 0");
            raw.expect(200, "PROT P");
            raw.expect(350, "REST 2");
            assertThat(raw.command("STOR /a.txt").toString())
                    .isEqualTo("504 /a.txt: Not supported by this storage: writing from an offset (REST before STOR)");
        }
        assertThat(s3.keys(alicesKeys)).containsExactly(alicesKeys + "a.txt", alicesKeys + "d/");
    }

    /**
     * curl is killed in the middle of an upload, after the first part is in S3: its connections end
     * without a TLS close_notify, so the server takes the upload for broken and aborts it.
     */
    @Test
    void anUploadCutOffMidwayLeavesNoObjectAndNoParts() throws Exception {
        ExternalPeer.assumeInstalled("curl");
        Process curl = new ProcessBuilder("curl", "--silent", "--show-error", "--ssl-reqd", "--insecure",
                "--user", TestServer.USER + ":" + TestServer.PASSWORD, "-T", "-",
                "ftp://" + RawClient.HOST + ":" + server.explicitPort() + "/dropped.bin")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            OutputStream stdin = curl.getOutputStream();
            Thread feeder = Thread.ofVirtual().start(() -> {
                try {
                    stdin.write(TestFiles.randomBytes(S3Storage.PART_SIZE + (1 << 20), 11));
                    stdin.flush(); // and left open: curl must not see the end of its input
                } catch (IOException e) {
                    // curl was killed while this was still writing: that is the point
                }
            });
            Await.until("the first part to be under way", () -> !s3.unfinishedUploads(prefix).isEmpty(),
                    () -> s3.unfinishedUploads(prefix));
            curl.destroyForcibly().waitFor();
            feeder.join();
        } finally {
            curl.destroyForcibly();
        }
        server.awaitNoSessions(); // the session aborted the upload before it ended
        assertThat(s3.unfinishedUploads(prefix)).isEmpty();
        assertThat(s3.keys(prefix)).isEmpty();
        server.assertServesNewSessions();
    }

    /** The objects as another S3 client (awscli) sees them: the bucket holds the files themselves. */
    @Test
    void awscliSeesTheUploadedFilesAsObjects(@TempDir Path temp) throws Exception {
        ExternalPeer.assumeInstalled("aws", "awscli");
        byte[] content = TestFiles.randomBytes(S3Storage.PART_SIZE + 5, 13);
        try (FtpsSession session = connect()) {
            session.mkdir("/reports");
            session.upload(new ByteArrayInputStream(content), "/reports/q3.bin");
        }
        String url = "s3://" + LocalS3.BUCKET + "/" + alicesKeys;
        String listing = aws("s3", "ls", "--recursive", url).assertOk().output();
        assertThat(listing).contains(content.length + " " + alicesKeys + "reports/q3.bin");
        Path copy = temp.resolve("q3.bin");
        aws("s3", "cp", url + "reports/q3.bin", copy.toString()).assertOk();
        assertThat(Files.readAllBytes(copy)).isEqualTo(content);

        // And what awscli puts there, Wharf serves.
        Path theirs = Files.write(temp.resolve("theirs.txt"), "from awscli".getBytes(UTF_8));
        aws("s3", "cp", theirs.toString(), url + "reports/theirs.txt").assertOk();
        try (FtpsSession session = connect()) {
            var back = new ByteArrayOutputStream();
            session.download("/reports/theirs.txt", back);
            assertThat(back.toString(UTF_8)).isEqualTo("from awscli");
        }
    }

    /** awscli with the local S3's test keys in its environment. */
    static ExternalPeer.Result aws(String... arguments) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of("env", "AWS_ACCESS_KEY_ID=" + LocalS3.ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY=" + LocalS3.SECRET_KEY, "AWS_DEFAULT_REGION=us-east-1",
                "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null",
                // As S3StorageProvider does: no checksum headers S3Proxy does not implement.
                "AWS_REQUEST_CHECKSUM_CALCULATION=when_required", "AWS_RESPONSE_CHECKSUM_VALIDATION=when_required",
                "aws", "--endpoint-url", s3.endpoint().toString()));
        command.addAll(List.of(arguments));
        return ExternalPeer.run(command);
    }
}
