package dev.wharf.cli.client;

import dev.wharf.cli.Environment;
import java.io.PrintStream;

/**
 * Where the client commands write: results on standard output (text, or one JSON object per line
 * with {@code --json}), warnings, errors and progress bars on standard error.
 */
final class Reporter {
    private final boolean json;
    private final boolean quiet;
    private final boolean progressBars;
    private final PrintStream out;
    private final PrintStream err;

    Reporter(OutputOptions options, Environment env) {
        this.json = options.json;
        this.quiet = options.quiet;
        // Progress only on a terminal: never into a file or a pipe, where it would be noise.
        this.progressBars = !options.quiet && !options.json && env.console().isPresent();
        this.out = System.out;
        this.err = System.err;
    }

    boolean json() {
        return json;
    }

    /** A result line in text mode; nothing with --json (which writes {@link #json(Json)} instead). */
    void text(String line) {
        if (!json) {
            out.println(line);
        }
    }

    /** A line that only says how things went (a transfer summary); left out with --quiet. */
    void summary(String line) {
        if (!json && !quiet) {
            out.println(line);
        }
    }

    void json(Json object) {
        if (json) {
            out.println(object);
        }
    }

    /** Always shown, even with --quiet: the user must see it (a password in a URL, a new certificate). */
    void warn(String message) {
        err.println("wharf: warning: " + message);
    }

    /** The error that ends the command; with --json also as an object, so scripts see it in the stream. */
    void failure(CliFailure failure) {
        err.println("wharf: " + failure.getMessage());
        json(Json.object().put("ok", false).put("exitCode", failure.exitCode()).put("error", failure.getMessage()));
        out.flush();
    }

    ProgressBar progress(String label) {
        return progressBars ? new ProgressBar(err, label) : ProgressBar.NONE;
    }
}
