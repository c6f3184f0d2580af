package dev.wharf.server.storage;

import java.nio.file.FileSystemException;

/**
 * The storage lacks what the operation needs. A {@link FileSystemException}, so every path that
 * already turns file-system failures into replies (the Dispatcher's catch, the handlers') catches
 * it too; {@link StorageErrors} is the one that names the capability.
 */
public final class UnsupportedCapabilityException extends FileSystemException {
    private final Capability capability;

    public UnsupportedCapabilityException(Capability capability) {
        super(null, null, "Not supported by this storage: " + capability.description());
        this.capability = capability;
    }

    public Capability capability() {
        return capability;
    }
}
