package dev.wharf.server.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A salted, slow password hash: PBKDF2-HMAC-SHA256 from the JDK, stored in the PHC string form
 * {@code $pbkdf2-sha256$i=600000$<salt>$<hash>} (unpadded base64). 600,000 iterations is OWASP's
 * 2023 figure for PBKDF2-SHA256; the count is stored with each hash, so it can be raised later
 * without invalidating old entries.
 */
@SuppressWarnings("ArrayRecordComponent") // never compared as a whole: matches() compares the hash in constant time
public record PasswordHash(int iterations, byte[] salt, byte[] hash) {
    public static final int DEFAULT_ITERATIONS = 600_000;
    private static final String PREFIX = "$pbkdf2-sha256$";
    private static final int HASH_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    public static PasswordHash create(String password) {
        return create(password, DEFAULT_ITERATIONS);
    }

    public static PasswordHash create(String password, int iterations) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return new PasswordHash(iterations, salt, derive(password, salt, iterations));
    }

    public boolean matches(String password) {
        // Constant-time comparison: the time taken says nothing about how much of the hash matched.
        return MessageDigest.isEqual(hash, derive(password, salt, iterations));
    }

    /** By value, so that two versions of a users file compare equal where a hash is unchanged. */
    @Override
    public boolean equals(Object o) {
        return o instanceof PasswordHash p && iterations == p.iterations
                && java.util.Arrays.equals(salt, p.salt) && java.util.Arrays.equals(hash, p.hash);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * iterations + java.util.Arrays.hashCode(salt)) + java.util.Arrays.hashCode(hash);
    }

    public String encode() {
        return PREFIX + "i=" + iterations + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /** Parses the stored form; the message says what is wrong, for the users-file error. */
    public static PasswordHash parse(String encoded) {
        if (!encoded.startsWith(PREFIX)) {
            throw new IllegalArgumentException("password hash must start with " + PREFIX
                    + " (create entries with 'wharf user add', never by hand)");
        }
        String[] parts = encoded.substring(PREFIX.length()).split("\\$");
        if (parts.length != 3 || !parts[0].startsWith("i=")) {
            throw new IllegalArgumentException("password hash must look like " + PREFIX + "i=<iterations>$<salt>$<hash>");
        }
        try {
            int iterations = Integer.parseInt(parts[0].substring(2));
            if (iterations < 1000) {
                throw new IllegalArgumentException("password hash iteration count " + iterations + " is too low (at least 1000)");
            }
            byte[] salt = B64D.decode(parts[1]);
            byte[] hash = B64D.decode(parts[2]);
            if (salt.length == 0) {
                // PBEKeySpec refuses an empty salt: every login of this user would throw.
                throw new IllegalArgumentException("password hash salt is empty");
            }
            if (hash.length != HASH_BYTES) {
                throw new IllegalArgumentException("password hash value must be " + HASH_BYTES + " bytes, not " + hash.length
                        + " (is the line cut short?)");
            }
            return new PasswordHash(iterations, salt, hash);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("password hash iteration count is not a number");
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("password hash")) {
                throw e;
            }
            throw new IllegalArgumentException("password hash salt or value is not valid base64");
        }
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        try {
            var spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BYTES * 8);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        }
    }
}
