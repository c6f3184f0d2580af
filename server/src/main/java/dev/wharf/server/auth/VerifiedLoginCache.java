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
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers recent successful logins so that a partner's script that logs in fifty times a minute
 * does not pay for fifty slow password hashes (600,000 PBKDF2 rounds cost about 0.3 s of CPU each).
 *
 * <p>What is kept is an HMAC of name and password under a key that exists only in this process's
 * memory, never the password. Only a login that succeeded before can hit the cache: a wrong password
 * always takes the slow path, so guessing gets no faster. Entries expire after {@code ttl}.
 */
public final class VerifiedLoginCache implements Authenticator {
    private static final int MAX_ENTRIES = 10_000;

    private record Verified(byte[] tag, User user, Instant expires) {}

    private final Authenticator delegate;
    private final Duration ttl;
    private final Clock clock;
    private final SecretKeySpec key;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

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
        byte[] tag = tag(name, password);
        Instant now = clock.instant();
        Verified v = verified.get(name);
        if (v != null && now.isBefore(v.expires()) && MessageDigest.isEqual(v.tag(), tag)) {
            return Optional.of(v.user());
        }
        Optional<User> user = delegate.authenticate(name, password);
        if (user.isPresent()) {
            if (verified.size() >= MAX_ENTRIES) {
                verified.values().removeIf(e -> !now.isBefore(e.expires()));
                if (verified.size() >= MAX_ENTRIES) {
                    verified.clear();
                }
            }
            verified.put(name, new Verified(tag, user.get(), now.plus(ttl)));
        } else {
            verified.remove(name); // a wrong password ends the shortcut for this name
        }
        return user;
    }

    @Override
    public java.util.List<java.nio.file.Path> homes() {
        return delegate.homes();
    }

    private byte[] tag(String name, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(name.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(password.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }
}
