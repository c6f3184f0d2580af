package dev.wharf.cli.client;

import dev.wharf.cli.Environment;
import dev.wharf.client.DataProtection;
import dev.wharf.client.FtpsClient;
import dev.wharf.client.TlsMode;
import dev.wharf.client.TrustPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** How to reach and trust the server: the options every client command shares. */
final class ConnectionOptions {
    @Option(names = "--plain", description = "Plain FTP without TLS. Not supported: the client always protects the"
            + " control connection, so passwords never cross the network in clear text.")
    boolean plain;

    @Option(names = "--auth-ssl", description = "Explicit FTPS: send AUTH SSL instead of AUTH TLS, for legacy"
            + " servers (MS-FTPS 3.1.5.4; the protocol is TLS either way).")
    boolean authSsl;

    @Option(names = "--prot-c", description = "Clear data connections (PROT C): only the control connection,"
            + " with the password, is protected. Default: PROT P, data encrypted too.")
    boolean clearData;

    @Option(names = "--active", description = "Active data connections (EPRT/PORT): the server connects to this"
            + " machine. Default: passive (EPSV, then PASV).")
    boolean active;

    @Option(names = "--tls", paramLabel = "1.2|1.3", description = "Allow only this TLS version. Default: 1.3 and 1.2.")
    String tlsVersion;

    @Option(names = "--implicit-sends-prot", description = "Implicit FTPS: send PBSZ 0 and PROT P anyway. MS-FTPS"
            + " 3.1.5.1 says not to, but vsftpd refuses protected transfers without them.")
    boolean implicitSendsProt;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "For the TCP connection and each TLS handshake. Default: ${DEFAULT-VALUE}.")
    Duration connectTimeout;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "How long to wait for each reply of the server. Default: ${DEFAULT-VALUE}.")
    Duration replyTimeout;

    @Option(names = "--data-timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "How long a data connection may stay silent. Default: ${DEFAULT-VALUE}.")
    Duration dataTimeout;

    @Option(names = "--pin", paramLabel = "SHA256", description = "Trust exactly the certificate with this SHA-256"
            + " fingerprint (as 'openssl x509 -fingerprint -sha256' and 'wharf serve' print it); may be repeated."
            + " Without --pin or --known-hosts the certificate must be signed by a CA of the system trust store and"
            + " name the host. There is no --insecure: for a self-signed server use --pin or --known-hosts.")
    List<String> pins = List.of();

    @Option(names = "--known-hosts", description = "Trust on first use, like SSH: the first certificate of a server is"
            + " recorded (and its fingerprint printed), and later only that one is accepted; a changed certificate"
            + " is refused loudly. The file is ~/.config/wharf/known_hosts.")
    boolean knownHosts;

    @Option(names = "--known-hosts-file", paramLabel = "FILE", description = "The known-hosts file; implies --known-hosts.")
    Path knownHostsFile;

    @Option(names = "--netrc", paramLabel = "FILE", description = "Read credentials from this netrc file instead of ~/.netrc.")
    Path netrc;

    /** Refuses combinations that cannot work, before anything is sent. */
    void check(FtpUrl url) throws CliFailure {
        if (plain) {
            throw new CliFailure(ExitCode.CONFIG, "plain FTP (--plain) is not supported: the Wharf client always"
                    + " protects the control connection with TLS, so passwords never cross the network in clear"
                    + " text. Use ftp://host/ for explicit FTPS (AUTH TLS) or ftps://host/ for implicit FTPS;"
                    + " --prot-c leaves only the data connections unencrypted");
        }
        if (authSsl && url.mode() == TlsMode.IMPLICIT) {
            throw new CliFailure(ExitCode.CONFIG, "--auth-ssl is for explicit FTPS (ftp://): implicit FTPS (ftps://)"
                    + " sends no AUTH command (MS-FTPS 3.1.5.1)");
        }
        if (implicitSendsProt && url.mode() == TlsMode.EXPLICIT) {
            throw new CliFailure(ExitCode.CONFIG, "--implicit-sends-prot is for implicit FTPS (ftps://): explicit"
                    + " FTPS always sends PBSZ and PROT (RFC 4217 8, 9)");
        }
        if (!pins.isEmpty() && knownHosts()) {
            throw new CliFailure(ExitCode.CONFIG, "use either --pin or --known-hosts, not both");
        }
        tlsProtocols();
        for (String pin : pins) {
            try {
                TrustPolicy.normalizeFingerprint(pin);
            } catch (IllegalArgumentException e) {
                throw new CliFailure(ExitCode.CONFIG, "--pin: " + e.getMessage());
            }
        }
    }

    boolean knownHosts() {
        return knownHosts || knownHostsFile != null;
    }

    Path knownHostsFile(Environment env) {
        return knownHostsFile != null ? knownHostsFile : env.home().resolve(".config/wharf/known_hosts");
    }

    /** --pin, --known-hosts, or the system trust store with a host-name check; call {@link #check} first. */
    TrustPolicy trustPolicy(Path knownHostsFile) {
        if (!pins.isEmpty()) {
            return TrustPolicy.pinned(pins.toArray(String[]::new));
        }
        return knownHosts() ? TrustPolicy.knownHosts(knownHostsFile) : TrustPolicy.system();
    }

    List<String> tlsProtocols() throws CliFailure {
        if (tlsVersion == null) {
            return List.of("TLSv1.3", "TLSv1.2");
        }
        return switch (tlsVersion.strip().toLowerCase(java.util.Locale.ROOT).replace("tlsv", "")) {
            case "1.3" -> List.of("TLSv1.3");
            case "1.2" -> List.of("TLSv1.2");
            default -> throw new CliFailure(ExitCode.CONFIG, "--tls " + tlsVersion + ": use 1.2 or 1.3 (older versions"
                    + " are broken, RFC 8996)");
        };
    }

    /** The client for {@code url}, with these options and credentials. */
    FtpsClient client(FtpUrl url, Credentials credentials, Environment env) throws CliFailure {
        check(url);
        try {
            FtpsClient.Builder b = FtpsClient.builder()
                    .host(url.host())
                    .port(url.port())
                    .mode(url.mode())
                    .credentials(credentials.user(), credentials.password())
                    .authMechanism(authSsl ? "SSL" : "TLS")
                    .dataProtection(clearData ? DataProtection.CLEAR : DataProtection.PRIVATE)
                    .sendPbszProtOnImplicit(implicitSendsProt)
                    .trust(trustPolicy(knownHostsFile(env)))
                    .tlsProtocols(tlsProtocols())
                    .connectTimeout(connectTimeout)
                    .replyTimeout(replyTimeout)
                    .dataTimeout(dataTimeout);
            if (active) {
                b.active(null);
            }
            return b.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CliFailure(ExitCode.CONFIG, e.getMessage());
        }
    }

    Duration connectTimeout() {
        return connectTimeout;
    }
}
