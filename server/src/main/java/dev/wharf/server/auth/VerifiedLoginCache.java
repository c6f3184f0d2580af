package dev.wharf.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers recent successful logins so that a partner's script that logs in fifty times a minute
 * does not pay for fifty slow password hashes (600,000 PBKDF2 rounds cost about 0.3 s of CPU each).
 *
 * <p>What is kept is an HMAC of name and password under a key that exists only in this process's
 * memory, never the password. Only a login that succeeded before can hit the cache: a wrong password
 * always takes the slow path, so guessing gets no faster. Entries expire after {@code ttl}, and are
 * forgotten at once when the delegate reports that their user changed or is gone (while {@link #watch
 * watched}: a running server watches it).
 */
public final class VerifiedLoginCache implements Authenticator {
    private static final int MAX_ENTRIES = 10_000;

    @SuppressWarnings("ArrayRecordComponent") // a holder: the tag is compared in constant time, never by equals
    private record Verified(byte[] tag, User user, Instant expires) {}

    private final Authenticator delegate;
    private final Duration ttl;
    private final Clock clock;
    private final SecretKeySpec key;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    /** Counts {@link #forget} calls, so a login checked while users changed is not remembered. */
    private final AtomicLong forgets = new AtomicLong();

    public VerifiedLoginCache(Authenticator delegate, Duration ttl, Clock clock) {
        this.delegate = delegate;
        this.ttl = ttl;
        this.clock = clock;
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        this.key = new SecretKeySpec(k, "HmacSHA256");
    }

    @Override
    public Optional<User> authenticate(String name, String password) {
        return Authenticator.user(authenticate(new LoginRequest(name, password, ClientContext.unknown())));
    }

    /**
     * The remembered answer is keyed by name, password and client certificate, so a store that
     * decides on the certificate is asked again for another one.
     */
    @Override
    public AuthResult authenticate(LoginRequest request) {
        String name = request.name();
        byte[] tag = tag(name, request.password(), request.client().clientCertificates());
        Instant now = clock.instant();
        Verified v = verified.get(name);
        if (v != null && now.isBefore(v.expires()) && MessageDigest.isEqual(v.tag(), tag)) {
            return AuthResult.success(v.user());
        }
        long forgetsBefore = forgets.get();
        AuthResult result = delegate.authenticate(request);
        Optional<User> user = Authenticator.user(result);
        if (user.isPresent()) {
            if (verified.size() >= MAX_ENTRIES) {
                verified.values().removeIf(e -> !now.isBefore(e.expires()));
                if (verified.size() >= MAX_ENTRIES) {
                    verified.clear();
                }
            }
            var entry = new Verified(tag, user.get(), now.plus(ttl));
            verified.put(name, entry);
            if (forgets.get() != forgetsBefore) {
                // The delegate may have answered from the users as they were before a change that
                // arrived meanwhile; remembering that answer would outlive the change by a whole ttl.
                verified.remove(name, entry);
            }
        } else {
            verified.remove(name); // a wrong password ends the shortcut for this name
        }
        return result;
    }

    /** Drops the remembered logins of {@code names}: their next login takes the delegate's slow path. */
    public void forget(Set<String> names) {
        forgets.incrementAndGet();
        names.forEach(verified::remove);
    }

    /** Watches the delegate, forgetting the logins of changed and removed users before telling {@code listener}. */
    @Override
    public Subscription watch(UserChanges listener) {
        return delegate.watch((changedOrRemoved, removed) -> {
            forget(changedOrRemoved);
            listener.changed(changedOrRemoved, removed);
        });
    }

    @Override
    public void reload() throws java.io.IOException {
        delegate.reload(); // the watch above forgets the logins of the users it changed
    }

    @Override
    public java.util.List<java.nio.file.Path> homes() {
        return delegate.homes();
    }

    private byte[] tag(String name, String password, java.util.List<java.security.cert.X509Certificate> certificates) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(name.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(password.getBytes(StandardCharsets.UTF_8));
            if (!certificates.isEmpty()) {
                mac.update((byte) 0);
                mac.update(certificates.get(0).getEncoded());
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }
}
