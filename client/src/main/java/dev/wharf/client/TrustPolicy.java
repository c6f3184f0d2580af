package dev.wharf.client;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * How the client decides to trust the server's certificate. Certificates are checked on the
 * control connection and on every data connection that does a full handshake (a resumed one shows
 * no certificate: it inherits the control session's check).
 */
public sealed interface TrustPolicy {

    /** The JDK's trust store (the system CAs) and a host-name check against the certificate. Default. */
    static TrustPolicy system() {
        return new SystemCas();
    }

    /**
     * Trusts certificates issued by (or equal to) one of {@code anchors}, with a host-name check: for a
     * private CA, or a self-signed server certificate that carries the right names.
     */
    static TrustPolicy anchors(List<X509Certificate> anchors) {
        return new Anchors(List.copyOf(anchors));
    }

    /**
     * Trusts exactly the certificates with these SHA-256 fingerprints (hex, colons optional, as
     * {@code openssl x509 -fingerprint -sha256} prints them), whoever issued them and whatever names
     * they carry.
     */
    static TrustPolicy pinned(String... sha256Fingerprints) {
        if (sha256Fingerprints.length == 0) {
            throw new IllegalArgumentException("pin at least one SHA-256 fingerprint");
        }
        return new Pinned(Set.of(sha256Fingerprints).stream().map(TrustPolicy::normalizeFingerprint)
                .collect(Collectors.toUnmodifiableSet()));
    }

    /**
     * Trust on first use, like SSH's known_hosts: the first certificate seen for a host and port is
     * recorded in {@code file} (with a warning in the log); later, only that certificate is accepted.
     * A different one is refused with a loud error naming both fingerprints, until its line is
     * removed from the file.
     */
    static TrustPolicy knownHosts(Path file) {
        return new KnownHosts(file);
    }

    /** The trust manager for one connection to {@code host} (as the user named it) and {@code port}. */
    X509ExtendedTrustManager trustManager(String host, int port);

    /** {@code AB:CD:...} upper case; accepts colons, spaces or none, any case, and an optional "SHA256:" prefix. */
    static String normalizeFingerprint(String fingerprint) {
        String hex = fingerprint.strip();
        if (hex.regionMatches(true, 0, "sha256:", 0, 7) || hex.regionMatches(true, 0, "sha-256:", 0, 8)) {
            hex = hex.substring(hex.indexOf(':') + 1);
        }
        hex = hex.replaceAll("[:\\s]", "").toUpperCase(Locale.ROOT);
        if (!hex.matches("[0-9A-F]{64}")) {
            throw new IllegalArgumentException("not a SHA-256 fingerprint (64 hex digits): " + fingerprint);
        }
        return hex.replaceAll("(..)(?!$)", "$1:");
    }

    record SystemCas() implements TrustPolicy {
        @Override
        public X509ExtendedTrustManager trustManager(String host, int port) {
            return new VerifyingTrustManager(CertificateChecks.systemTrustManager(), host);
        }
    }

    record Anchors(List<X509Certificate> anchors) implements TrustPolicy {
        @Override
        public X509ExtendedTrustManager trustManager(String host, int port) {
            return new VerifyingTrustManager(CertificateChecks.anchorTrustManager(anchors), host);
        }
    }

    record Pinned(Set<String> fingerprints) implements TrustPolicy {
        @Override
        public X509ExtendedTrustManager trustManager(String host, int port) {
            return new PinningTrustManager(fingerprints);
        }
    }

    record KnownHosts(Path file) implements TrustPolicy {
        @Override
        public X509ExtendedTrustManager trustManager(String host, int port) {
            return new KnownHostsTrustManager(new KnownHostsFile(file), host, port);
        }
    }
}
