package dev.wharf.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * End-to-end checks of transfers against the server's HASH (draft-bryan-ftpext-hash): a digest of
 * the bytes as they pass, or, after a resumed transfer, of the whole local file, compared with the
 * server's checksum of the remote file.
 */
final class Checksums {
    private static final Logger LOG = LoggerFactory.getLogger(Checksums.class);

    /** SHA-256 first (fast with SHA-NI), then SHA-512, SHA-1, MD5. */
    static final List<String> PREFERENCE = List.of("SHA-256", "SHA-512", "SHA-1", "MD5");

    private final FtpsSession session;
    private final boolean enabled;

    Checksums(FtpsSession session, boolean enabled) {
        this.session = session;
        this.enabled = enabled;
    }

    /** The first algorithm of {@link #PREFERENCE} among those the server offers. */
    static Optional<String> choose(List<String> offered) {
        return PREFERENCE.stream().filter(offered::contains).findFirst();
    }

    /** The digest to compute during a whole transfer, or null when the result cannot be checked. */
    MessageDigest newDigest() {
        Optional<String> algorithm = enabled ? choose(session.features().hashAlgorithms()) : Optional.empty();
        return algorithm.map(Checksums::digest).orElse(null);
    }

    /**
     * Compares the digest of a whole transfer with the server's checksum.
     *
     * @param digest from {@link #newDigest()}, or null
     * @return the algorithm it was verified with, or null when it could not be
     * @throws FtpsException when the checksums differ
     */
    String verify(String remote, MessageDigest digest) throws IOException {
        if (digest == null) {
            return null;
        }
        return compareWithServer(remote, digest.getAlgorithm(), HexFormat.of().formatHex(digest.digest()),
                "the file was damaged in transit or changed on the server during the transfer");
    }

    /**
     * After a resumed transfer, or none because the copy was complete: compares the whole local file,
     * since only the whole one has a checksum on the server.
     */
    String verifyWholeFile(String remote, Path local) throws IOException {
        MessageDigest digest = newDigest();
        if (digest == null) {
            return null;
        }
        try (InputStream in = LocalFiles.reader(local, 0)) {
            byte[] buf = new byte[DataConnection.BUFFER_SIZE];
            for (int n; (n = in.read(buf)) > 0; ) {
                digest.update(buf, 0, n);
            }
        }
        return compareWithServer(remote, digest.getAlgorithm(), HexFormat.of().formatHex(digest.digest()),
                "the part transferred before does not match (the file changed in between?): transfer it again"
                        + " without resuming");
    }

    private String compareWithServer(String remote, String algorithm, String localHex, String likelyCause)
            throws IOException {
        String serverHex;
        try {
            serverHex = session.hash(remote, algorithm);
        } catch (FtpsReplyException e) {
            LOG.debug("HASH {} not available for {}: {}", algorithm, remote, e.getMessage());
            return null;
        }
        if (!serverHex.equalsIgnoreCase(localHex)) {
            throw new FtpsException("checksum mismatch for " + remote + ": " + algorithm + " is " + localHex
                    + " here but " + serverHex + " on the server; " + likelyCause);
        }
        return algorithm;
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            return null; // a JDK without it: the transfer goes unchecked rather than failing
        }
    }
}
