package dev.wharf.server.fs;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** FileView on the local file system (symbolic links need a POSIX system or Windows developer mode). */
class FileViewOnDiskTest extends FileViewContract {
    @TempDir
    Path temp;

    @Override
    Path root() {
        return temp.resolve("home");
    }

    @Override
    Path outside() {
        return temp.resolve("outside");
    }
}
