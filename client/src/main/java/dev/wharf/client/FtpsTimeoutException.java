package dev.wharf.client;

/** The server did not answer, or a connection did not open, within the configured timeout. */
public final class FtpsTimeoutException extends FtpsException {
    public FtpsTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
