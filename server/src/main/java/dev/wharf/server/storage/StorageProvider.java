package dev.wharf.server.storage;

import dev.wharf.server.auth.User;
import java.io.IOException;

/**
 * Gives each user who logs in their storage: the seam where a user's files may live on the local
 * disk, in memory, or in an object store. A provider may hand every session of a user the same
 * {@link Storage} (they are thread-safe) or a new one.
 */
@FunctionalInterface
public interface StorageProvider {
    Storage open(User user) throws IOException;

    /** Today's behaviour: each user's home folder, on whatever file system its path belongs to. */
    static StorageProvider homeFolders() {
        return user -> new LocalStorage(user.home());
    }

    /** Each user's home folder, with uploads flushed to the disk or not before their 226 ({@link UploadSync}). */
    static StorageProvider homeFolders(UploadSync sync) {
        return sync == UploadSync.ON_CLOSE ? homeFolders() : user -> new LocalStorage(user.home(), sync);
    }
}
