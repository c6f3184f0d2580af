package dev.wharf.cli.client;

import dev.wharf.cli.Environment;
import dev.wharf.cli.Main;
import dev.wharf.client.TlsMode;
import dev.wharf.client.TrustPolicy;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code wharf probe URL}: what an FTPS server supports, and where it departs from the specifications. */
@Command(name = "probe", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Connects to an FTPS server and reports, in one place: explicit and implicit FTPS support (the"
                + " URL's port, and the other flavour on port 990 or 21), TLS 1.3 and 1.2, the negotiated cipher, the"
                + " certificate chain (subject, issuer, validity, names, SHA-256 fingerprint) and whether it is"
                + " trusted, FEAT (AUTH, PBSZ/PROT, CCC, EPSV, MLSD, UTF8, HASH), AUTH SSL, and deviations from"
                + " MS-FTPS and RFC 4217.",
            "With credentials (user in the URL, password from WHARF_PASSWORD, ~/.netrc or the prompt) and a trusted"
                + " certificate it also logs in and opens data connections: EPSV and PASV, a LIST resuming the"
                + " control connection's TLS session, and a LIST with a new session, to see whether the server"
                + " requires session reuse. Without, it says what it skipped. It only reports what it tried.",
            "Exit code 0 when the probe ran, 3 when the URL's port is not reachable, 4 when no TLS handshake worked"
                + " there, 5 when the login failed."})
public final class ProbeCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "URL", description = "ftp://[user@]host[:port]/[dir] or ftps://...")
    String url;

    @Option(names = "--implicit-port", paramLabel = "PORT", defaultValue = "990",
            description = "For an ftp:// URL: the port to try implicit FTPS on. Default: ${DEFAULT-VALUE}.")
    int implicitPort;

    @Option(names = "--explicit-port", paramLabel = "PORT", defaultValue = "21",
            description = "For an ftps:// URL: the port to try explicit FTPS on. Default: ${DEFAULT-VALUE}.")
    int explicitPort;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        Environment env = main == null ? Environment.system() : main.environment();
        var reporter = new Reporter(output, env);
        try {
            FtpUrl target = ClientCommand.parseUrl(url);
            connection.check(target);
            if (connection.clearData || connection.active || connection.authSsl || connection.implicitSendsProt) {
                reporter.warn("probe tests AUTH SSL, PROT and PBSZ by itself and always uses passive, protected data"
                        + " connections: --prot-c, --active, --auth-ssl and --implicit-sends-prot are ignored");
            }
            int alternate = target.mode() == TlsMode.EXPLICIT ? implicitPort : explicitPort;
            if (alternate < 1 || alternate > 65535) {
                throw new CliFailure(ExitCode.CONFIG, "port " + alternate + " is not 1-65535");
            }
            Credentials credentials = Credentials.find(target, connection.netrc, env, reporter).orElse(null);
            TrustPolicy trust = connection.trustPolicy(connection.knownHostsFile(env));
            KnownHostsNotice notice = connection.knownHosts()
                    ? KnownHostsNotice.before(connection.knownHostsFile(env), target.host(), target.port()) : null;
            var prober = new Prober(target, alternate, trust, credentials, connection.tlsProtocols(),
                    connection.connectTimeout, connection.replyTimeout);
            ProbeReport report = prober.run();
            if (notice != null) {
                notice.announceIfNew(reporter);
            }
            report.print(reporter);
            return prober.exitCode();
        } catch (CliFailure f) {
            reporter.failure(f);
            return f.exitCode();
        }
    }
}
