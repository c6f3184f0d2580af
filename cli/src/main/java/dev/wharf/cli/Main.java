package dev.wharf.cli;

import java.io.IOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code wharf} program. Subcommands live in their own classes. */
@Command(name = "wharf", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Wharf: an FTPS server and client (MS-FTPS, RFC 4217) for the JVM.",
        subcommands = {ServeCommand.class, UserCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    /** A bad option or unknown command; 2 is for configuration errors (see serve). */
    static final int USAGE_ERROR = 1;

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
        setUsageExitCode(cl);
        cl.setExecutionExceptionHandler((e, command, parseResult) -> {
            // Expected failures (a users-file error, a bad name, no password source) are worded for
            // the user: print the message, not a stack trace. Anything else is a bug and keeps its trace.
            if (e instanceof IOException || e instanceof IllegalArgumentException) {
                System.err.println("wharf: " + e.getMessage());
                return USAGE_ERROR;
            }
            throw e;
        });
        return cl.execute(args);
    }

    /** picocli's default for usage errors is 2, which wharf uses for configuration errors. */
    private static void setUsageExitCode(CommandLine cl) {
        cl.getCommandSpec().exitCodeOnInvalidInput(USAGE_ERROR);
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
