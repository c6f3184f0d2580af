package dev.wharf.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Optional;

/**
 * A known-hosts file for FTPS: one line per server, {@code host:port SHA-256-fingerprint}, and
 * {@code #} comments. Hosts are compared without case; IPv6 literals are written in brackets.
 */
final class KnownHostsFile {
    private final Path file;

    KnownHostsFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    static String key(String host, int port) {
        String h = host.toLowerCase(Locale.ROOT);
        return (h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h) + ":" + port;
    }

    /** The fingerprint recorded for this host and port, if any. */
    synchronized Optional<String> lookup(String host, int port) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String key = key(host, port);
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] parts = l.split("\\s+");
            if (parts.length >= 2 && parts[0].equalsIgnoreCase(key)) {
                return Optional.of(TrustPolicy.normalizeFingerprint(parts[1]));
            }
        }
        return Optional.empty();
    }

    synchronized void add(String host, int port, String fingerprint) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        String line = key(host, port) + " " + fingerprint + System.lineSeparator();
        Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
