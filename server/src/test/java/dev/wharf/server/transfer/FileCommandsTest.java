package dev.wharf.server.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.wharf.protocol.Reply;
import dev.wharf.protocol.testing.TestFiles;
import dev.wharf.server.support.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The file commands, run twice: on the local disk and on an in-memory file system (Jimfs), which
 * proves the server only touches storage through {@code java.nio.file}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FileCommandsTest {
    @TempDir
    static Path localRoot;
    static final FileSystem MEMORY = Jimfs.newFileSystem(Configuration.unix().toBuilder()
            .setAttributeViews("basic", "owner", "posix", "unix").build());

    static Stream<Arguments> storages() {
        return Stream.of(
                Arguments.of(Named.of("local disk", localRoot.resolve("local-" + System.nanoTime()))),
                Arguments.of(Named.of("in-memory (Jimfs)", MEMORY.getPath("/srv-" + System.nanoTime()))));
    }

    @AfterAll
    static void closeMemory() throws IOException {
        MEMORY.close();
    }

    private static TestServer start(Path root) throws IOException {
        return TestServer.builder().root(root).readOnlyUser().start();
    }

    @ParameterizedTest
    @MethodSource("storages")
    void directoriesAndNavigation(Path root) throws IOException {
        try (var server = start(root); var c = RawClient.explicit(server.explicitPort(), "alice", "P")) {
            assertThat(c.command("PWD", 257).text()).isEqualTo("\"/\" is the current directory");
            assertThat(c.command("MKD docs", 257).text()).startsWith("\"/docs\"");
            assertThat(c.command("MKD say \"hi\"", 257).text()).startsWith("\"/say \"\"hi\"\"\""); // RFC 959: quotes doubled
            c.command("CWD docs", 250);
            assertThat(c.command("PWD", 257).text()).startsWith("\"/docs\"");
            c.command("CDUP", 250);
            assertThat(c.command("PWD", 257).text()).startsWith("\"/\"");
            assertThat(c.command("CWD nowhere").code()).isEqualTo(550);
            assertThat(c.command("MKD docs").code()).isEqualTo(550);
            c.command("RMD docs", 250);
            assertThat(Files.exists(server.home().resolve("docs"))).isFalse();
            assertThat(c.command("RMD /").code()).isEqualTo(550);
        }
    }

    @ParameterizedTest
    @MethodSource("storages")
    void pathsNeverLeaveTheHome(Path root) throws IOException {
        try (var server = start(root); var c = RawClient.explicit(server.explicitPort(), "alice", "P")) {
            Files.writeString(server.home(TestServer.READ_ONLY_USER).resolve("bobs.txt"), "bob's");
            assertThat(c.command("CWD ..").code()).isEqualTo(550);
            assertThat(c.command("CWD ../bob").code()).isEqualTo(550);
            assertThat(c.command("SIZE ../bob/bobs.txt").code()).isEqualTo(550);
            assertThat(c.command("SIZE /../bob/bobs.txt").code()).isEqualTo(550);
            assertThat(c.command("DELE ../../etc/passwd").code()).isEqualTo(550);
            assertThat(c.command("SIZE /etc/passwd").code()).isEqualTo(550); // absolute = inside the home
            assertThat(c.command("SIZE %2e%2e/bob/bobs.txt").code()).isEqualTo(550); // no URL decoding in FTP
            c.command("CWD /", 250);
            assertThat(Files.exists(server.home(TestServer.READ_ONLY_USER).resolve("bobs.txt"))).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("storages")
    void symbolicLinksOutOfTheHomeAreRefused(Path root) throws IOException {
        try (var server = start(root); var c = RawClient.explicit(server.explicitPort(), "alice", "P")) {
            Files.writeString(server.home(TestServer.READ_ONLY_USER).resolve("bobs.txt"), "bob's");
            Files.createSymbolicLink(server.home().resolve("escape"), server.home(TestServer.READ_ONLY_USER));
            Files.createDirectories(server.home().resolve("inside"));
            Files.writeString(server.home().resolve("inside/ok.txt"), "ok");
            Files.createSymbolicLink(server.home().resolve("shortcut"), server.home().resolve("inside"));
            assertThat(c.command("CWD escape").code()).isEqualTo(550);
            assertThat(c.command("SIZE escape/bobs.txt").code()).isEqualTo(550);
            assertThat(c.command("SIZE shortcut/ok.txt", 213).text()).isEqualTo("2"); // a link inside is fine
        }
    }

    @ParameterizedTest
    @MethodSource("storages")
    void sizeMdtmMfmtRenameDelete(Path root) throws IOException {
        try (var server = start(root); var c = RawClient.explicit(server.explicitPort(), "alice", "P")) {
            Path f = server.home().resolve("a.txt");
            Files.writeString(f, "hello");
            Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2020-02-03T04:05:06Z")));
            assertThat(c.command("SIZE a.txt", 213).text()).isEqualTo("5");
            assertThat(c.command("MDTM a.txt", 213).text()).isEqualTo("20200203040506");
            assertThat(c.command("MFMT 20211112131415 a.txt", 213).text()).isEqualTo("Modify=20211112131415; /a.txt");
            assertThat(Files.getLastModifiedTime(f).toInstant()).isEqualTo(Instant.parse("2021-11-12T13:14:15Z"));
            assertThat(c.command("RNTO b.txt").code()).isEqualTo(503);
            c.command("RNFR a.txt", 350);
            c.command("RNTO b.txt", 250);
            assertThat(Files.readString(server.home().resolve("b.txt"))).isEqualTo("hello");
            c.command("RNFR b.txt", 350);
            c.command("NOOP", 200);
            assertThat(c.command("RNTO c.txt").code()).isEqualTo(503); // RNTO must follow RNFR at once
            c.command("DELE b.txt", 250);
            assertThat(c.command("DELE b.txt").code()).isEqualTo(550);
            assertThat(c.command("SIZE missing").code()).isEqualTo(550);
        }
    }

    @ParameterizedTest
    @MethodSource("storages")
    void hashCommands(Path root) throws Exception {
        try (var server = start(root); var c = RawClient.explicit(server.explicitPort(), "alice", "P")) {
            byte[] content = TestFiles.randomBytes(100_000, 1);
            Files.write(server.home().resolve("h.bin"), content);
            String sha256 = TestFiles.sha256(content);
            assertThat(c.command("HASH h.bin", 213).text()).isEqualTo("SHA-256 0-100000 " + sha256 + " /h.bin");
            assertThat(c.command("OPTS HASH", 200).text()).isEqualTo("SHA-256");
            assertThat(c.command("OPTS HASH MD5", 200).text()).isEqualTo("MD5");
            String md5 = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(content));
            assertThat(c.command("HASH h.bin", 213).text()).contains(md5);
            assertThat(c.command("OPTS HASH CRC-37").code()).isEqualTo(501);
            var crc = new java.util.zip.CRC32();
            crc.update(content);
            assertThat(c.command("XCRC h.bin", 250).text()).isEqualTo(String.format("%08x", crc.getValue()));
            assertThat(c.command("XSHA256 h.bin", 250).text()).isEqualTo(sha256);
            c.command("OPTS HASH SHA-256", 200);
            c.command("RANG 0 49", 350);
            String first50 = TestFiles.sha256(java.util.Arrays.copyOf(content, 50));
            assertThat(c.command("HASH h.bin", 213).text()).isEqualTo("SHA-256 0-50 " + first50 + " /h.bin");
            Reply feat = c.command("FEAT", 211);
            assertThat(feat.lines()).contains(" HASH SHA-256*;SHA-512;SHA-1;MD5;CRC32;", " XCRC", " XSHA256");
        }
    }

    @ParameterizedTest
    @MethodSource("storages")
    void listingsInEveryForm(Path root) throws IOException {
        try (var server = start(root); var c = RawClient.explicit(server.explicitPort(), "alice", "P")) {
            Files.writeString(server.home().resolve("file one.txt"), "12345");
            Files.createDirectories(server.home().resolve("sub"));
            Files.writeString(server.home().resolve("ünïcödé.txt"), "x");
            Files.writeString(server.home().resolve(".wharf-upload-123.tmp"), "in flight");

            List<String> list = c.lines(transfer(c, "LIST -la"));
            assertThat(list).hasSize(3);
            assertThat(list).anyMatch(l -> l.matches("-[rwx-]{9} 1 ftp ftp +5 \\w{3} \\d\\d [ \\d]\\d:?\\d\\d +file one.txt"));
            assertThat(list).anyMatch(l -> l.startsWith("d") && l.endsWith(" sub"));
            assertThat(list).anyMatch(l -> l.endsWith(" ünïcödé.txt"));

            assertThat(c.lines(transfer(c, "NLST"))).containsExactly("file one.txt", "sub", "ünïcödé.txt");

            List<String> mlsd = c.lines(transfer(c, "MLSD"));
            assertThat(mlsd).anyMatch(l -> l.startsWith("type=cdir;") && l.endsWith("; ."));
            assertThat(mlsd).anyMatch(l -> l.startsWith("type=file;size=5;modify=") && l.contains("perm=adfrw;") && l.endsWith("; file one.txt"));
            assertThat(mlsd).anyMatch(l -> l.startsWith("type=dir;") && l.endsWith("; sub"));

            Reply mlst = c.command("MLST file one.txt", 250);
            assertThat(mlst.lines()).hasSize(3);
            assertThat(mlst.lines().get(1)).startsWith(" type=file;size=5;").endsWith("; /file one.txt");
            c.command("OPTS MLST type;size;", 200);
            assertThat(c.command("MLST file one.txt", 250).lines().get(1)).isEqualTo(" type=file;size=5; /file one.txt");

            Reply stat = c.command("STAT sub", 213);
            assertThat(stat.lines().get(0)).startsWith("Status of /sub");
            assertThat(c.command("MLSD file one.txt").code()).isEqualTo(550);
        }
    }

    private static byte[] transfer(RawClient c, String command) throws IOException {
        var data = c.openPassiveData();
        c.send(command);
        try (var tls = c.protect(data)) {
            c.expect(150);
            byte[] bytes = RawClient.readAll(tls.getInputStream());
            c.expect(226);
            return bytes;
        }
    }

    @ParameterizedTest
    @MethodSource("storages")
    void uploadsAreAtomicAndStouPicksAFreeName(Path root) throws IOException {
        try (var server = start(root); var c = RawClient.explicit(server.explicitPort(), "alice", "P")) {
            c.stor("doc.txt", "version 1".getBytes(StandardCharsets.UTF_8));
            c.expect(226);
            c.stor("doc.txt", "version 2".getBytes(StandardCharsets.UTF_8));
            c.expect(226);
            assertThat(Files.readString(server.home().resolve("doc.txt"))).isEqualTo("version 2");
            var data = c.openPassiveData();
            c.send("STOU doc.txt");
            try (var tls = c.protect(data)) {
                assertThat(c.expect(150).text()).contains("/doc.txt.1");
                tls.getOutputStream().write("unique".getBytes(StandardCharsets.UTF_8));
                ((javax.net.ssl.SSLSocket) tls).shutdownOutput();
                tls.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            }
            assertThat(c.expect(226).text()).contains("/doc.txt.1");
            assertThat(Files.readString(server.home().resolve("doc.txt.1"))).isEqualTo("unique");
            try (var names = Files.list(server.home())) {
                assertThat(names.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".wharf-upload-"));
            }
        }
    }

    /** Both STOU name their file before any data arrives: they must not pick the same name. */
    @ParameterizedTest
    @MethodSource("storages")
    void concurrentStouGetDifferentNames(Path root) throws IOException {
        try (var server = start(root);
             var first = RawClient.explicit(server.explicitPort(), "alice", "P");
             var second = RawClient.explicit(server.explicitPort(), "alice", "P")) {
            var firstData = first.openPassiveData();
            first.send("STOU same.txt");
            var secondData = second.openPassiveData();
            second.send("STOU same.txt");
            try (var one = first.protect(firstData); var two = second.protect(secondData)) {
                String firstName = first.expect(150).text();
                String secondName = second.expect(150).text();
                assertThat(firstName).isNotEqualTo(secondName);
                for (var upload : java.util.List.of(one, two)) {
                    upload.getOutputStream().write((upload.equals(one) ? "first" : "second").getBytes(StandardCharsets.UTF_8));
                    ((javax.net.ssl.SSLSocket) upload).shutdownOutput();
                    upload.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                }
            }
            first.expect(226);
            second.expect(226);
            assertThat(Files.readString(server.home().resolve("same.txt"))).isIn("first", "second");
            assertThat(Files.readString(server.home().resolve("same.txt.1"))).isIn("first", "second")
                    .isNotEqualTo(Files.readString(server.home().resolve("same.txt")));
        }
    }

    @ParameterizedTest
    @MethodSource("storages")
    void aStouWhoseDataConnectionFailsLeavesNoFile(Path root) throws IOException {
        try (var server = start(root); var c = RawClient.explicit(server.explicitPort(), "alice", "P")) {
            c.command("PASV", 227);
            c.send("STOU never.txt");
            c.send("ABOR"); // the transfer was still waiting for its data connection
            // 150, the transfer's 425 or 426, then ABOR's 226, sent once the transfer has ended
            for (int code = c.read().code(); code != 226; code = c.read().code()) {
                assertThat(code).isIn(150, 425, 426);
            }
            try (var names = Files.list(server.home())) {
                assertThat(names.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("never.txt"));
            }
        }
    }
}
