package dev.wharf.cli.client;

import dev.wharf.client.FtpsReplyException;
import dev.wharf.client.FtpsSession;
import dev.wharf.client.TransferResult;
import java.io.IOException;
import java.io.InputStream;
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
        long size = Files.size(local);
        long offset = resume ? remoteSizeOrZero(session, remote, reporter) : 0;
        if (resume && offset == size) {
            String verified = RemoteChecksum.verify(session, remote, local).orElse(null);
            new TransferReport("put", remote, local, 0, size, size, 0, verified, null).print(reporter);
            return;
        }
        if (offset > size) {
            reporter.warn(remote + " is larger on the server (" + offset + " bytes) than " + local + " (" + size
                    + "): uploading it again");
            offset = 0;
        }
        ProgressBar bar = reporter.progress(local.getFileName().toString(), size);
        long started = System.nanoTime();
        TransferResult result;
        try (InputStream in = LocalFiles.reader(local, offset, bar::update)) {
            result = offset > 0 ? session.append(in, remote) : session.upload(in, remote);
        } finally {
            bar.finish();
        }
        long nanos = System.nanoTime() - started;
        // The library checks the HASH of a whole upload; after APPE the whole file is compared here.
        String verified = offset == 0 ? result.hashAlgorithm() : RemoteChecksum.verify(session, remote, local).orElse(null);
        new TransferReport("put", remote, local, result.bytes(), offset, size, nanos, verified, result.tls())
                .print(reporter);
    }

    /** The size of the remote file to continue, 0 when it does not exist (550) or SIZE is not offered. */
    private static long remoteSizeOrZero(FtpsSession session, String remote, Reporter reporter) throws IOException {
        if (!session.features().size()) {
            reporter.warn("the server offers no SIZE (RFC 3659 4), so the upload cannot be resumed: sending the whole file");
            return 0;
        }
        try {
            return session.size(remote);
        } catch (FtpsReplyException e) {
            if (e.replyCode() == 550) {
                return 0; // nothing there yet
            }
            throw e;
        }
    }
}
