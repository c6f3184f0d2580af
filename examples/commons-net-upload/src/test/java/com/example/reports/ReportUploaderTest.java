package com.example.reports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.junit.WharfEvent;
import dev.wharf.junit.WharfExtension;
import dev.wharf.junit.WharfTestServer;
import dev.wharf.server.config.ServerConfig.DataSessionReuse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ReportUploaderTest {
    /**
     * One FTPS server for the class. Commons Net's data connections do not resume the control
     * connection's TLS session, which Wharf requires by default, so this server does not.
     */
    @RegisterExtension
    static final WharfExtension FTPS = WharfExtension.builder()
            .user("reports", "s3cret")
            .dataSessionReuse(DataSessionReuse.OFF)
            .build();

    @TempDir
    Path work;

    @BeforeEach
    void emptyServer(WharfTestServer server) {
        server.reset();
    }

    @Test
    void uploadsTheReportIntoItsFolderOverFtps(WharfTestServer server) throws IOException {
        byte[] csv = "month,total\n2026-11,1234\n".getBytes(StandardCharsets.UTF_8);
        Path report = Files.write(work.resolve("2026-11.csv"), csv);

        uploader(server, "s3cret").upload(report, "/outbox");

        assertArrayEquals(csv, Files.readAllBytes(server.file("reports/outbox/2026-11.csv")));
        List<WharfEvent.TransferEnded> uploads = server.events().uploads();
        assertEquals(1, uploads.size());
        assertEquals("/outbox/2026-11.csv", uploads.get(0).path());
        assertEquals(csv.length, uploads.get(0).bytes());
    }

    @Test
    void aRefusedLoginIsAnError(WharfTestServer server) throws IOException {
        Path report = Files.writeString(work.resolve("r.csv"), "x");

        IOException e = assertThrows(IOException.class, () -> uploader(server, "wrong").upload(report, "/outbox"));

        assertTrue(e.getMessage().startsWith("login refused: 530"), e.getMessage());
        assertEquals(1, server.events().failedLogins().size());
        assertTrue(server.events().uploads().isEmpty());
    }

    private static ReportUploader uploader(WharfTestServer server, String password) {
        return new ReportUploader(server.host(), server.explicitPort(), "reports", password, server.sslContext());
    }
}
