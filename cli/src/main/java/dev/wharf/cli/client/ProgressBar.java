package dev.wharf.cli.client;

import dev.wharf.client.TransferListener;
import dev.wharf.client.TransferProgress;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * One line on the terminal, redrawn in place: name, percentage, bar, bytes, rate and time left, all
 * as the client library measures them. Redrawn at most five times a second however often the
 * library reports.
 */
class ProgressBar implements TransferListener {
    /** Shows nothing: when the output is not a terminal, or with --quiet or --json. */
    static final ProgressBar NONE = new ProgressBar(null, "") {
        @Override
        public void progress(TransferProgress progress) {}

        @Override
        void finish() {}
    };

    private static final long REDRAW_NANOS = 200_000_000L;
    private static final int BAR_WIDTH = 20;

    private final PrintStream err;
    private final String label;
    private long lastDraw = System.nanoTime() - REDRAW_NANOS; // the first report is drawn at once
    private TransferProgress last;

    ProgressBar(PrintStream err, String label) {
        this.err = err;
        this.label = label.length() > 24 ? "…" + label.substring(label.length() - 23) : label;
    }

    @Override
    public void progress(TransferProgress progress) {
        last = progress;
        long now = System.nanoTime();
        if (now - lastDraw >= REDRAW_NANOS) {
            lastDraw = now;
            draw(progress);
        }
    }

    /** Draws the last state and ends the line; nothing when no data was to move (a complete file). */
    void finish() {
        if (last != null) {
            draw(last);
            err.println();
        }
    }

    private void draw(TransferProgress p) {
        var line = new StringBuilder(String.format(Locale.ROOT, "\r%-24s ", label));
        if (p.total() >= 0) {
            int filled = p.percent() * BAR_WIDTH / 100;
            line.append(String.format(Locale.ROOT, "%3d%% [%s%s] ", p.percent(), "=".repeat(filled),
                    " ".repeat(BAR_WIDTH - filled)));
            line.append(Sizes.human(p.bytes())).append('/').append(Sizes.human(p.total()));
        } else {
            line.append(Sizes.human(p.bytes()));
        }
        line.append("  ").append(Sizes.human((long) p.bytesPerSecond())).append("/s");
        p.remaining().map(Duration::toSeconds).ifPresent(eta -> line.append(String.format(Locale.ROOT,
                "  ETA %d:%02d:%02d", eta / 3600, eta / 60 % 60, eta % 60)));
        line.append("   ");
        err.print(line);
        err.flush();
    }
}
