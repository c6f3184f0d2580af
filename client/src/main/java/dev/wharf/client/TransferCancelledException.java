package dev.wharf.client;

/** The transfer was cancelled with {@link FtpsSession#abort()}; the session is still usable. */
public final class TransferCancelledException extends FtpsException {
    public TransferCancelledException(String message) {
        super(message);
    }
}
