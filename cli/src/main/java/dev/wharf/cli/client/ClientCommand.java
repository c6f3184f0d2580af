package dev.wharf.cli.client;

import dev.wharf.cli.Environment;
import dev.wharf.cli.Main;
import dev.wharf.client.FtpsClient;
import dev.wharf.client.FtpsSession;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * What every client command does around its own work: read the URL and the credentials, connect,
 * log in, run, and turn any failure into a message and an {@link ExitCode}. Subclasses name the
 * URL and do the work on a logged-in session.
 */
abstract class ClientCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    /** The URL argument that names the server. */
    abstract String url();

    /** Checks the other arguments before connecting; a failure here costs no connection. */
    void checkArguments(FtpUrl url) throws CliFailure {}

    /** The command's work; failures are {@link IOException}s (mapped to exit codes) or {@link CliFailure}s. */
    abstract void run(FtpsSession session, FtpUrl url, Reporter reporter) throws IOException, CliFailure;

    Environment environment() {
        return main == null ? Environment.system() : main.environment();
    }

    @Override
    public final Integer call() {
        Environment env = environment();
        var reporter = new Reporter(output, env);
        try {
            FtpUrl url = parseUrl(url());
            connection.check(url);
            checkArguments(url);
            Credentials credentials = Credentials.find(url, connection.netrc, env, reporter).orElse(Credentials.anonymous());
            FtpsClient client = connection.client(url, credentials, env);
            try (FtpsSession session = connect(client, url, env, reporter)) {
                run(session, url, reporter);
            } catch (IOException e) {
                throw new CliFailure(ExitCode.whileRunning(e), e.getMessage(), e);
            }
            return ExitCode.OK;
        } catch (CliFailure f) {
            reporter.failure(f);
            return f.exitCode();
        }
    }

    static FtpUrl parseUrl(String text) throws CliFailure {
        try {
            return FtpUrl.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCode.CONFIG, e.getMessage());
        }
    }

    /** Connects and logs in; with --known-hosts, announces a certificate trusted for the first time. */
    private FtpsSession connect(FtpsClient client, FtpUrl url, Environment env, Reporter reporter) throws CliFailure {
        KnownHostsNotice notice = connection.knownHosts()
                ? KnownHostsNotice.before(connection.knownHostsFile(env), url.host(), url.port()) : null;
        try {
            return client.connect();
        } catch (IOException e) {
            throw new CliFailure(ExitCode.whileConnecting(e), e.getMessage(), e);
        } finally {
            if (notice != null) {
                notice.announceIfNew(reporter);
            }
        }
    }
}
