package dev.wharf.cli.client;

import java.io.IOException;

/**
 * A read or write of a local file failed (disk full, I/O error), as opposed to the network: the
 * streams the commands hand to the client library wrap their failures in this, so that they end
 * the program with exit code 9 and not 7.
 */
final class LocalFileException extends IOException {
    LocalFileException(String message, IOException cause) {
        super(message, cause);
    }
}
