package dev.wharf.client;

import java.util.List;

/**
 * What a mirror did.
 *
 * @param transferred relative paths of the files copied, in order
 * @param unchanged   how many files were already the same (size and modification time)
 * @param deleted     relative paths removed from the target (with {@link MirrorOptions#delete()})
 * @param bytes       bytes copied
 */
public record MirrorResult(List<String> transferred, int unchanged, List<String> deleted, long bytes) {
    public MirrorResult {
        transferred = List.copyOf(transferred);
        deleted = List.copyOf(deleted);
    }
}
