package dev.wharf.cli.client;

import dev.wharf.client.FtpsException;
import dev.wharf.client.FtpsReplyException;
import dev.wharf.client.FtpsSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Compares a whole local file with the server's HASH of it (draft-bryan-ftpext-hash). The client
 * library does this itself after a full transfer; after a resumed one only the whole file can be
 * compared, which is done here.
 */
final class RemoteChecksum {
    private RemoteChecksum() {}

    /**
     * The algorithm the file was verified with, or empty when the server offers no HASH (or refuses
     * it for this file).
     *
     * @throws FtpsException when the checksums differ
     */
    static Optional<String> verify(FtpsSession session, String remote, Path local) throws IOException {
        List<String> offered = session.features().hashAlgorithms();
        String algorithm = List.of("SHA-256", "SHA-512", "SHA-1", "MD5").stream()
                .filter(offered::contains).findFirst().orElse(null);
        if (algorithm == null) {
            return Optional.empty();
        }
        String localHex = digest(local, algorithm);
        String serverHex;
        try {
            serverHex = session.hash(remote, algorithm);
        } catch (FtpsReplyException e) {
            return Optional.empty();
        }
        if (!serverHex.equalsIgnoreCase(localHex)) {
            throw new FtpsException("checksum mismatch for " + remote + ": " + algorithm + " is " + localHex
                    + " here but " + serverHex + " on the server; the resumed part does not match (the file"
                    + " changed in between?): transfer it again without --resume");
        }
        return Optional.of(algorithm);
    }

    private static String digest(Path file, String algorithm) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JDK", e);
        } catch (IOException e) {
            throw new LocalFileException("cannot read " + file + ": " + LocalFiles.describe(e), e);
        }
    }
}
