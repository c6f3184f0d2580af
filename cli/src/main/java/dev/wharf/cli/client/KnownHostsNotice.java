package dev.wharf.cli.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Trust on first use, made visible: before connecting, looks whether the known-hosts file already
 * has the server; if it had not and the client library has now recorded a certificate (which it
 * does during the handshake, whether the login then succeeds or not), prints its fingerprint for
 * the user to compare with the one the administrator gave. The file's format is the client
 * library's: {@code host:port SHA-256-fingerprint} lines and {@code #} comments.
 */
final class KnownHostsNotice {
    private final Path file;
    private final String host;
    private final int port;
    private final boolean knownBefore;

    private KnownHostsNotice(Path file, String host, int port, boolean knownBefore) {
        this.file = file;
        this.host = host;
        this.port = port;
        this.knownBefore = knownBefore;
    }

    static KnownHostsNotice before(Path file, String host, int port) {
        return new KnownHostsNotice(file, host, port, fingerprint(file, host, port).isPresent());
    }

    /** After a connection attempt: announces a certificate that was just trusted for the first time. */
    void announceIfNew(Reporter reporter) {
        if (knownBefore) {
            return;
        }
        fingerprint(file, host, port).ifPresent(fp -> reporter.warn("first connection to " + key(host, port)
                + ": trusting its certificate from now on, recorded in " + file + ".\n"
                + "  SHA-256 fingerprint: " + fp + "\n"
                + "  Compare it with the one the server's administrator gave you. A different certificate will be"
                + " refused until this line is removed from " + file + "."));
    }

    static String key(String host, int port) {
        String h = host.toLowerCase(Locale.ROOT);
        return (h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h) + ":" + port;
    }

    private static Optional<String> fingerprint(Path file, String host, int port) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String key = key(host, port);
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .map(l -> l.split("\\s+"))
                    .filter(parts -> parts.length >= 2 && parts[0].equalsIgnoreCase(key))
                    .map(parts -> parts[1])
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty(); // the client library reports an unreadable file when it checks the certificate
        }
    }
}
