package dev.wharf.server.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * What one session sees of the file system: a tree rooted at the user's home, with its own working
 * directory. Clients speak in virtual paths ({@code /docs/a.txt}); only this class turns them into
 * real {@link Path}s, and it refuses every path that would leave the root: {@code ..} above the root,
 * and symbolic links that point outside it. It works on any {@code java.nio.file} provider.
 */
public final class FileView {
    private final Path root;
    private final Path realRoot;
    private final WorkingDirectory directory = new WorkingDirectory();

    public FileView(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        Files.createDirectories(this.root);
        this.realRoot = this.root.toRealPath();
    }

    public String workingDirectory() {
        return directory.workingDirectory();
    }

    public Path root() {
        return root;
    }

    /** The virtual, normalised form of a client path ({@link WorkingDirectory}), one name per segment here. */
    public String virtualPath(String clientPath) throws PathRefusedException {
        String v = directory.virtualPath(clientPath);
        // On a file system whose separator is '\\', a name with one would be two names.
        if (v.indexOf('\\') >= 0 && root.getFileSystem().getSeparator().equals("\\")) {
            throw new PathRefusedException("File names cannot contain '\\'", true);
        }
        return v;
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

    /** CWD in this view's own root: the target must be a directory inside it. */
    public void changeDirectory(String clientPath) throws IOException {
        directory.changeDirectory(clientPath, v -> {
            Path real = toReal(v);
            if (!Files.exists(real)) {
                throw new NoSuchFileException(v);
            }
            return Files.isDirectory(real);
        });
    }

    public void reset() {
        directory.reset();
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
