package dev.wharf.protocol.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Test data on the local disk: deterministic pseudo-random files and trees, and their SHA-256
 * digests, which is how every transfer test proves a copy byte-exact.
 */
public final class TestFiles {
    private TestFiles() {}

    public static byte[] randomBytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /**
     * A file of {@code size} pseudo-random bytes, written in chunks so large files need no large
     * array; missing parent folders are made.
     */
    public static Path randomFile(Path file, long size, long seed) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        var random = new Random(seed);
        byte[] chunk = new byte[1 << 20];
        try (var out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        }
        return file;
    }

    /**
     * {@code files} small files spread over nested folders under {@code root}, every folder holding at
     * least one file (so no copy can lose an empty one): sizes from 0 bytes up to about 64 KiB, a
     * few of each kind (empty, one byte, just over a 16 KiB TLS record), the rest random. The same
     * {@code seed} gives the same tree.
     */
    public static Path randomTree(Path root, int files, long seed) throws IOException {
        var random = new Random(seed);
        String[] dirs = {"", "a", "a/b", "a/b/c", "a/b/c/d", "e", "e/f", "g h", "g h/i"};
        int[] edgeSizes = {0, 0, 1, 16_385, 16_384, 65_536};
        for (int i = 0; i < files; i++) {
            Path dir = Files.createDirectories(root.resolve(dirs[i % dirs.length]));
            int size = i < edgeSizes.length ? edgeSizes[i] : random.nextInt(65_536);
            randomFile(dir.resolve("file-" + i + ".bin"), size, seed * 1_000_003 + i);
        }
        return root;
    }

    /** The SHA-256 of every regular file under {@code root}, by path relative to it ("a/b.txt"). */
    public static Map<String, String> sha256Tree(Path root) throws IOException {
        var digests = new TreeMap<String, String>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                digests.put(root.relativize(p).toString().replace(java.io.File.separatorChar, '/'), sha256(p));
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return digests;
    }

    public static String sha256(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            MessageDigest md = sha256();
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        }
    }

    public static String sha256(byte[] data) {
        return HexFormat.of().formatHex(sha256().digest(data));
    }

    /** Removes {@code root} and everything under it; nothing happens if it does not exist. */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
