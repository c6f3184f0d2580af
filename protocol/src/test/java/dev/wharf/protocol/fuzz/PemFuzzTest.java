package dev.wharf.protocol.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wharf.protocol.tls.Identity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzz target: reading a certificate and key from PEM (files an admin or certbot writes, read again
 * on every change). A refusal is an IOException saying what is wrong; nothing else may come out.
 */
class PemFuzzTest {
    private static final Path FILE = temporaryFile();

    private static Path temporaryFile() {
        try {
            Path f = Files.createTempFile("wharf-fuzz-", ".pem");
            f.toFile().deleteOnExit();
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "2m")
    void pem(byte[] content) throws IOException {
        Files.write(FILE, content);
        try {
            Identity.loadPem(FILE, FILE);
        } catch (IOException refused) {
            // not a usable certificate and key
        }
    }
}
