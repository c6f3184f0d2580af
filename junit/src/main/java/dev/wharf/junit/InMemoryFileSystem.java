package dev.wharf.junit;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.nio.file.FileSystem;

/**
 * Jimfs, loaded only when a test asks for an in-memory file system: the dependency is optional, so
 * this class must not be touched before {@link #available()} said yes.
 */
final class InMemoryFileSystem {
    private InMemoryFileSystem() {}

    static boolean available() {
        try {
            Class.forName("com.google.common.jimfs.Jimfs", false, InMemoryFileSystem.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    static FileSystem open() {
        return Jimfs.newFileSystem(Configuration.unix());
    }
}
