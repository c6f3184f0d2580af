package dev.wharf.cli.client;

import dev.wharf.client.FtpsSession;
import dev.wharf.client.MirrorOptions;
import dev.wharf.client.MirrorResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code wharf mirror URL LOCALDIR} and {@code wharf mirror --reverse LOCALDIR URL}. */
@Command(name = "mirror", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Makes a directory a copy of another, recursively.",
            "Copies only files whose size or modification time differ; --delete removes what the source lacks.",
            "  wharf mirror URL LOCALDIR              downloads",
            "  wharf mirror --reverse LOCALDIR URL    uploads"})
public final class MirrorCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "SOURCE", description = "URL, or LOCALDIR with --reverse.")
    String source;

    @Parameters(index = "1", paramLabel = "TARGET", description = "LOCALDIR, or URL with --reverse.")
    String target;

    @Option(names = {"-R", "--reverse"}, description = "Upload: make the remote directory a copy of the local one.")
    boolean reverse;

    @Option(names = "--delete", description = "Delete files and directories of the target that the source lacks.")
    boolean delete;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "1",
            description = "Transfer N files at once, each on its own connection. Default: ${DEFAULT-VALUE}.")
    int parallel;

    @Override
    String url() {
        return reverse ? target : source;
    }

    private Path localDir() {
        return Path.of(reverse ? source : target);
    }

    @Override
    void checkArguments(FtpUrl url) throws CliFailure {
        if (parallel < 1 || parallel > 64) {
            throw new CliFailure(ExitCode.CONFIG, "--parallel must be 1-64");
        }
        Path local = localDir();
        if (local.toString().contains("://")) {
            throw new CliFailure(ExitCode.CONFIG, "the local directory '" + local + "' looks like a URL: "
                    + (reverse ? "wharf mirror --reverse LOCALDIR URL" : "wharf mirror URL LOCALDIR (or --reverse LOCALDIR URL)"));
        }
        if (reverse && !Files.isDirectory(local)) {
            throw new CliFailure(ExitCode.LOCAL_FILE, "no such local directory: " + local);
        }
        if (!reverse && Files.exists(local) && !Files.isDirectory(local)) {
            throw new CliFailure(ExitCode.LOCAL_FILE, local + " exists and is not a directory");
        }
    }

    @Override
    void run(FtpsSession session, FtpUrl url, Reporter reporter) throws IOException {
        var options = new MirrorOptions(delete, parallel);
        MirrorResult r = reverse ? session.mirrorUp(localDir(), url.path(), options)
                : session.mirrorDown(url.path(), localDir(), options);
        for (String path : r.transferred()) {
            reporter.text((reverse ? "uploaded   " : "downloaded ") + path);
        }
        for (String path : r.deleted()) {
            reporter.text("deleted    " + path);
        }
        reporter.summary(r.transferred().size() + " files " + (reverse ? "uploaded" : "downloaded") + " ("
                + Sizes.human(r.bytes()) + "), " + r.unchanged() + " unchanged, " + r.deleted().size() + " deleted");
        reporter.json(Json.object()
                .put("command", "mirror")
                .put("direction", reverse ? "up" : "down")
                .put("transferred", r.transferred())
                .put("unchanged", r.unchanged())
                .put("deleted", r.deleted())
                .put("bytes", r.bytes()));
    }
}
