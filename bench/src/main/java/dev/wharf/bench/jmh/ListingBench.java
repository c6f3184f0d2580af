package dev.wharf.bench.jmh;

import dev.wharf.server.storage.LocalStorage;
import dev.wharf.server.storage.StorageEntry;
import dev.wharf.server.storage.StoragePath;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Listing a folder of 10,000 files through the storage SPI (LocalStorage): reading names and
 * attributes, the server's main share of test d). Formatting the LIST and MLSD lines is measured
 * end to end, with the rest of the server, by the load generator's test d): the bench uses public
 * API only.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ListingBench {
    private Path dir;
    private LocalStorage storage;

    @Setup
    public void createFolder() throws IOException {
        dir = Files.createTempDirectory("wharf-listing-bench");
        for (int i = 0; i < 10_000; i++) {
            Files.write(dir.resolve("file-" + i + ".txt"), new byte[100 + i % 900]);
        }
        storage = new LocalStorage(dir);
    }

    @TearDown
    public void deleteFolder() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    @Benchmark
    public List<StorageEntry> readAttributes() throws IOException {
        return storage.list(StoragePath.ROOT);
    }
}
