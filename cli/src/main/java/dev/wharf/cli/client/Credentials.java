package dev.wharf.cli.client;

import dev.wharf.cli.Environment;
import dev.wharf.protocol.Failures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;

/**
 * A user name and password, and where they came from. Passwords are never asked for on the
 * command line; in order, they come from:
 * <ol>
 * <li>the URL ({@code ftp://user:password@host/}): accepted, with a warning, since every user of the
 *     machine can read command lines ({@code ps}) and it lands in shell history;</li>
 * <li>the environment variable {@code WHARF_PASSWORD};</li>
 * <li>the netrc file ({@code ~/.netrc} or {@code --netrc FILE}): the {@code machine} entry for the
 *     host, or the {@code default} entry, which may also supply the user name;</li>
 * <li>a prompt on the terminal, without echo.</li>
 * </ol>
 * Without a user name anywhere the login is anonymous (RFC 1635), where the commands allow it.
 */
record Credentials(String user, String password) {
    static final String PASSWORD_VARIABLE = "WHARF_PASSWORD";

    /** RFC 1635: user "anonymous", an e-mail-like password. */
    static Credentials anonymous() {
        return new Credentials("anonymous", "anonymous@");
    }

    @Override
    public String toString() {
        return "Credentials[user=" + user + "]"; // never the password
    }

    /**
     * The credentials for {@code url}, or empty when it names no user and no netrc entry does.
     *
     * @param netrcOption the --netrc file, or null for ~/.netrc (which may be missing)
     */
    static Optional<Credentials> find(FtpUrl url, Path netrcOption, Environment env, Reporter reporter)
            throws CliFailure {
        if (url.password() != null) {
            reporter.warn("the password in the URL is visible to other users of this machine (ps, /proc) and is"
                    + " kept in your shell history; use " + PASSWORD_VARIABLE + ", ~/.netrc or the password prompt");
            return Optional.of(new Credentials(url.user(), url.password()));
        }
        Optional<Netrc.Entry> netrc = netrcEntry(url, netrcOption, env, reporter);
        String user = url.user() != null ? url.user() : netrc.map(Netrc.Entry::login).orElse(null);
        if (user == null) {
            return Optional.empty();
        }
        Optional<String> fromEnvironment = env.variable(PASSWORD_VARIABLE);
        if (fromEnvironment.isPresent()) {
            return Optional.of(new Credentials(user, fromEnvironment.get()));
        }
        Optional<String> fromNetrc = netrc.map(Netrc.Entry::password);
        if (fromNetrc.isPresent()) {
            return Optional.of(new Credentials(user, fromNetrc.get()));
        }
        if (env.console().isPresent()) {
            char[] typed = env.console().get().readPassword("Password for %s@%s: ", user, url.host());
            if (typed != null) {
                return Optional.of(new Credentials(user, new String(typed)));
            }
        }
        throw new CliFailure(ExitCode.CONFIG, "no password for " + user + "@" + url.host() + ": set "
                + PASSWORD_VARIABLE + ", add a 'machine " + url.host() + " login " + user + " password ...' line to"
                + " ~/.netrc (or give --netrc FILE), or run on a terminal to be asked for it");
    }

    private static Optional<Netrc.Entry> netrcEntry(FtpUrl url, Path netrcOption, Environment env, Reporter reporter)
            throws CliFailure {
        Path file = netrcOption != null ? netrcOption : env.home().resolve(".netrc");
        if (!Files.exists(file)) {
            if (netrcOption != null) {
                throw new CliFailure(ExitCode.CONFIG, "netrc file " + file + " does not exist");
            }
            return Optional.empty();
        }
        Netrc netrc;
        try {
            netrc = Netrc.read(file);
        } catch (IOException e) {
            throw new CliFailure(ExitCode.CONFIG, "cannot read netrc file " + file + ": " + Failures.describe(e));
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCode.CONFIG, file + ": " + e.getMessage());
        }
        Optional<Netrc.Entry> entry = netrc.find(url.host(), url.user());
        if (entry.isPresent() && entry.get().password() != null && readableByOthers(file)) {
            reporter.warn(file + " holds passwords and can be read by other users: chmod 600 " + file);
        }
        return entry;
    }

    private static boolean readableByOthers(Path file) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            return p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ);
        } catch (IOException | UnsupportedOperationException e) {
            return false; // not a POSIX file system: nothing to check
        }
    }
}
