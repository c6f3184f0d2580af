package dev.wharf.server.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.protocol.testing.TestFiles;
import dev.wharf.server.support.TestServer;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Stopping the server: no new connections, 421 to idle sessions, running transfers finish. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GracefulStopTest {

    @Test
    void idleSessionsGet421AndARunningTransferFinishes(@TempDir Path root) throws Exception {
        var server = TestServer.builder().root(root).readOnlyUser()
                .config(b -> b.shutdownGrace(Duration.ofSeconds(60)))
                .start();
        // Far more than the socket buffers hold: the transfer cannot end while the client does not read.
        byte[] content = TestFiles.randomBytes(64 << 20, 77);
        java.nio.file.Files.write(server.home().resolve("big.bin"), content);
        try (var idle = RawClient.explicit(server.explicitPort(), "alice", "P");
             var busy = RawClient.explicit(server.explicitPort(), "alice", "P")) {
            Socket data = busy.openPassiveData();
            busy.send("RETR big.bin");
            try (Socket tls = busy.protect(data)) {
                busy.expect(150);
                InputStream in = tls.getInputStream();
                byte[] first = in.readNBytes(1 << 20);
                // RFC 959 4.1.3: STAT during a transfer reports it: proof that stop() below finds it running.
                assertThat(busy.command("STAT", 211).text()).startsWith("Transferring RETR");

                Thread stopper = Thread.ofVirtual().start(() -> server.wharf().stop(Duration.ofSeconds(60)));
                assertThat(idle.read().code()).isEqualTo(421);

                byte[] rest = RawClient.readAll(in);
                busy.expect(226);
                byte[] all = new byte[first.length + rest.length];
                System.arraycopy(first, 0, all, 0, first.length);
                System.arraycopy(rest, 0, all, first.length, rest.length);
                assertThat(TestFiles.sha256(all)).isEqualTo(TestFiles.sha256(content));
                // After its transfer the busy session is told too, and the server ends.
                assertThat(busy.read().code()).isEqualTo(421);
                stopper.join();
            }
        }
        assertThat(server.wharf().activeSessions()).isZero();
    }
}
