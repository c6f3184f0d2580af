package dev.wharf.server.log;

import java.io.IOException;
import java.io.Writer;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transfer log, one line per finished or failed transfer, in the xferlog(5) format that vsftpd
 * and ProFTPD write, so existing log tools read it:
 * <pre>Sun Nov 22 03:19:00 2026 1 127.0.0.1 1048576 /docs/a.bin b _ o r alice ftp 0 * c</pre>
 */
public final class TransferLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TransferLog.class);
    private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT);

    private final Writer out;

    private TransferLog(Writer out) {
        this.out = out;
    }

    /** A log appending to {@code file}, or a log that writes nothing when {@code file} is null. */
    public static TransferLog open(Path file) throws IOException {
        if (file == null) {
            return new TransferLog(null);
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return new TransferLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE));
    }

    public record Entry(InetAddress client, long bytes, String path, boolean ascii, boolean incoming,
                        boolean anonymous, String user, long millis, boolean complete) {}

    public void record(Entry e) {
        if (out == null) {
            return;
        }
        String line = CTIME.format(ZonedDateTime.now(ZoneId.systemDefault()))
                + " " + Math.max(1, (e.millis() + 500) / 1000)
                + " " + e.client().getHostAddress()
                + " " + e.bytes()
                + " " + e.path().replace(' ', '_')
                + " " + (e.ascii() ? 'a' : 'b')
                + " _"
                + " " + (e.incoming() ? 'i' : 'o')
                + " " + (e.anonymous() ? 'a' : 'r')
                + " " + e.user()
                + " ftp 0 *"
                + " " + (e.complete() ? 'c' : 'i')
                + "\n";
        synchronized (this) {
            try {
                out.write(line);
                out.flush();
            } catch (IOException ex) {
                LOG.warn("cannot write the transfer log: {}", ex.toString());
            }
        }
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // Nothing more to do.
            }
        }
    }
}
