package dev.wharf.client;

/**
 * Told how a transfer is going, after each block of data (64 KiB) and once before the first, on the
 * thread that runs the transfer: keep it quick, and redraw a display only as often as it needs.
 */
@FunctionalInterface
public interface TransferListener {
    /** Listens to nothing. */
    TransferListener NONE = progress -> {};

    void progress(TransferProgress progress);
}
