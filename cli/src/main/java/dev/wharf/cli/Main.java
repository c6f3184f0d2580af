package dev.wharf.cli;

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
