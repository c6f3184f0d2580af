package dev.wharf.server.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
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
 * LIST and MLSD of a folder of 10,000 files: reading the attributes and formatting the lines, the
 * server's share of test d). (In the server's package: the listing code is not public API.)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ListingBench {
    private Path dir;
    private List<Listings.Entry> entries;
    private final HashSet<String> facts = new HashSet<>(Listings.ALL_FACTS);

    @Setup
    public void createFolder() throws IOException {
        dir = Files.createTempDirectory("wharf-listing-bench");
        for (int i = 0; i < 10_000; i++) {
            Files.write(dir.resolve("file-" + i + ".txt"), new byte[100 + i % 900]);
        }
        entries = Listings.entries(dir);
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
    public List<Listings.Entry> readAttributes() throws IOException {
        return Listings.entries(dir);
    }

    @Benchmark
    public int formatList() {
        Instant now = Instant.now();
        int bytes = 0;
        for (Listings.Entry e : entries) {
            bytes += Listings.listLine(e, true, now).length();
        }
        return bytes;
    }

    @Benchmark
    public int formatMlsd() {
        int bytes = 0;
        for (Listings.Entry e : entries) {
            bytes += Listings.facts(e, "file", true, facts).length();
        }
        return bytes;
    }
}
