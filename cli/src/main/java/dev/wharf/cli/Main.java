package dev.wharf.cli;

import java.io.IOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code wharf} program. Subcommands live in their own classes. */
@Command(name = "wharf", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Wharf: an FTPS server and client (MS-FTPS, RFC 4217) for the JVM.",
        subcommands = {ServeCommand.class, UserCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        Logging.configure(args);
        var cl = new CommandLine(new Main());
        ServeCommand.addSettingOptions(cl.getSubcommands().get("serve").getCommandSpec());
        cl.setExecutionExceptionHandler((e, command, parseResult) -> {
            // Expected failures (a users-file error, a bad name, no password source) are worded for
            // the user: print the message, not a stack trace. Anything else is a bug and keeps its trace.
            if (e instanceof IOException || e instanceof IllegalArgumentException) {
                System.err.println("wharf: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return cl.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"wharf " + (v == null ? "0.1.0-SNAPSHOT" : v) + " (Java " + Runtime.version() + ")"};
        }
    }
}
