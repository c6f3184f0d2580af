package dev.wharf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.protocol.testing.TestFiles;
import dev.wharf.server.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** ls, get, put, rm, mv, mkdir, rmdir and mirror against a real Wharf server, explicit and implicit. */
class TransferCommandsTest extends ClientTestBase {

    @Test
    void lsPrintsALongListingSortedByName() throws Exception {
        Files.writeString(server.home().resolve("b.txt"), "hello");
        Files.createDirectories(server.home().resolve("a-dir"));
        var result = wharf("ls", explicitUrl("/"));
        assertThat(result.exitCode()).as(result.err()).isZero();
        var lines = result.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("d ").endsWith("  a-dir");
        assertThat(lines.get(1)).matches("- +5  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d  b\\.txt");
    }

    @Test
    void lsJsonPrintsOneObjectPerEntry() throws Exception {
        Files.writeString(server.home().resolve("quote\"d.txt"), "12345678");
        Files.createDirectories(server.home().resolve("sub"));
        var result = wharf("ls", implicitUrl("/"), "--json");
        assertThat(result.exitCode()).as(result.err()).isZero();
        var lines = result.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("{\"name\":\"quote\\\"d.txt\",\"path\":\"/quote\\\"d.txt\",\"type\":\"file\",\"size\":8,")
                .contains("\"modifiedExact\":true").endsWith("}");
        assertThat(lines.get(1)).startsWith("{\"name\":\"sub\",").contains("\"type\":\"directory\"");
    }

    @Test
    void putThenGetIsByteExactOverExplicitFtps() throws Exception {
        roundTrip(explicitUrl("/up/"), explicitUrl("/up/data.bin"));
    }

    @Test
    void putThenGetIsByteExactOverImplicitFtps() throws Exception {
        roundTrip(implicitUrl("/up/"), implicitUrl("/up/data.bin"));
    }

    private void roundTrip(String putUrl, String getUrl) throws Exception {
        Files.createDirectories(server.home().resolve("up"));
        Path source = TestFiles.randomFile(local.resolve("data.bin"), 700_001, 1);
        var put = wharf("put", source.toString(), putUrl);
        assertThat(put.exitCode()).as(put.err()).isZero();
        assertThat(put.out()).contains("put " + source + " -> /up/data.bin").contains("SHA-256 verified")
                .contains("(session resumed)");
        assertThat(TestFiles.sha256(server.home().resolve("up/data.bin"))).isEqualTo(TestFiles.sha256(source));

        Path back = local.resolve("back.bin");
        var get = wharf("get", getUrl, back.toString());
        assertThat(get.exitCode()).as(get.err()).isZero();
        assertThat(get.out()).contains("get /up/data.bin -> " + back).contains("SHA-256 verified");
        assertThat(TestFiles.sha256(back)).isEqualTo(TestFiles.sha256(source));
    }

    @Test
    void getIntoADirectoryKeepsTheRemoteName() throws Exception {
        TestFiles.randomFile(server.home().resolve("f.bin"), 1000, 2);
        var get = wharf("get", explicitUrl("/f.bin"), local.toString(), "--quiet");
        assertThat(get.exitCode()).as(get.err()).isZero();
        assertThat(get.out()).isEmpty();
        assertThat(TestFiles.sha256(local.resolve("f.bin"))).isEqualTo(TestFiles.sha256(server.home().resolve("f.bin")));
    }

    @Test
    void timeoutsTakeTheUnitsServeTakes() throws Exception {
        TestFiles.randomFile(server.home().resolve("t.bin"), 1000, 6);
        var get = wharf("get", explicitUrl("/t.bin"), local.resolve("t.bin").toString(),
                "--timeout", "1h", "--connect-timeout", "500ms", "--data-timeout", "2m");
        assertThat(get.exitCode()).as(get.err()).isZero();
        assertThat(TestFiles.sha256(local.resolve("t.bin"))).isEqualTo(TestFiles.sha256(server.home().resolve("t.bin")));
    }

    @Test
    void getResumeContinuesAPartialFile() throws Exception {
        Path remote = TestFiles.randomFile(server.home().resolve("big.bin"), 1_000_000, 3);
        byte[] all = Files.readAllBytes(remote);
        Path partial = Files.write(local.resolve("big.bin"), Arrays.copyOf(all, 400_000));
        var get = wharf("get", explicitUrl("/big.bin"), partial.toString(), "--resume", "--json");
        assertThat(get.exitCode()).as(get.err()).isZero();
        assertThat(get.out()).contains("\"offset\":400000").contains("\"bytes\":600000").contains("\"size\":1000000")
                .contains("\"verified\":\"SHA-256\"");
        assertThat(TestFiles.sha256(partial)).isEqualTo(TestFiles.sha256(remote));
    }

    @Test
    void getResumeOfACompleteFileTransfersNothing() throws Exception {
        Path remote = TestFiles.randomFile(server.home().resolve("done.bin"), 5000, 4);
        Files.copy(remote, local.resolve("done.bin"));
        var get = wharf("get", explicitUrl("/done.bin"), local.resolve("done.bin").toString(), "--resume");
        assertThat(get.exitCode()).as(get.err()).isZero();
        assertThat(get.out()).contains("already complete").contains("SHA-256 verified");
    }

