package dev.wharf.cli;

import java.io.Console;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the program reads from its surroundings besides its arguments: environment variables, the
 * home directory (for {@code ~/.netrc} and {@code ~/.config/wharf/known_hosts}) and the terminal.
 * {@link #system()} is the real one; tests pass their own, since a JVM cannot change its own
 * environment variables.
 *
 * @param variables environment variables
 * @param home      the user's home directory
 * @param terminal  the console when standard input and output are a terminal, else null: password
 *                  prompts and progress bars need one
 */
public record Environment(Map<String, String> variables, Path home, Console terminal) {

    public Environment {
        variables = Map.copyOf(variables);
    }

    public static Environment system() {
        // $HOME first, as curl and ftp(1) read ~/.netrc; Java's user.home comes from the password database.
        String home = System.getenv("HOME");
        Path homeDir = Path.of(home != null && !home.isEmpty() ? home : System.getProperty("user.home"));
        return new Environment(System.getenv(), homeDir, interactiveConsole());
    }

    /** For tests: no terminal, these variables, this home directory. */
    public static Environment of(Map<String, String> variables, Path home) {
        return new Environment(variables, home, null);
    }

    public Optional<String> variable(String name) {
        return Optional.ofNullable(variables.get(name)).filter(v -> !v.isEmpty());
    }

    public Optional<Console> console() {
        return Optional.ofNullable(terminal);
    }

    /**
     * {@link System#console()}, but only when it is a terminal. From Java 22 on it also returns a
     * console when the streams are redirected; {@code Console.isTerminal()} (Java 22) tells them
     * apart, called reflectively since this code is compiled for Java 21.
     */
    @SuppressWarnings("SystemConsoleNull") // the null check is for Java 21; isTerminal for later ones
    static Console interactiveConsole() {
        Console console = System.console();
        if (console == null) {
            return null;
        }
        try {
            Object terminal = Console.class.getMethod("isTerminal").invoke(console);
            return Boolean.TRUE.equals(terminal) ? console : null;
        } catch (ReflectiveOperationException e) {
            return console; // Java 21: a non-null console is a terminal
        }
    }
}
