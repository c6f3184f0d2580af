package dev.wharf.server;

import dev.wharf.server.config.ServerConfig;
import dev.wharf.server.storage.LocalStorage;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the temporary files of uploads that a crash interrupted (uploads write to
 * {@code .wharf-upload-*.tmp} beside their target and rename it at the end: LocalStorage). Runs
 * once at start, in the background, over every known home folder, while the listeners already
 * accept: so only files last written before the server started are leftovers; a newer one belongs
 * to a live upload.
 */
final class UploadLeftovers {
    private static final Logger LOG = LoggerFactory.getLogger(UploadLeftovers.class);

    private UploadLeftovers() {}

    static void cleanInBackground(ServerConfig config) {
        Instant started = Instant.now();
        var homes = new ArrayList<Path>(config.authenticator().homes());
        if (config.anonymousHome() != null) {
            homes.add(config.anonymousHome());
        }
        if (homes.isEmpty()) {
            return;
        }
        Thread.ofVirtual().name("wharf-upload-cleanup").start(() -> {
            for (Path home : homes) {
                clean(home, started);
            }
        });
    }

    static void clean(Path home, Instant serverStart) {
        if (!Files.isDirectory(home)) {
            return;
        }
        try {
            Files.walkFileTree(home, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String name = file.getFileName().toString();
                    if (attrs.isRegularFile() && name.startsWith(LocalStorage.UPLOAD_TEMP_PREFIX)
                            && name.endsWith(LocalStorage.UPLOAD_TEMP_SUFFIX)
                            && attrs.lastModifiedTime().toInstant().isBefore(serverStart)) {
                        try {
                            Files.delete(file);
                            LOG.info("removed the leftover of an interrupted upload: {}", file);
                        } catch (IOException e) {
                            LOG.warn("cannot remove upload leftover {}: {}", file, e.toString());
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("cannot scan {} for upload leftovers: {}", home, e.toString());
        }
    }
}
