package dev.wharf.server.fs;

import java.io.IOException;
import java.nio.file.NotDirectoryException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A session's working directory and the virtual paths clients speak in ({@code /docs/a.txt}),
 * independent of where the files are: {@code ..} never climbs above the root, and the result is
 * always absolute and normalised. The storage behind it (local disk, object storage) confines the
 * rest, such as links that lead out of the root.
 */
public final class WorkingDirectory {
    private String cwd = "/";

    /** At the root. */
    public WorkingDirectory() {
    }

    /** Says whether a virtual path is a folder; {@link java.nio.file.NoSuchFileException} if nothing is there. */
    @FunctionalInterface
    public interface FolderCheck {
        boolean isFolder(String virtualPath) throws IOException;
    }

    public String workingDirectory() {
        return cwd;
    }

    /** The virtual, normalised form of a client path, relative to the working directory. */
    public String virtualPath(String clientPath) throws PathRefusedException {
        if (clientPath.indexOf('\0') >= 0) {
            throw new PathRefusedException("File names cannot contain NUL characters", true);
        }
        String p = clientPath.isEmpty() ? cwd : clientPath;
        Deque<String> parts = new ArrayDeque<>();
        if (!p.startsWith("/")) {
            for (String s : cwd.split("/")) {
                if (!s.isEmpty()) {
                    parts.addLast(s);
                }
            }
        }
        for (String s : p.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (parts.isEmpty()) {
                    throw new PathRefusedException("Path leads outside your home folder", false);
                }
                parts.removeLast();
                continue;
            }
            parts.addLast(s);
        }
        return "/" + String.join("/", parts);
    }

    /** CWD: the working directory changes only if {@code check} says the target is a folder. */
    public void changeDirectory(String clientPath, FolderCheck check) throws IOException {
        String v = virtualPath(clientPath);
        if (!check.isFolder(v)) {
            throw new NotDirectoryException(v);
        }
        cwd = v;
    }

    public void reset() {
        cwd = "/";
    }
}