    @Test
    void putResumeAppendsTheRest() throws Exception {
        Path source = TestFiles.randomFile(local.resolve("big.bin"), 900_000, 5);
        byte[] all = Files.readAllBytes(source);
        Files.write(server.home().resolve("big.bin"), Arrays.copyOf(all, 300_000));
        var put = wharf("put", source.toString(), implicitUrl("/big.bin"), "--resume", "--json");
        assertThat(put.exitCode()).as(put.err()).isZero();
        assertThat(put.out()).contains("\"offset\":300000").contains("\"bytes\":600000").contains("\"verified\":\"SHA-256\"");
        assertThat(TestFiles.sha256(server.home().resolve("big.bin"))).isEqualTo(TestFiles.sha256(source));
    }

    @Test
    void rmMvMkdirRmdir() throws Exception {
        Files.writeString(server.home().resolve("old.txt"), "x");
        Files.writeString(server.home().resolve("gone.txt"), "y");

        assertThat(wharf("mkdir", explicitUrl("/new")).exitCode()).isZero();
        assertThat(server.home().resolve("new")).isDirectory();

        var mv = wharf("mv", explicitUrl("/old.txt"), "/new/renamed.txt");
        assertThat(mv.exitCode()).as(mv.err()).isZero();
        assertThat(mv.out()).isEmpty();
        assertThat(server.home().resolve("new/renamed.txt")).hasContent("x");
        assertThat(server.home().resolve("old.txt")).doesNotExist();

        var rm = wharf("rm", implicitUrl("/gone.txt"), "--json");
        assertThat(rm.exitCode()).as(rm.err()).isZero();
        assertThat(rm.out().strip()).isEqualTo("{\"command\":\"rm\",\"path\":\"/gone.txt\",\"ok\":true}");
        assertThat(server.home().resolve("gone.txt")).doesNotExist();

        assertThat(wharf("rm", explicitUrl("/new/renamed.txt")).exitCode()).isZero();
        assertThat(wharf("rmdir", explicitUrl("/new/")).exitCode()).isZero();
        assertThat(server.home().resolve("new")).doesNotExist();
    }

    @Test
    void mkdirWithParentsCreatesEveryLevelAndAcceptsExistingOnes() {
        var first = wharf("mkdir", "-p", explicitUrl("/a/b/c"));
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(server.home().resolve("a/b/c")).isDirectory();
        assertThat(wharf("mkdir", "--parents", explicitUrl("/a/b/c")).exitCode()).isZero();
        assertThat(wharf("mkdir", explicitUrl("/a/b/c")).exitCode()).isEqualTo(6);
    }

    @Test
    void mirrorDownCopiesATreeAndDeletesExtras() throws Exception {
        TestFiles.randomFile(server.home().resolve("site/index.bin"), 20_000, 6);
        TestFiles.randomFile(server.home().resolve("site/img/a.bin"), 30_000, 7);
        TestFiles.randomFile(server.home().resolve("site/img/b.bin"), 0, 8);
        Path target = local.resolve("copy");
        TestFiles.randomFile(target.resolve("extra.bin"), 10, 9);

        var result = wharf("mirror", explicitUrl("/site"), target.toString(), "--delete", "--parallel", "3");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("downloaded img/a.bin").contains("downloaded index.bin")
                .contains("deleted    extra.bin").contains("3 files downloaded");
        for (String f : new String[] {"index.bin", "img/a.bin", "img/b.bin"}) {
            assertThat(TestFiles.sha256(target.resolve(f))).as(f).isEqualTo(TestFiles.sha256(server.home().resolve("site/" + f)));
        }
        assertThat(target.resolve("extra.bin")).doesNotExist();

        var again = wharf("mirror", explicitUrl("/site"), target.toString(), "--json");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out().strip()).isEqualTo("{\"command\":\"mirror\",\"direction\":\"down\",\"transferred\":[],"
                + "\"unchanged\":3,\"deleted\":[],\"bytes\":0}");
    }

    @Test
    void mirrorReverseUploadsATree() throws Exception {
        Path site = local.resolve("site");
        TestFiles.randomFile(site.resolve("index.bin"), 12_345, 10);
        TestFiles.randomFile(site.resolve("css/style.bin"), 6_789, 11);
        TestFiles.randomFile(server.home().resolve("www/old.bin"), 10, 12);

        var result = wharf("mirror", "--reverse", site.toString(), implicitUrl("/www"), "--delete");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("uploaded   css/style.bin").contains("uploaded   index.bin")
                .contains("deleted    old.bin");
        assertThat(TestFiles.sha256(server.home().resolve("www/index.bin"))).isEqualTo(TestFiles.sha256(site.resolve("index.bin")));
        assertThat(TestFiles.sha256(server.home().resolve("www/css/style.bin")))
                .isEqualTo(TestFiles.sha256(site.resolve("css/style.bin")));
        assertThat(server.home().resolve("www/old.bin")).doesNotExist();
    }

    @Test
    void clearDataConnectionsWithProtC() throws Exception {
        server.close();
        server = TestServer.builder().root(dir.resolve("server2")).config(b -> b.allowClearData(true)).start();
        TestFiles.randomFile(server.home().resolve("clear.bin"), 10_000, 13);
        Path target = local.resolve("clear.bin");
        var result = wharf("get", explicitUrl("/clear.bin"), target.toString(), "--prot-c", "--json");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("\"dataTls\":null");
        assertThat(TestFiles.sha256(target)).isEqualTo(TestFiles.sha256(server.home().resolve("clear.bin")));
    }

    @Test
    void authSslAndTls12AndActiveModeWork() throws Exception {
        Files.writeString(server.home().resolve("x.txt"), "abc");
        var result = wharf("ls", explicitUrl("/"), "--auth-ssl", "--tls", "1.2", "--active");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("x.txt");
    }
}
