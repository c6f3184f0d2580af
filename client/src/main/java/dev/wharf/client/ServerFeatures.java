package dev.wharf.client;

import dev.wharf.protocol.FeatureSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the server announced in its FEAT reply (RFC 2389), read into the choices the client makes:
 * MLSD over LIST, EPSV over PASV, UTF-8 path names, resumable transfers, checksums.
 */
public record ServerFeatures(FeatureSet raw) {

    public static ServerFeatures none() {
        return new ServerFeatures(new FeatureSet());
    }

    /** RFC 3659 7: MLST and MLSD, machine-readable listings. */
    public boolean mlst() {
        return raw.has("MLST") || raw.has("MLSD");
    }

    /** RFC 2428: EPSV. Many servers support it without announcing it, so the client tries it anyway. */
    public boolean epsv() {
        return raw.has("EPSV");
    }

    /** RFC 2640 3.1: path names are UTF-8. */
    public boolean utf8() {
        return raw.has("UTF8");
    }

    /** RFC 3659 5: REST STREAM, restarting transfers at a byte offset. */
    public boolean restStream() {
        return raw.parameters("REST").map(p -> p.toUpperCase(Locale.ROOT).contains("STREAM")).orElse(false);
    }

    /** RFC 3659 4: SIZE. */
    public boolean size() {
        return raw.has("SIZE");
    }

    /** RFC 3659 3: MDTM. */
    public boolean mdtm() {
        return raw.has("MDTM");
    }

    /** draft-somers-ftp-mfxx: MFMT, setting a file's modification time. */
    public boolean mfmt() {
        return raw.has("MFMT");
    }

    /** RFC 4217 6 / MS-FTPS 4.2: AUTH TLS, AUTH SSL. */
    public boolean authTls() {
        return raw.lists("AUTH", "TLS");
    }

    public boolean authSsl() {
        return raw.lists("AUTH", "SSL");
    }

    /** RFC 4217 5: CCC. */
    public boolean ccc() {
        return raw.has("CCC");
    }

    /**
     * draft-bryan-ftpext-hash 3.1: the HASH algorithms, in the server's order, without the
     * {@code *} that marks the selected one.
     */
    public List<String> hashAlgorithms() {
        var algorithms = new ArrayList<String>();
        raw.parameters("HASH").ifPresent(p -> {
            for (String item : p.split(";")) {
                String a = item.strip();
                if (a.endsWith("*")) {
                    a = a.substring(0, a.length() - 1);
                }
                if (!a.isEmpty()) {
                    algorithms.add(a.toUpperCase(Locale.ROOT));
                }
            }
        });
        return List.copyOf(algorithms);
    }

    /** The algorithm HASH currently uses: the one marked with {@code *}. */
    public Optional<String> selectedHashAlgorithm() {
        return raw.parameters("HASH").flatMap(p -> {
            for (String item : p.split(";")) {
                String a = item.strip();
                if (a.endsWith("*")) {
                    return Optional.of(a.substring(0, a.length() - 1).toUpperCase(Locale.ROOT));
                }
            }
            return Optional.empty();
        });
    }

    public boolean has(String feature) {
        return raw.has(feature);
    }

    @Override
    public String toString() {
        return raw.toString();
    }
}
