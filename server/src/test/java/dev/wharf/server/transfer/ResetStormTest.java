package dev.wharf.server.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.protocol.testing.TestFiles;
import dev.wharf.server.support.TestServer;
import dev.wharf.server.support.TestServers;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 1,000 connections cut with a TCP reset in the middle of a transfer (issue 14 §3): uploads and
 * downloads, PROT P and PROT C. Afterwards no session, file descriptor, temporary file or heap is left
 * behind: each counted before and after, with a tolerance for the JVM's own.
 */
@Timeout(600)
class ResetStormTest {
    private static final int CONNECTIONS = Integer.getInteger("wharf.reset.connections", 1000);

    @RegisterExtension
    final TestServers servers = new TestServers();

    @Test
    void resetsMidTransferLeaveNothingBehind() throws Exception {
        TestServer server = servers.start(b -> b.allowClearData(true));
        Path home = server.home();
        TestFiles.randomFile(home.resolve("big.bin"), 16 * 1024 * 1024, 3);
        warmUp(server);
        long fdsBefore = openFileDescriptors();
        long heapBefore = usedHeapAfterGc();
        var cut = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        var jobs = new ArrayList<Future<?>>();
        for (int i = 0; i < CONNECTIONS; i++) {
            int n = i;
            jobs.add(pool.submit(() -> {
                cutMidTransfer(server, n % 2 == 0, n % 4 < 2 ? "P" : "C", n);
                cut.incrementAndGet();
                return null;
            }));
        }
        for (Future<?> job : jobs) {
            job.get();
        }
        pool.shutdown();
        server.awaitNoSessions();
        dev.wharf.server.support.Await.until("no temporary upload file left", () -> temporaries(home) == 0,
                () -> temporaries(home) + " left");
        long fdsAfter = openFileDescriptors();
        long heapAfter = usedHeapAfterGc();
        System.out.printf("ResetStormTest: %d connections cut mid-transfer; file descriptors %d -> %d; heap after GC %d KiB -> %d KiB%n",
                cut.get(), fdsBefore, fdsAfter, heapBefore / 1024, heapAfter / 1024);
        assertThat(cut.get()).isEqualTo(CONNECTIONS);
        assertThat(fdsAfter).as("file descriptors").isLessThanOrEqualTo(fdsBefore + 20);
        assertThat(heapAfter).as("heap after GC").isLessThan(heapBefore + 64L * 1024 * 1024);
    }

    private static void warmUp(TestServer server) throws Exception {
        for (int i = 0; i < 8; i++) {
            cutMidTransfer(server, i % 2 == 0, i % 4 < 2 ? "P" : "C", i);
        }
        server.awaitNoSessions();
    }

    /** Logs in, starts a transfer, moves some data, then resets both connections (SO_LINGER 0). */
    private static void cutMidTransfer(TestServer server, boolean upload, String prot, int n) throws IOException {
        RawClient c = RawClient.explicit(server.explicitPort(), TestServer.USER, prot, RawClient.trustAllTls());
        Socket data = c.openPassiveData();
        c.send(upload ? "STOR up-" + n + ".bin" : "RETR big.bin");
        Socket stream = prot.equals("P") ? c.protect(data) : data;
        c.expect(150);
        if (upload) {
            stream.getOutputStream().write(new byte[256 * 1024]);
            stream.getOutputStream().flush();
        } else {
            InputStream in = stream.getInputStream();
            in.readNBytes(256 * 1024);
        }
        for (Socket s : new Socket[] {data, c.controlSocket()}) {
            s.setSoLinger(true, 0); // close now sends RST
            s.close();
        }
    }

    private static long temporaries(Path home) {
        try (Stream<Path> files = Files.list(home)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long openFileDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
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
