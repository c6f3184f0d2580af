package dev.wharf.protocol;

import java.util.Locale;

/**
 * One parsed command line: the verb, upper-cased (RFC 959 5.3: verbs are case-insensitive), and the
 * argument exactly as sent after the first space, or an empty string.
 */
public record CommandLine(String verb, String argument) {

    public static CommandLine parse(String line) {
        int space = line.indexOf(' ');
        String verb = space < 0 ? line : line.substring(0, space);
        String argument = space < 0 ? "" : line.substring(space + 1);
        return new CommandLine(verb.trim().toUpperCase(Locale.ROOT), argument);
    }

    public boolean hasArgument() {
        return !argument.isBlank();
    }

    /** The line as sent by a client: the verb, and the argument after one space when there is one. */
    public String encode() {
        return argument.isEmpty() ? verb + "\r\n" : verb + " " + argument + "\r\n";
    }

    /** For logs: never print a password. */
    @Override
    public String toString() {
        return verb.equals("PASS") ? "PASS ****" : (argument.isEmpty() ? verb : verb + " " + argument);
    }
}
