package dev.wharf.cli.client;

import dev.wharf.client.FtpsSession;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rm}, {@code mv}, {@code mkdir}, {@code rmdir}: one control command each (RFC 959 4.1.3),
 * silent on success like their Unix namesakes, one JSON object with {@code --json}.
 */
public final class FileCommands {
    private FileCommands() {}

    private static void done(Reporter reporter, String command, String path, Json extra) {
        reporter.json(extra.put("command", command).put("path", path).put("ok", true));
    }

    /** The path of a URL argument, which must name something. */
    private static String pathOf(FtpUrl url) throws CliFailure {
        String p = url.path();
        if (p.isEmpty() || p.equals("/")) {
            throw new CliFailure(ExitCode.CONFIG, "the URL " + url + " names no file or directory");
        }
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Deletes a remote file (DELE).")
    public static final class Rm extends ClientCommand {
        @Parameters(index = "0", paramLabel = "URL", description = "ftp://[user@]host[:port]/path/file or ftps://...")
        String url;

        @Override
        String url() {
            return url;
        }

        @Override
        void checkArguments(FtpUrl target) throws CliFailure {
            pathOf(target);
        }

        @Override
        void run(FtpsSession session, FtpUrl target, Reporter reporter) throws IOException, CliFailure {
            String path = pathOf(target);
            session.delete(path);
            done(reporter, "rm", path, Json.object());
        }
    }

    @Command(name = "mv", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Renames or moves a remote file or directory (RNFR, RNTO) on the same server.")
    public static final class Mv extends ClientCommand {
        @Parameters(index = "0", paramLabel = "URL", description = "ftp://[user@]host[:port]/old/path or ftps://...")
        String url;

        @Parameters(index = "1", paramLabel = "NEW-PATH", description = "The new path on the same server, e.g. /new/path.")
        String newPath;

        @Override
        String url() {
            return url;
        }

        @Override
        void checkArguments(FtpUrl target) throws CliFailure {
            pathOf(target);
            if (newPath.contains("://")) {
                FtpUrl other = parseUrl(newPath);
                if (!other.host().equalsIgnoreCase(target.host()) || other.port() != target.port()) {
                    throw new CliFailure(ExitCode.CONFIG, "mv renames on one server: " + other.hostAndPort()
                            + " is not " + target.hostAndPort());
                }
                newPath = other.path();
            }
            if (newPath.isEmpty() || newPath.indexOf('\r') >= 0 || newPath.indexOf('\n') >= 0) {
                throw new CliFailure(ExitCode.CONFIG, "bad new path '" + newPath + "'");
            }
        }

        @Override
        void run(FtpsSession session, FtpUrl target, Reporter reporter) throws IOException, CliFailure {
            String from = pathOf(target);
            session.rename(from, newPath);
            done(reporter, "mv", from, Json.object().put("to", newPath));
        }
    }

    @Command(name = "mkdir", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Creates a remote directory (MKD).")
    public static final class Mkdir extends ClientCommand {
        @Parameters(index = "0", paramLabel = "URL", description = "ftp://[user@]host[:port]/path/dir or ftps://...")
        String url;

        @Option(names = {"-p", "--parents"}, description = "Also create missing parent directories; an existing"
                + " directory is not an error.")
        boolean parents;

        @Override
        String url() {
            return url;
        }

        @Override
        void checkArguments(FtpUrl target) throws CliFailure {
            pathOf(target);
        }

        @Override
        void run(FtpsSession session, FtpUrl target, Reporter reporter) throws IOException, CliFailure {
            String path = pathOf(target);
            if (parents) {
                int from = path.startsWith("/") ? 1 : 0;
                for (int slash = path.indexOf('/', from); ; slash = path.indexOf('/', slash + 1)) {
                    String prefix = slash < 0 ? path : path.substring(0, slash);
                    if (!session.isDirectory(prefix)) {
                        session.mkdir(prefix);
                    }
                    if (slash < 0) {
                        break;
                    }
                }
            } else {
                session.mkdir(path);
            }
            done(reporter, "mkdir", path, Json.object());
        }
    }

    @Command(name = "rmdir", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Removes an empty remote directory (RMD).")
    public static final class Rmdir extends ClientCommand {
        @Parameters(index = "0", paramLabel = "URL", description = "ftp://[user@]host[:port]/path/dir or ftps://...")
        String url;

        @Override
        String url() {
            return url;
        }

        @Override
        void checkArguments(FtpUrl target) throws CliFailure {
            pathOf(target);
        }

        @Override
        void run(FtpsSession session, FtpUrl target, Reporter reporter) throws IOException, CliFailure {
            String path = pathOf(target);
            session.rmdir(path);
            done(reporter, "rmdir", path, Json.object());
        }
    }
}
