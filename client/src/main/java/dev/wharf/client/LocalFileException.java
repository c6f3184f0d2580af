package dev.wharf.client;

import java.io.IOException;

/**
 * A local file of a transfer could not be read or written (disk full, no permission, an I/O error):
 * the failure is on this machine, not the server's or the network's. The message names the file.
 */
public final class LocalFileException extends IOException {
    public LocalFileException(String message, IOException cause) {
        super(message, cause);
    }
}
