package dev.wharf.client;

/**
 * Where a resumed transfer starts, from the sizes of the partial copy and of the source (REST STREAM
 * for downloads, RFC 3659 5; APPE after SIZE for uploads).
 *
 * @param offset   the byte to start at: the partial copy's size, or 0 to transfer everything
 * @param complete the copy is as long as the source: nothing to transfer, only to verify
 * @param restart  the copy is longer than the source, so it is not a part of it: start over
 */
record ResumePlan(long offset, boolean complete, boolean restart) {

    /**
     * @param copySize   bytes already at the target, 0 when it does not exist
     * @param sourceSize the whole source's size, or -1 when unknown (a server without SIZE), in
     *                   which case the copy is trusted to be a part of it
     */
    static ResumePlan of(long copySize, long sourceSize) {
        if (copySize <= 0) {
            return new ResumePlan(0, false, false); // even an empty source: a missing copy must be made
        }
        if (sourceSize < 0) {
            return new ResumePlan(copySize, false, false);
        }
        if (copySize == sourceSize) {
            return new ResumePlan(copySize, true, false);
        }
        if (copySize > sourceSize) {
            return new ResumePlan(0, false, true);
        }
        return new ResumePlan(copySize, false, false);
    }
}
