package dev.wharf.cli.client;

import dev.wharf.client.FtpsSession;
import dev.wharf.client.TransferResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code wharf get URL [LOCAL]}: downloads one file. */
@Command(name = "get", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Downloads one file (RETR). The server's HASH of the file is compared with the local one"
                + " when it offers HASH."})
public final class GetCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "URL", description = "ftp://[user@]host[:port]/path/file or ftps://...")
    String url;

    @Parameters(index = "1", arity = "0..1", paramLabel = "LOCAL",
            description = "The local file, or a directory to put it in. Default: the remote name, here.")
    Path local;

    @Option(names = "--resume", description = "Continue a partial local file from its size (REST STREAM, RFC 3659 5);"
            + " the whole file is compared with the server's HASH afterwards.")
    boolean resume;

    @Override
    String url() {
        return url;
    }

    @Override
    void checkArguments(FtpUrl target) throws CliFailure {
        if (target.namesDirectory()) {
            throw new CliFailure(ExitCode.CONFIG, "the URL " + target + " names a directory: get needs a file"
                    + " (use 'wharf mirror' for a directory)");
        }
    }

    @Override
    void run(FtpsSession session, FtpUrl target, Reporter reporter) throws IOException, CliFailure {
        String remote = target.path();
        Path file = localFile(target.fileName());
        ProgressBar bar = reporter.progress(file.getFileName().toString());
        long started = System.nanoTime();
        TransferResult result;
        try {
            // The library plans the resume, checks the HASH (of the whole file after a resume) and
            // reports progress; its total comes from SIZE, where a missing file fails first (550).
            result = session.download(remote, file, resume, bar);
        } finally {
            bar.finish();
        }
        TransferReport.of("get", remote, file, result, System.nanoTime() - started).print(reporter);
    }

    /** LOCAL, LOCAL/name when LOCAL is a directory, or ./name; its directory must exist. */
    private Path localFile(String remoteName) throws CliFailure {
        Path file = local == null ? Path.of(remoteName) : Files.isDirectory(local) ? local.resolve(remoteName) : local;
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new CliFailure(ExitCode.LOCAL_FILE, "local directory " + parent + " does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new CliFailure(ExitCode.LOCAL_FILE, file + " is a directory");
        }
        return file;
    }
}
