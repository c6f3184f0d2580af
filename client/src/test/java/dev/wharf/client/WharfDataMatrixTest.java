package dev.wharf.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.server.support.TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The client against Wharf's server in every mode: explicit and implicit, PROT P and C, EPSV, PASV
 * and active, TLS 1.2 and 1.3. The server requires data connections to resume the control TLS
 * session (its default), so every protected transfer here also proves the client resumes it.
 */
@Timeout(60)
class WharfDataMatrixTest {
    private static final int SIZE = (1 << 20) + 7;
    private static TestServer wharf;

    @TempDir
    static Path home;
    @TempDir
    static Path local;

    enum DataMode { EPSV, PASV, ACTIVE }

    @BeforeAll
    static void start() throws IOException {
        wharf = TestServer.builder().home(home).config(config -> config.allowClearData(true)).start();
    }

    @AfterAll
    static void stop() {
        wharf.close();
    }

    static Stream<Arguments> modes() {
        Stream.Builder<Arguments> all = Stream.builder();
        for (TlsMode mode : TlsMode.values()) {
            for (DataProtection prot : DataProtection.values()) {
                for (DataMode data : DataMode.values()) {
                    for (String tls : List.of("TLSv1.3", "TLSv1.2")) {
                        all.add(Arguments.of(mode, prot, data, tls));
                    }
                }
            }
        }
        return all.build();
    }

    @ParameterizedTest(name = "{0} PROT {1} {2} {3}")
    @MethodSource("modes")
    void uploadsListsAndDownloadsByteExact(TlsMode mode, DataProtection prot, DataMode data, String tls) throws Exception {
        FtpsClient.Builder builder = TestClients.to(wharf, mode)
                .dataProtection(prot)
                .tlsProtocols(List.of(tls))
                .dataTimeout(Duration.ofSeconds(10));
        switch (data) {
            case EPSV -> builder.passive();
            case PASV -> builder.passiveWithPasvOnly();
            case ACTIVE -> builder.active(InetAddress.getLoopbackAddress());
        }
        String name = "m-" + mode + "-" + prot + "-" + data + "-" + tls + ".bin";
        Path source = local.resolve(name);
        byte[] content = new byte[SIZE];
        new Random(name.hashCode()).nextBytes(content);
        Files.write(source, content);
        Path back = local.resolve("back-" + name);

        try (FtpsSession session = builder.build().connect()) {
            assertThat(session.dataProtection()).isEqualTo(prot);
            TransferResult up = session.upload(source, name);
            assertThat(session.list("/")).extracting(RemoteFile::name).contains(name);
            TransferResult down = session.download(name, back);

            assertThat(up.bytes()).isEqualTo(SIZE);
            assertThat(down.bytes()).isEqualTo(SIZE);
            for (TransferResult r : List.of(up, down)) {
                if (prot == DataProtection.PRIVATE) {
                    assertThat(r.tls().protocol()).isEqualTo(tls);
                    assertThat(r.tls().resumed()).as("data TLS resumed the control session").isTrue();
                } else {
                    assertThat(r.dataTls()).isEmpty();
                }
            }
        }
        assertThat(sha256(Files.readAllBytes(home.resolve(name)))).isEqualTo(sha256(content));
        assertThat(sha256(Files.readAllBytes(back))).isEqualTo(sha256(content));
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
