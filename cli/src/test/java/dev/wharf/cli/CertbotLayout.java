package dev.wharf.cli;

import dev.wharf.protocol.tls.Identity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * PEM files laid out as certbot lays them out: {@code live/} holds symbolic links into
 * {@code archive/}, and a renewal writes new numbered files into {@code archive/} and then points the
 * links at them, certificate first.
 */
final class CertbotLayout {
    private final Path live;
    private final Path archive;
    private int renewals;

    CertbotLayout(Path dir, Identity first) throws IOException, GeneralSecurityException {
        live = Files.createDirectories(dir.resolve("live"));
        archive = Files.createDirectories(dir.resolve("archive"));
        renew(first);
    }

    Path fullchain() {
        return live.resolve("fullchain.pem");
    }

    Path privkey() {
        return live.resolve("privkey.pem");
    }

    void renew(Identity identity) throws IOException, GeneralSecurityException {
        renewals++;
        link(fullchain(), write("fullchain" + renewals + ".pem", pem("CERTIFICATE", identity.certificate().getEncoded())));
        link(privkey(), write("privkey" + renewals + ".pem", pem("PRIVATE KEY", identity.key().getEncoded())));
    }

    /** A file in archive/. */
    Path write(String name, String text) throws IOException {
        return Files.writeString(archive.resolve(name), text);
    }

    /** Points a link in live/ at {@code target} by renaming a new link over the old one, so that it never dangles. */
    void link(Path link, Path target) throws IOException {
        Path fresh = link.resolveSibling(link.getFileName() + ".new");
        Files.deleteIfExists(fresh);
        Files.createSymbolicLink(fresh, target);
        Files.move(fresh, link, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
