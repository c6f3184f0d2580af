package dev.wharf.server.storage;

/**
 * What a backend can do beyond reading, replacing, listing, creating and removing, which every
 * backend can. An operation that needs a capability the backend lacks throws
 * {@link UnsupportedCapabilityException} naming it, and changes nothing.
 */
public enum Capability {
    /** Writing from an offset of an existing file: REST before STOR (RFC 3659 5), {@link WriteMode#atOffset}. */
    RANDOM_ACCESS_WRITE("writing from an offset (REST before STOR)"),
    /** Writing at the end of an existing file: APPE (RFC 959 4.1.3), {@link WriteMode#APPEND}. */
    APPEND("appending (APPE)"),
    /**
     * A rename that readers see happen at once. Gates nothing: without it a rename still works,
     * as a copy then a delete (an object store), and a reader may see both names or neither.
     */
    ATOMIC_RENAME("atomic rename"),
    /** Setting Unix permissions: SITE CHMOD. */
    CHMOD("Unix permissions (SITE CHMOD)"),
    /** Setting a modification time: MFMT (draft-somers-ftp-mfxx 3). */
    SET_MTIME("setting modification times (MFMT)"),
    /**
     * {@link Download#transferTo} hands the bytes to the socket without passing through the heap
     * (sendfile). Gates nothing: without it transferTo copies through a buffer.
     */
    ZERO_COPY_SEND("zero-copy sending");

    private final String description;

    Capability(String description) {
        this.description = description;
    }

    /** Words for a reply: "Not supported by this storage: appending (APPE)". */
    public String description() {
        return description;
    }
}
