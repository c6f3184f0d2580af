package dev.wharf.cli.client;

import java.io.PrintStream;
import java.util.Locale;

/**
 * One line on the terminal, redrawn in place: name, percentage, bar, bytes, rate and time left.
 * Redrawn at most five times a second however often {@link #update} is called.
 */
class ProgressBar {
    /** Shows nothing: when the output is not a terminal, or with --quiet or --json. */
    static final ProgressBar NONE = new ProgressBar(null, "", -1) {
        @Override
        void update(long done) {}

        @Override
        void finish() {}
    };

    private static final long REDRAW_NANOS = 200_000_000L;
    private static final int BAR_WIDTH = 20;

    private final PrintStream err;
    private final String label;
    private final long total;
    private final long startNanos = System.nanoTime();
    private long startBytes = -1;
    private long lastDraw;
    private long done;

    ProgressBar(PrintStream err, String label, long total) {
        this.err = err;
        this.label = label.length() > 24 ? "…" + label.substring(label.length() - 23) : label;
        this.total = total;
    }

    /** {@code done}: bytes of the file present so far, including a resumed part. */
    void update(long done) {
        this.done = done;
        if (startBytes < 0) {
            startBytes = done;
        }
        long now = System.nanoTime();
        if (now - lastDraw >= REDRAW_NANOS) {
            lastDraw = now;
            draw(now);
        }
    }

    void finish() {
        draw(System.nanoTime());
        err.println();
    }

    private void draw(long now) {
        double seconds = Math.max(1e-3, (now - startNanos) / 1e9);
        double rate = (done - Math.max(0, startBytes)) / seconds;
        var line = new StringBuilder(String.format(Locale.ROOT, "\r%-24s ", label));
        if (total > 0) {
            int percent = (int) Math.min(100, done * 100 / total);
            int filled = percent * BAR_WIDTH / 100;
            line.append(String.format(Locale.ROOT, "%3d%% [%s%s] ", percent, "=".repeat(filled), " ".repeat(BAR_WIDTH - filled)));
            line.append(Sizes.human(done)).append('/').append(Sizes.human(total));
        } else {
            line.append(Sizes.human(done));
        }
        line.append("  ").append(Sizes.human((long) rate)).append("/s");
        if (total > 0 && rate > 0 && done < total) {
            long eta = (long) ((total - done) / rate);
            line.append(String.format(Locale.ROOT, "  ETA %d:%02d:%02d", eta / 3600, eta / 60 % 60, eta % 60));
        }
        line.append("   ");
        err.print(line);
        err.flush();
    }
}
