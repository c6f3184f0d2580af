package dev.wharf.cli.client;

import dev.wharf.client.FtpsSession;
import dev.wharf.client.TransferResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code wharf put LOCAL URL}: uploads one file. */
@Command(name = "put", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Uploads one file (STOR). The server's HASH of the file is compared with the local one when"
                + " it offers HASH."})
public final class PutCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "LOCAL", description = "The local file.")
    Path local;

    @Parameters(index = "1", paramLabel = "URL",
            description = "ftp://[user@]host[:port]/path/file or ftps://...; a path ending in / keeps the local name.")
    String url;

    @Option(names = "--resume", description = "Continue a shorter remote file from its size (SIZE, then APPE with the"
            + " rest); the whole file is compared with the server's HASH afterwards.")
    boolean resume;

    @Override
    String url() {
        return url;
    }

    @Override
    void checkArguments(FtpUrl target) throws CliFailure {
        if (Files.isDirectory(local)) {
            throw new CliFailure(ExitCode.LOCAL_FILE, local + " is a directory (use 'wharf mirror --reverse' for a directory)");
        }
        if (!Files.isRegularFile(local)) {
            throw new CliFailure(ExitCode.LOCAL_FILE, "no such local file: " + local);
        }
        if (!Files.isReadable(local)) {
            throw new CliFailure(ExitCode.LOCAL_FILE, "cannot read " + local + ": permission denied");
        }
    }

    @Override
    void run(FtpsSession session, FtpUrl target, Reporter reporter) throws IOException {
        String remote = target.namesDirectory() ? target.path() + local.getFileName() : target.path();
        ProgressBar bar = reporter.progress(local.getFileName().toString());
        long started = System.nanoTime();
        TransferResult result;
        try {
            // The library plans the resume (SIZE, then APPE) and checks the HASH, of the whole file after APPE.
            result = session.upload(local, remote, resume, bar);
        } finally {
            bar.finish();
        }
        TransferReport.of("put", remote, local, result, System.nanoTime() - started).print(reporter);
    }
}
