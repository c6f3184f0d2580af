package dev.wharf.client;

import java.util.Optional;

/**
 * What one transfer did.
 *
 * @param bytes         bytes sent or received on the data connection in this transfer (after any
 *                      resume offset)
 * @param offset        the byte offset the transfer started at (REST or append after SIZE), 0 for a full one
 * @param tls           how the data connection was protected, or null with PROT C
 * @param hashAlgorithm the HASH algorithm the server's checksum was checked with, or null when the
 *                      server offers no HASH (draft-bryan-ftpext-hash) or checking was off
 */
public record TransferResult(long bytes, long offset, DataTls tls, String hashAlgorithm) {

    public Optional<DataTls> dataTls() {
        return Optional.ofNullable(tls);
    }

    public Optional<String> verifiedWith() {
        return Optional.ofNullable(hashAlgorithm);
    }
}
