package dev.wharf.server;

import dev.wharf.protocol.Failures;
import dev.wharf.protocol.tls.Identity;
import dev.wharf.server.fs.Poller;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a running server's certificate and key again when their files change (certbot renewing in
 * place) or when asked ({@link #reload()}, which {@code wharf serve} calls on SIGHUP). Sessions
 * already open keep their certificate; new handshakes get the new one ({@link WharfServer#useIdentity}).
 * A new version that cannot be read, whose key does not belong to its certificate, or whose
 * certificate is not valid now is not used: the old certificate stays, with a warning that says why.
 *
 * <p>The files are polled about once a second and their contents compared, following symbolic links:
 * certbot points the links in {@code /etc/letsencrypt/live} at new files, others rename a new file
 * over the old one or rewrite it; all three show as new content. Not a WatchService, for the reasons
 * given in {@link dev.wharf.server.auth.WatchedUsersFile}: a link's target changes in another folder.
 * A change is loaded once the contents have stood still for one poll, so that a half-written file, or a
 * certificate written a moment before its key, is not tried (and warned about) too early.
 */
public final class CertificateReloader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateReloader.class);
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

    /** Reads the certificate and key from where they are kept. */
    @FunctionalInterface
    public interface Loader {
        Identity load() throws IOException;
    }

    private final WharfServer server;
    private final List<Path> files;
    private final Loader loader;
    private final Thread poller;

    // Guarded by this.
    private List<byte[]> seen;      // the contents looked at last (the one in use, or a rejected one)
    private List<byte[]> candidate; // new contents: loaded once they stand still for one poll

    private volatile String problem; // why the last reload was refused; null after a success

    private CertificateReloader(WharfServer server, List<Path> files, Loader loader) {
        this.server = server;
        this.files = List.copyOf(files);
        this.loader = loader;
        this.seen = digests();
        this.poller = Poller.every(POLL_INTERVAL, "wharf-certificate", this::check, LOG, "the certificate files " + this.files);
    }

    /**
     * Watches {@code files} (those {@code loader} reads; the server runs on what they hold now) and
     * gives {@code server} what {@code loader} reads whenever they change, until {@link #close()}.
     */
    public static CertificateReloader watch(WharfServer server, List<Path> files, Loader loader) {
        var reloader = new CertificateReloader(server, files, loader);
        reloader.poller.start();
        return reloader;
    }

    /**
     * Reads the certificate and key now, whether or not the files changed, and has new handshakes
     * present them; keeps the old ones and logs why when they are not usable. Returns whether the new
     * ones are in use.
     */
    public synchronized boolean reload() {
        try {
            // A key the JDK cannot build a key manager for fails in useIdentity, before anything is swapped.
            Identity next = validNow(loader.load());
            if (next.sha256Fingerprint().equals(server.identity().sha256Fingerprint())) {
                // A reload on demand (SIGHUP) with nothing renewed: say so, rather than "replaced".
                LOG.info("TLS certificate read again, unchanged: SHA-256 fingerprint {}", next.sha256Fingerprint());
            } else {
                server.useIdentity(next);
            }
        } catch (IOException | RuntimeException e) {
            // A file system exception's message is only its path: say what happened to it.
            problem = e instanceof FileSystemException f ? f.getFile() + ": " + Failures.describe(e) : Failures.describe(e);
            LOG.warn("TLS certificate not reloaded, still presenting SHA-256 fingerprint {}: {}",
                    server.identity().sha256Fingerprint(), problem);
            return false;
        }
        problem = null;
        return true;
    }

    /** A renewal that went wrong can leave an old or a premature certificate in place of the new one. */
    private static Identity validNow(Identity identity) throws IOException {
        X509Certificate leaf = identity.certificate();
        try {
            leaf.checkValidity();
        } catch (CertificateExpiredException e) {
            throw new IOException("the new certificate (SHA-256 fingerprint " + identity.sha256Fingerprint()
                    + ") expired on " + leaf.getNotAfter().toInstant(), e);
        } catch (CertificateNotYetValidException e) {
            throw new IOException("the new certificate (SHA-256 fingerprint " + identity.sha256Fingerprint()
                    + ") is not valid before " + leaf.getNotBefore().toInstant(), e);
        }
        return identity;
    }

    /** Why the last reload was refused; empty once one succeeded, or if none was refused. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    @Override
    public void close() {
        poller.interrupt();
    }

    /** One look at the files: the poller's step. */
    synchronized void check() {
        if (Thread.currentThread().isInterrupted()) {
            return; // closed: reading now would fail with ClosedByInterruptException
        }
        List<byte[]> now = digests();
        if (same(now, seen)) {
            candidate = null;
        } else if (!same(now, candidate)) {
            candidate = now;
        } else {
            seen = now;
            candidate = null;
            reload();
        }
    }

    /** The SHA-256 of each file's content, or null for a file that is missing or cannot be read. */
    private List<byte[]> digests() {
        var digests = new ArrayList<byte[]>();
        for (Path file : files) {
            try {
                digests.add(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
            } catch (IOException e) {
                digests.add(null); // missing or unreadable: the reload it leads to says why
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this JDK", e);
            }
        }
        return digests;
    }

    private static boolean same(List<byte[]> a, List<byte[]> b) {
        if (a == null || b == null || a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }
}
