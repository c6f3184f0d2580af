package dev.wharf.cli;

import dev.wharf.admin.AdminApi;
import dev.wharf.cli.client.ExitCode;
import dev.wharf.server.auth.UserAdmin;
import dev.wharf.server.CertificateReloader;
import dev.wharf.server.WharfServer;
import dev.wharf.cli.config.ConfigException;
import dev.wharf.cli.config.ConfigFile;
import dev.wharf.cli.config.Deployment;
import dev.wharf.server.config.ServerConfig;
import dev.wharf.cli.config.Setting;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code wharf serve}: runs the server. Every {@link Setting} is an option here and a key in the
 * config file; options override the file.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Runs the FTPS server: an explicit FTPS listener (AUTH TLS) and an implicit FTPS listener (TLS from the first byte).",
            "With no config file it runs on an embedded default: files in ./wharf-home/files, a generated self-signed"
                    + " certificate, and a first user 'wharf' whose password is printed once.",
            "Settings come from defaults, then --config FILE (key = value lines), then these options.", ""})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Config file of 'key = value' lines, with the keys of the options below (without --).")
    Path config;

    @Option(names = "--print-config", description = "Print a config file listing every setting instead of serving: the ones given"
            + " (by --config and options) as active lines, the others commented out with their defaults. The packaged"
            + " /etc/wharf/wharf.conf is made this way. A keystore password is not printed.")
    boolean printConfig;

    @Option(names = {"-v", "--verbose"}, description = "Log every command and reply (never passwords).")
    boolean verbose;

    /** Adds one option per setting, so --help documents every setting with its default. */
    static void addSettingOptions(CommandSpec serve) {
        for (Setting s : Setting.values()) {
            serve.addOption(OptionSpec.builder("--" + s.key())
                    .paramLabel(label(s))
                    .type(String.class)
                    .description(s.description() + (s.defaultValue().isEmpty() ? "" : " Default: " + s.defaultValue() + "."))
                    .build());
        }
    }

    private static String label(Setting s) {
        String k = s.key();
        if (k.endsWith("-port")) return "PORT|off";
        if (k.endsWith("-timeout") || k.endsWith("-delay") || k.endsWith("-duration") || k.endsWith("-grace")) return "DURATION";
        if (k.startsWith("allow-") || k.startsWith("require-")) return "yes|no";
        if (k.startsWith("max-")) return "N";
        if (k.endsWith("-address") && !k.startsWith("passive")) return "IP:PORT|off";
        if (k.endsWith("-dir") || k.endsWith("-file") || k.endsWith("-home") || k.equals("tls-certificate")
                || k.equals("tls-key") || k.equals("tls-keystore")) return "PATH";
        return "VALUE";
    }

    @Override
    public Integer call() {
        long started = System.nanoTime();
        PrintStream out = System.out;
        Map<Setting, ConfigFile.Value> values;
        Deployment.Prepared prepared;
        Optional<InetSocketAddress> adminAddress;
        try {
            values = readSettings();
            if (printConfig) {
                out.print(ConfigFile.template(values));
                out.flush();
                return ExitCode.OK;
            }
            prepared = Deployment.prepare(values);
            adminAddress = AdminEndpoint.address(values);
        } catch (ConfigException e) {
            System.err.println("wharf: " + e.getMessage());
            return ExitCode.CONFIG;
        }
        WharfServer server;
        try {
            server = WharfServer.start(prepared.config());
        } catch (IOException e) {
            prepared.closeAuditLog();
            prepared.closeUsersDatabase();
            System.err.println("wharf: " + e.getMessage());
            return ExitCode.CONNECTION;
        }
        InetSocketAddress metricsAt = null;
        if (prepared.metrics().isPresent()) {
            try {
                metricsAt = prepared.metrics().get().serve(server);
            } catch (IOException e) {
                System.err.println("wharf: metrics-address " + prepared.metrics().get().address() + ": " + e.getMessage());
                server.stop(java.time.Duration.ZERO);
                return ExitCode.CONNECTION;
            }
        }
        CertificateReloader certificate = prepared.watchCertificate(server);
        // Before the banner, which says the server is ready: a SIGHUP sent on that word must find
        // the reload handler, not the JVM's default one, which would stop the server.
        var reload = new ServerReload(server, certificate, this::readSettings, values);
        reloadOnHangup(reload);
        AdminApi admin = null;
        var bannerLines = new ArrayList<String>();
        if (metricsAt != null) {
            String url = "http://" + Deployment.urlHost(metricsAt);
            bannerLines.add("metrics: " + url + "/metrics  health: " + url + "/health/ready");
        }
        if (adminAddress.isPresent()) {
            try {
                admin = startAdminApi(bannerLines, adminAddress.get(), AdminEndpoint.tokenFile(values), prepared, server, reload);
            } catch (IOException e) {
                System.err.println("wharf: admin API: " + e.getMessage());
                certificate.close();
                server.close();
                prepared.metrics().ifPresent(m -> m.metrics().close());
                prepared.closeAuditLog();
                return ExitCode.CONNECTION;
            }
        }
        printBanner(out, prepared, server, bannerLines, started);
        var stopped = new CountDownLatch(1);
        AdminApi adminToClose = admin;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (adminToClose != null) {
                adminToClose.close();
            }
            certificate.close();
            // Metrics last: /health/ready answers 503 while the server drains, then the port closes.
            server.close();
            prepared.metrics().ifPresent(m -> m.metrics().close());
            prepared.closeAuditLog();
            prepared.closeUsersDatabase();
            stopped.countDown();
        }, "wharf-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ExitCode.OK;
    }

    /** The settings: defaults, then the config file (read again on each reload), then the options. */
    private Map<Setting, ConfigFile.Value> readSettings() throws ConfigException {
        Map<Setting, ConfigFile.Value> values = new EnumMap<>(Setting.class);
        if (config != null) {
            values.putAll(ConfigFile.read(config));
        }
        for (Setting s : Setting.values()) {
            OptionSpec o = spec.findOption("--" + s.key());
            if (o != null && o.getValue() != null) {
                values.put(s, new ConfigFile.Value(o.getValue(), "option --" + s.key()));
            }
        }
        return values;
    }

    /**
     * SIGHUP, the daemon convention for "read your files again" ({@code systemctl reload}, certbot's
     * deploy hooks), reloads the certificate, the users and the live settings at once.
     * Where the platform has no SIGHUP (not POSIX), the file watches alone remain.
     */
    private static void reloadOnHangup(ServerReload reload) {
        try {
            Signals.onHangup(reload::run);
        } catch (IllegalArgumentException e) {
            System.err.println("wharf: SIGHUP is not available here (" + e.getMessage()
                    + "); the certificate and the users are still reloaded when their files change");
        }
    }

    /**
     * The admin API, its user edits through the same {@link UserAdmin} as {@code wharf user}, read by
     * the server at once.
     */
    private static AdminApi startAdminApi(List<String> bannerLines, InetSocketAddress address, Path tokenFile,
            Deployment.Prepared prepared, WharfServer server, ServerReload reload) throws IOException {
        AdminEndpoint.Token token = AdminEndpoint.readOrCreate(tokenFile);
        AdminApi api;
        try {
            api = AdminApi.start(server, address, token.value(),
                    prepared.userAdmin(server),
                    () -> outcome(reload.run()));
        } catch (IOException e) {
            throw new IOException("cannot listen on " + address.getAddress().getHostAddress() + " port " + address.getPort()
                    + ": " + e.getMessage(), e);
        }
        bannerLines.add("admin API: http://" + Deployment.urlHost(new InetSocketAddress(address.getAddress(), api.port()))
                + AdminApi.PREFIX + " (token " + (token.created() ? "generated in " : "in ") + tokenFile + ")");
        if (token.readableByOthers()) {
            bannerLines.add("WARNING: other users may read " + tokenFile + ", and so use the admin API: chmod 600 " + tokenFile);
        }
        return api;
    }

    /** A reload's report as the admin API answers it. */
    private static AdminApi.Outcome outcome(ServerReload.Report report) {
        var problems = new ArrayList<String>();
        report.certificateProblem().ifPresent(p -> problems.add("TLS certificate not reloaded, the old one stays: " + p));
        report.usersProblem().ifPresent(p -> problems.add("users not reloaded, those read before stay: " + p));
        report.settingsProblem().ifPresent(p -> problems.add("settings not reloaded, the server keeps those it has: " + p));
        return new AdminApi.Outcome(problems, report.applied(), report.needRestart());
    }

    private static void printBanner(PrintStream out, Deployment.Prepared p, WharfServer server, List<String> more,
            long startedNanos) {
        ServerConfig c = p.config();
        out.println("Wharf FTPS server");
        if (server.explicitPort() > 0) {
            out.println("  explicit FTPS (AUTH TLS) on port " + server.explicitPort());
        }
        if (server.implicitPort() > 0) {
            out.println("  implicit FTPS            on port " + server.implicitPort());
        }
        out.println("  certificate: " + p.certificateSource());
        out.println("  SHA-256 fingerprint: " + p.certificateFingerprint());
        out.println("  " + p.usersSource());
        for (String notice : p.notices()) {
            out.println("  " + notice);
        }
        for (String line : more) {
            out.println("  " + line);
        }
        String host = "127.0.0.1";
        if (server.explicitPort() > 0) {
            out.println("  try: curl --ssl-reqd --insecure --user wharf:PASSWORD ftp://" + host + ":" + server.explicitPort() + "/");
        }
        if (server.implicitPort() > 0) {
            out.println("       curl --insecure --user wharf:PASSWORD ftps://" + host + ":" + server.implicitPort() + "/");
        }
        long sinceJvmStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        out.printf("Ready in %d ms (%d ms since the JVM started). Press Ctrl+C to stop.%n",
                (System.nanoTime() - startedNanos) / 1_000_000, sinceJvmStart);
        if (!c.protection().requireTlsForLogin()) {
            out.println("WARNING: require-tls-for-login is off: passwords may cross the network in clear text.");
        }
        out.flush();
    }
}
