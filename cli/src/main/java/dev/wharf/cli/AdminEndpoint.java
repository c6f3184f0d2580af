package dev.wharf.cli;

import dev.wharf.cli.config.ConfigException;
import dev.wharf.cli.config.ConfigFile;
import dev.wharf.cli.config.Setting;
import dev.wharf.protocol.IpLiterals;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/** The admin API's settings as {@code wharf serve} reads them: where it listens and its token file. */
final class AdminEndpoint {
    static final int DEFAULT_PORT = 9465;
    static final String DEFAULT_TOKEN_FILE = "wharf-home/admin-token";
    private static final int TOKEN_BYTES = 32;

    private AdminEndpoint() {}

    private static String value(Map<Setting, ConfigFile.Value> values, Setting s) {
        ConfigFile.Value v = values.get(s);
        return v != null ? v.text().strip() : s.defaultValue();
    }

    /** admin-address: empty when off. A port alone is on 127.0.0.1: the API is not for the network by default. */
    static Optional<InetSocketAddress> address(Map<Setting, ConfigFile.Value> values) throws ConfigException {
        String v = value(values, Setting.ADMIN_ADDRESS);
        if (v.isEmpty() || v.equalsIgnoreCase("off")) {
            return Optional.empty();
        }
        try {
            return Optional.of(parseAddress(v));
        } catch (IllegalArgumentException e) {
            ConfigFile.Value given = values.get(Setting.ADMIN_ADDRESS);
            throw new ConfigException((given == null ? "" : given.origin() + ": ") + Setting.ADMIN_ADDRESS.key() + ": " + e.getMessage());
        }
    }

    static InetSocketAddress parseAddress(String v) {
        int colon = v.lastIndexOf(':');
        if (colon < 0) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), port(v));
        }
        String host = v.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("write an IPv6 address in brackets, like [::1]:" + DEFAULT_PORT);
        }
        String literal = host;
        InetAddress address = IpLiterals.parse(literal) // never a DNS lookup
                .orElseThrow(() -> new IllegalArgumentException("'" + literal + "' is not an IP address literal"));
        return new InetSocketAddress(address, port(v.substring(colon + 1)));
    }

    private static int port(String v) {
        int p = Setting.port(v);
        if (p < 0) {
            throw new IllegalArgumentException("expected address:port or a port, like 127.0.0.1:" + DEFAULT_PORT);
        }
        return p;
    }

    static Path tokenFile(Map<Setting, ConfigFile.Value> values) {
        String v = value(values, Setting.ADMIN_TOKEN_FILE);
        if (v.isEmpty() || v.startsWith("<")) {
            String state = value(values, Setting.STATE_DIR);
            return Path.of(state.isEmpty() ? "wharf-home" : state).resolve("admin-token");
        }
        return Path.of(v);
    }

    /** The token in {@code file}, which is created with a random one (owner-only) when missing; true in {@code created}. */
    static Token readOrCreate(Path file) throws IOException {
        boolean created = false;
        if (!Files.exists(file)) {
            byte[] random = new byte[TOKEN_BYTES];
            new SecureRandom().nextBytes(random);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            try {
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException notPosix) {
                    Files.createFile(file); // Windows: the folder's ACLs apply
                }
                Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
                created = true;
            } catch (FileAlreadyExistsException anotherStartWroteIt) {
                // Read it below.
            }
        }
        String token = read(file);
        return new Token(token, created, readableByOthers(file));
    }

    /** Whether users other than the owner may read {@code file}; false where POSIX permissions do not apply. */
    private static boolean readableByOthers(Path file) throws IOException {
        try {
            var permissions = Files.getPosixFilePermissions(file);
            return permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ);
        } catch (UnsupportedOperationException notPosix) {
            return false;
        }
    }

    /** The token of a token file, as both {@code wharf serve} and {@code wharf admin} read it. */
    static String read(Path file) throws IOException {
        String token = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (token.length() < 16) {
            throw new IOException(file + ": the admin token must have at least 16 characters");
        }
        return token;
    }

    /** @param readableByOthers the file's permissions let other users read it: they could use the API */
    record Token(String value, boolean created, boolean readableByOthers) {
        @Override
        public String toString() {
            return "Token[created=" + created + ", readableByOthers=" + readableByOthers + "]"; // never the secret
        }
    }
}
