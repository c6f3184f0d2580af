package dev.wharf.server.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What one session sees of the file system: a tree rooted at the user's home, with its own working
 * directory. Clients speak in virtual paths ({@code /docs/a.txt}); only this class turns them into
 * real {@link Path}s, and it refuses every path that would leave the root: {@code ..} above the root,
 * and symbolic links that point outside it. It works on any {@code java.nio.file} provider.
 */
public final class FileView {
    private final Path root;
    private final Path realRoot;
    private String cwd = "/";

    public FileView(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        Files.createDirectories(this.root);
        this.realRoot = this.root.toRealPath();
    }

    public String workingDirectory() {
        return cwd;
    }

    public Path root() {
        return root;
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
            if (s.indexOf('\\') >= 0 && root.getFileSystem().getSeparator().equals("\\")) {
                throw new PathRefusedException("File names cannot contain '\\'", true);
            }
            parts.addLast(s);
        }
        return "/" + String.join("/", parts);
    }

    /**
     * The real path for a client path. The path itself need not exist; where it or a parent does,
     * its real location (after following links) must be inside the root.
     */
    public Path resolve(String clientPath) throws IOException {
        return toReal(virtualPath(clientPath));
    }

    /** The real path of a virtual path already normalised by {@link #virtualPath}. */
    public Path toReal(String virtualPath) throws IOException {
        Path p = root;
        for (String s : virtualPath.split("/")) {
            if (!s.isEmpty()) {
                try {
                    p = p.resolve(s);
                } catch (java.nio.file.InvalidPathException e) {
                    throw new PathRefusedException("File name not allowed: " + s, true);
                }
            }
        }
        checkConfined(p);
        return p;
    }

    /** The virtual path of a real path inside the root. */
    public String toVirtual(Path real) {
        Path rel = root.relativize(real.toAbsolutePath().normalize());
        String s = rel.toString().replace(root.getFileSystem().getSeparator(), "/");
        return s.isEmpty() ? "/" : "/" + s;
    }

    /** Says whether a virtual path is a folder; {@link NoSuchFileException} if nothing is there. */
    @FunctionalInterface
    public interface FolderCheck {
        boolean isFolder(String virtualPath) throws IOException;
    }

    /** CWD in this view's own root: the target must be a directory inside it. */
    public void changeDirectory(String clientPath) throws IOException {
        changeDirectory(clientPath, v -> {
            Path real = toReal(v);
            if (!Files.exists(real)) {
                throw new NoSuchFileException(v);
            }
            return Files.isDirectory(real);
        });
    }

    /**
     * CWD where {@code check} knows what is a folder: the session asks its storage, which may not
     * be this root's file system. The working directory changes only if the target is one.
     */
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

    /**
     * Follows links on the longest existing prefix of {@code p} and checks that it stays inside the
     * root: a link inside the home that points to /etc is refused here.
     */
    private void checkConfined(Path p) throws IOException {
        Path existing = p;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new PathRefusedException("Path leads outside your home folder", false);
        }
        Path real;
        try {
            real = existing.toRealPath();
        } catch (NoSuchFileException e) {
            // A dangling symbolic link: where it would point cannot be checked, so it is not followed.
            throw new PathRefusedException("Path is a broken link", false);
        }
        if (!real.startsWith(realRoot)) {
            throw new PathRefusedException("Path leads outside your home folder", false);
        }
    }
}
