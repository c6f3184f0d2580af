package dev.wharf.server.storage;

import java.io.IOException;

/**
 * The storage lacks what the operation needs. An {@link IOException}, so the handlers' existing
 * {@code catch (IOException e)} turns it into a reply: {@link StorageErrors} names the capability.
 */
public final class UnsupportedCapabilityException extends IOException {
    private final Capability capability;

    public UnsupportedCapabilityException(Capability capability) {
        super("Not supported by this storage: " + capability.description());
        this.capability = capability;
    }

    public Capability capability() {
        return capability;
    }
}
