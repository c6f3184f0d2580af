package dev.wharf.cli;

import dev.wharf.cli.client.ExitCode;
import dev.wharf.cli.client.FileCommands;
import dev.wharf.cli.client.GetCommand;
import dev.wharf.cli.client.LsCommand;
import dev.wharf.cli.client.MirrorCommand;
import dev.wharf.cli.client.ProbeCommand;
import dev.wharf.cli.client.PutCommand;
import java.io.IOException;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/** The {@code wharf} program. Subcommands live in their own classes. */
@Command(name = "wharf", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Wharf: an FTPS server and client (MS-FTPS, RFC 4217) for the JVM.",
        subcommands = {ServeCommand.class, UserCommand.class, AdminCommand.class,
            LsCommand.class, GetCommand.class, PutCommand.class,
            FileCommands.Rm.class, FileCommands.Mv.class, FileCommands.Mkdir.class, FileCommands.Rmdir.class,
            MirrorCommand.class, ProbeCommand.class,
            CommandLine.HelpCommand.class})
public final class Main {
    /** The commands that talk to a server as a client; they share options, exit codes and help text. */
    static final Set<String> CLIENT_COMMANDS = Set.of("ls", "get", "put", "rm", "mv", "mkdir", "rmdir", "mirror", "probe");

    private static final String[] CLIENT_FOOTER = {
        "",
        "URLs: ftp://[user@]host[:port]/path is explicit FTPS (AUTH TLS, port 21),",
        "  ftps://[user@]host[:port]/path is implicit FTPS (port 990).",
        "Passwords: WHARF_PASSWORD, ~/.netrc (or --netrc FILE), or a prompt without",
        "  echo; never an option. A password in the URL works, with a warning: other",
        "  users of the machine can see command lines.",
        "Certificates are checked against the system trust store and the host name.",
        "  There is no --insecure: for a self-signed server use --pin SHA256 or",
        "  --known-hosts (trust on first use).",
        ""};

    private final Environment environment;

    private Main(Environment environment) {
        this.environment = environment;
    }

    /** Where the commands find environment variables, the home directory and the terminal. */
    public Environment environment() {
        return environment;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return run(Environment.system(), args);
    }

    /** Runs the program with this environment instead of the process's (for tests). */
    public static int run(Environment environment, String... args) {
        Logging.configure(args);
        var cl = new CommandLine(new Main(environment));
        ServeCommand.addSettingOptions(cl.getSubcommands().get("serve").getCommandSpec());
        describeExitCodes(cl);
        cl.setExecutionExceptionHandler((e, command, parseResult) -> {
            // Expected failures (a users-file error, a bad name, no password source) are worded for
            // the user: print the message, not a stack trace. Anything else is a bug and keeps its trace.
            if (e instanceof IOException || e instanceof IllegalArgumentException) {
                System.err.println("wharf: " + e.getMessage());
                return ExitCode.USAGE;
            }
            throw e;
        });
        return cl.execute(args);
    }

    /** Exit code 1 for usage errors everywhere, and the exit-code table in the help of wharf and the client commands. */
    private static void describeExitCodes(CommandLine cl) {
        CommandSpec root = cl.getCommandSpec();
        setUsageExitCode(cl);
        root.usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCode.descriptions());
        for (String name : CLIENT_COMMANDS) {
            CommandSpec spec = cl.getSubcommands().get(name).getCommandSpec();
            spec.usageMessage().footer(CLIENT_FOOTER)
                    .exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCode.descriptions());
        }
    }

    private static void setUsageExitCode(CommandLine cl) {
        cl.getCommandSpec().exitCodeOnInvalidInput(ExitCode.USAGE);
        cl.getSubcommands().values().forEach(Main::setUsageExitCode);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"wharf " + (v == null ? "0.1.0-SNAPSHOT" : v) + " (Java " + Runtime.version() + ")"};
        }
    }
}
