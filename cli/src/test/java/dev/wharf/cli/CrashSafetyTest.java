package dev.wharf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.client.FtpsClient;
import dev.wharf.client.FtpsSession;
import dev.wharf.client.TlsMode;
import dev.wharf.client.TrustPolicy;
import dev.wharf.server.support.Await;
import dev.wharf.server.support.RawClient;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a real {@code wharf serve} process at a random point of an upload, for each
 * kind of upload, and what is on disk afterwards (issue 14 §2): an overwritten file is its old
 * version or its new one, byte for byte; a new file is absent or complete, never a prefix under its
 * name; an appended file keeps its old bytes; REST+STOR keeps the bytes before the offset; and the
 * next start cleans the leftover temporary files. {@code -Dwharf.crash.iterations=100} for the long
 * run (the default suite does a few).
 */
@Timeout(900)
class CrashSafetyTest {
    private static final int ITERATIONS = Integer.getInteger("wharf.crash.iterations", 4);
    private static final String PASSWORD = "crash-password";

    @TempDir
    Path dir;

    enum Kind { OVERWRITE, NEW_FILE, APPEND, REST_STOR }

    @Test
    @SuppressWarnings("EnumOrdinal") // counts per kind, indexed by the kind's position in values()
    void killedUploadsLoseNothingThatWasThere() throws Exception {
        Path users = ServeProcess.usersFileWithAlice(dir, PASSWORD);
        Path home = dir.resolve("alice");
        Random random = new Random(42);
        byte[] old = bytes(random, 300_000);
        byte[] upload = bytes(random, 4 * 1024 * 1024);
        int[] killed = new int[Kind.values().length];
        for (int i = 0; i < ITERATIONS; i++) {
            Kind kind = Kind.values()[i % Kind.values().length];
            Path target = home.resolve(kind.name().toLowerCase(Locale.ROOT) + ".bin");
            Files.deleteIfExists(target);
            if (kind != Kind.NEW_FILE) {
                Files.write(target, old);
            }
            long killAt = 1L + random.nextInt(upload.length + 64 * 1024); // sometimes after the last byte
            try (var serve = serve(users, i)) {
                try (FtpsSession session = FtpsClient.builder().host(RawClient.HOST).port(serve.explicitPort())
                        .mode(TlsMode.EXPLICIT).credentials("alice", PASSWORD)
                        .trust(TrustPolicy.pinned(serve.fingerprint())).replyTimeout(Duration.ofSeconds(20))
                        .build().connect()) {
                    String remote = "/" + target.getFileName();
                    switch (kind) {
                        case OVERWRITE, NEW_FILE -> session.upload(killingAfter(new ByteArrayInputStream(upload), killAt, serve), remote);
                        case APPEND -> session.append(killingAfter(new ByteArrayInputStream(upload), killAt, serve), remote);
                        case REST_STOR -> {
                            // The client resumes after the old bytes (REST at the remote size, then STOR).
                            Path local = dir.resolve("local.bin");
                            Files.write(local, upload);
                            Files.write(target, Arrays.copyOf(upload, old.length));
                            session.upload(local, remote, true, progress -> {
                                if (progress.bytes() >= killAt) {
                                    killQuietly(serve);
                                }
                            });
                        }
                    }
                    serve.kill(); // the upload ended before the kill point: kill now, after the 226
                } catch (IOException | UncheckedIOException expected) {
                    killed[kind.ordinal()]++; // the server went away mid-upload
                }
            }
            byte[] now = Files.exists(target) ? Files.readAllBytes(target) : null;
            String why = kind + " killed after " + killAt + " bytes";
            switch (kind) {
                case OVERWRITE -> assertThat(Arrays.equals(now, old) || Arrays.equals(now, upload)).as(why).isTrue();
                case NEW_FILE -> assertThat(now == null || Arrays.equals(now, upload)).as(why).isTrue();
                case APPEND -> {
                    assertThat(now).as(why).isNotNull();
                    assertThat(Arrays.copyOf(now, old.length)).as(why + ": the old bytes").isEqualTo(old);
                    assertThat(isPrefix(Arrays.copyOfRange(now, old.length, now.length), upload)).as(why).isTrue();
                }
                case REST_STOR -> {
                    assertThat(now).as(why).isNotNull();
                    assertThat(now.length).as(why).isGreaterThanOrEqualTo(old.length);
                    assertThat(isPrefix(now, upload)).as(why + ": the bytes before the offset, then a prefix of the rest").isTrue();
                }
            }
            // The next start removes what the killed upload left (its temporary file).
            try (var restarted = serve(users, i)) {
                Await.until("no leftover temporary files", () -> temporaries(home).isEmpty(), () -> temporaries(home).toString());
            }
        }
        System.out.printf("CrashSafetyTest: %d iterations, killed mid-upload: %s%n", ITERATIONS, Arrays.toString(killed));
    }

    /**
     * {@code wharf user add} killed with {@code kill -9} at random points: the users file is always
     * one that parses, holding the users before the add or after it, never truncated or empty
     * (UsersFile.save: temporary file, fsync, rename).
     */
    @Test
    void aUsersFileWriteKilledAtAnyPointLeavesAWholeFile() throws Exception {
        Path users = ServeProcess.usersFileWithAlice(dir, PASSWORD);
        Random random = new Random(7);
        int iterations = Math.max(4, ITERATIONS * 2);
        int added = 0;
        for (int i = 0; i < iterations; i++) {
            Process add = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(), "user", "add", "user" + i,
                    "--home", dir.resolve("alice").toString(), "--password-stdin", "--users-file", users.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("add.log").toFile()).start();
            add.getOutputStream().write("a long enough password\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            add.getOutputStream().close();
            Thread.sleep(200 + random.nextInt(1500)); // JVM start, PBKDF2 and the write fall somewhere in here
            add.destroyForcibly().waitFor();
            var file = dev.wharf.server.auth.UsersFile.load(users); // parses, or this throws
            assertThat(file.entries()).extracting(dev.wharf.server.auth.UsersFile.Entry::name).contains("alice");
            if (file.get("user" + i).isPresent()) {
                added++;
            }
        }
        // A kill between the temporary file's creation and its rename may leave that temporary beside
        // the users file: clutter, never the users file itself.
        System.out.printf("CrashSafetyTest: wharf user add killed %d times, %d had saved before the kill%n", iterations, added);
    }

    private ServeProcess serve(Path users, int i) throws Exception {
        return ServeProcess.start(dir.resolve("serve-" + i + ".log"), List.of(
                "--state-dir", dir.resolve("state").toString(), "--users-file", users.toString(),
                "--listen-addresses", RawClient.HOST, "--explicit-port", "0", "--implicit-port", "off",
                "--transfer-log", "off"));
    }

    private static List<Path> temporaries(Path home) {
        try (Stream<Path> files = Files.list(home)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isPrefix(byte[] part, byte[] whole) {
        return part.length <= whole.length && Arrays.equals(part, Arrays.copyOf(whole, part.length));
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** Kills the server once {@code killAt} bytes have been read from {@code in}. */
    private static InputStream killingAfter(InputStream in, long killAt, ServeProcess serve) {
        return new FilterInputStream(in) {
            private long read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read >= killAt) {
                    kill();
                }
                int n = super.read(b, off, (int) Math.min(len, Math.max(1, killAt - read)));
                if (n > 0) {
                    read += n;
                }
                return n;
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            private void kill() throws IOException {
                killQuietly(serve);
                throw new IOException("the server was killed");
            }
        };
    }

    private static void killQuietly(ServeProcess serve) {
        try {
            serve.kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
