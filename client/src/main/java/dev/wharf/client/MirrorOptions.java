package dev.wharf.client;

/**
 * How a mirror runs.
 *
 * @param delete      remove files and directories from the target that the source no longer has
 * @param parallelism how many sessions transfer at once (each its own control connection)
 */
public record MirrorOptions(boolean delete, int parallelism) {
    public MirrorOptions {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
    }

    /** No deletion, one session. */
    public static MirrorOptions defaults() {
        return new MirrorOptions(false, 1);
    }

    public MirrorOptions withDelete(boolean v) {
        return new MirrorOptions(v, parallelism);
    }

    public MirrorOptions withParallelism(int v) {
        return new MirrorOptions(delete, v);
    }
}
