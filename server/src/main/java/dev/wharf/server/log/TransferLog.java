package dev.wharf.server.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import dev.wharf.server.auth.User;
import dev.wharf.server.spi.ServerEvents;
import dev.wharf.server.spi.SessionInfo;
import dev.wharf.server.spi.Transfer;
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
 * It is the server's first event listener: it writes what {@link ServerEvents#transferCompleted} reports.
 */
public final class TransferLog implements ServerEvents, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TransferLog.class);
    private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT);

    private final FileChannel out;
    private boolean failing; // logged once per run of failures, not once per transfer

    private TransferLog(FileChannel out) {
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
        return new TransferLog(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE));
    }

    @Override
    public void transferCompleted(SessionInfo session, Transfer.Result r) {
        if (out == null) {
            return;
        }
        String user = session.user() == null ? "-" : session.user();
        String line = CTIME.format(ZonedDateTime.now(ZoneId.systemDefault()))
                + " " + Math.max(1, (r.duration().toMillis() + 500) / 1000)
                + " " + session.client().getAddress().getHostAddress()
                + " " + r.bytes()
                + " " + r.transfer().path().replace(' ', '_')
                + " " + (r.transfer().ascii() ? 'a' : 'b')
                + " _"
                + " " + (r.transfer().direction() == Transfer.Direction.UPLOAD ? 'i' : 'o')
                + " " + (user.equals(User.ANONYMOUS) ? 'a' : 'r')
                + " " + user
                + " ftp 0 *"
                + " " + (r.completed() ? 'c' : 'i')
                + "\n";
        write(line.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Appends one whole line or nothing: a write that fails halfway (a full disk takes what fits) is
     * cut back to where it started, so that log tools never read a broken line.
     */
    private synchronized void write(byte[] line) {
        long before = -1;
        try {
            before = out.size();
            ByteBuffer b = ByteBuffer.wrap(line);
            while (b.hasRemaining()) {
                out.write(b);
            }
            if (failing) {
                LOG.info("the transfer log is written again");
                failing = false;
            }
        } catch (IOException ex) {
            try {
                if (before >= 0) {
                    out.truncate(before);
                }
            } catch (IOException ignored) {
                // the line stays cut; nothing more can be done
            }
            if (!failing) {
                LOG.warn("cannot write the transfer log, its lines are dropped until it can: {}", ex.toString());
                failing = true;
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
