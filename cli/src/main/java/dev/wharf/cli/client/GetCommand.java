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
        long remoteSize = session.features().size() ? session.size(remote) : -1; // a missing file fails here: 550
        long offset = 0;
        if (resume && Files.exists(file)) {
            long have = Files.size(file);
            if (have == remoteSize) {
                String verified = RemoteChecksum.verify(session, remote, file).orElse(null);
                new TransferReport("get", remote, file, 0, have, have, 0, verified, null).print(reporter);
                return;
            }
            if (remoteSize >= 0 && have > remoteSize) {
                reporter.warn(file + " is larger (" + have + " bytes) than " + remote + " on the server (" + remoteSize
                        + "): downloading it again");
            } else {
                offset = have;
            }
        }
        ProgressBar bar = reporter.progress(file.getFileName().toString(), remoteSize);
        long started = System.nanoTime();
        TransferResult result;
        try (var out = LocalFiles.writer(file, offset, bar::update)) {
            result = session.download(remote, out, offset);
            out.finish();
        } finally {
            bar.finish();
        }
        long nanos = System.nanoTime() - started;
        // The library checks the HASH of a whole download; a resumed one is checked here, as a whole file.
        String verified = offset == 0 ? result.hashAlgorithm() : RemoteChecksum.verify(session, remote, file).orElse(null);
        new TransferReport("get", remote, file, result.bytes(), offset, offset + result.bytes(), nanos, verified,
                result.tls()).print(reporter);
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
