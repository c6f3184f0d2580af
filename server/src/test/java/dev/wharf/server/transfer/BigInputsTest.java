package dev.wharf.server.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.server.support.TestServer;
import dev.wharf.server.support.TestServers;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Inputs far larger than any client sends (issue 14 §3): a 10,000-directory MKD storm, a
 * 100,000-entry listing, a path of 10,000 components and a 1 MB file name. Each gets a clear reply,
 * memory stays bounded (a listing streams: heap is measured halfway through it) and the session
 * goes on.
 */
@Timeout(300)
class BigInputsTest {
    @RegisterExtension
    final TestServers servers = new TestServers();

    @Test
    void aTenThousandDirectoryMkdStormIsServedInFull() throws Exception {
        TestServer server = servers.start();
        try (RawClient c = RawClient.explicit(server.explicitPort(), TestServer.USER, "P", RawClient.trustAllTls())) {
            c.command("MKD storm", 257);
            for (int i = 0; i < 10_000; i++) {
                c.send("MKD storm/d" + i); // pipelined: the replies are read below, in order
            }
            for (int i = 0; i < 10_000; i++) {
                c.expect(257);
            }
            try (var dirs = Files.list(server.home().resolve("storm"))) {
                assertThat(dirs.count()).isEqualTo(10_000);
            }
            c.command("NOOP", 200);
        }
    }

    @Test
    void aHundredThousandEntryListingStreams() throws Exception {
        TestServer server = servers.start();
        Path big = Files.createDirectories(server.home().resolve("big"));
        for (int i = 0; i < 100_000; i++) {
            Files.createFile(big.resolve(String.format("file-%06d.txt", i)));
        }
        long before = usedHeapAfterGc();
        long halfway;
        int lines = 0;
        try (RawClient c = RawClient.explicit(server.explicitPort(), TestServer.USER, "P", RawClient.trustAllTls())) {
            Socket data = c.openPassiveData();
            c.send("MLSD big");
            try (Socket tls = c.protect(data)) {
                c.expect(150);
                var reader = new BufferedReader(new InputStreamReader(tls.getInputStream(), StandardCharsets.UTF_8));
                for (; lines < 50_000; lines++) {
                    reader.readLine();
                }
                halfway = usedHeapAfterGc(); // the server is inside the listing, held up by this reader
                while (reader.readLine() != null) {
                    lines++;
                }
            }
            c.expect(226);
        }
        System.out.printf("BigInputsTest: 100,000-entry MLSD, %d lines; heap after GC before %d KiB, halfway %d KiB%n",
                lines, before / 1024, halfway / 1024);
        assertThat(lines).as("the entries and the cdir line").isEqualTo(100_001);
        assertThat(halfway).as("heap halfway through the listing").isLessThan(before + 32L * 1024 * 1024);
    }

    @Test
    void aPathOfTenThousandComponentsAndAOneMegabyteNameGetClearReplies() throws Exception {
        TestServer server = servers.start(b -> b.maxLineLength(64 * 1024));
        try (RawClient c = RawClient.explicit(server.explicitPort(), TestServer.USER, "P", RawClient.trustAllTls())) {
            // 553 when a name rule refuses the path (its length), 550 when the folder is not there.
            assertThat(c.command("CWD " + "a/".repeat(10_000)).code()).isIn(550, 553);
            assertThat(c.command("MKD " + "b/".repeat(10_000)).code()).isIn(550, 553);
            var tooLong = c.command("STOR " + "x".repeat(1024 * 1024));
            assertThat(tooLong.code()).isEqualTo(500);
            assertThat(tooLong.text()).contains("too long");
            c.command("NOOP", 200);
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
