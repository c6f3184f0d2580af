package dev.wharf.server.storage;

import java.util.Optional;

/** How {@link Storage#openWrite} treats what the file held before. */
public sealed interface WriteMode {
    /**
     * STOR: the new content replaces the file, or creates it, at {@link Upload#commit()} and not
     * before; until then readers see the old content, and {@link Upload#abort()} leaves it.
     */
    WriteMode REPLACE = new Replace();

    /**
     * STOU: like {@link #REPLACE}, but the name must be free, and it is taken when openWrite
     * returns (an empty file holds it), so no other CREATE_NEW of that name succeeds; abort frees it.
     */
    WriteMode CREATE_NEW = new CreateNew();

    /** APPE: written in place at the end of the file, created if missing; needs {@link Capability#APPEND}. */
    WriteMode APPEND = new Append();

    /**
     * REST then STOR (RFC 3659 5.5): keeps the first {@code offset} bytes, drops the rest and
     * writes in place from there; needs {@link Capability#RANDOM_ACCESS_WRITE}. An offset beyond
     * the end throws {@link OffsetBeyondEndException} and changes nothing.
     */
    static WriteMode atOffset(long offset) {
        return new AtOffset(offset);
    }

    record Replace() implements WriteMode {
        @Override
        public Optional<Capability> requires() {
            return Optional.empty();
        }
    }

    record CreateNew() implements WriteMode {
        @Override
        public Optional<Capability> requires() {
            return Optional.empty();
        }
    }

    record Append() implements WriteMode {
        @Override
        public Optional<Capability> requires() {
            return Optional.of(Capability.APPEND);
        }
    }

    record AtOffset(long offset) implements WriteMode {
        public AtOffset {
            if (offset < 0) {
                throw new IllegalArgumentException("negative offset " + offset);
            }
        }

        @Override
        public Optional<Capability> requires() {
            return Optional.of(Capability.RANDOM_ACCESS_WRITE);
        }
    }

    /** The capability this mode needs, if any. */
    Optional<Capability> requires();
}
