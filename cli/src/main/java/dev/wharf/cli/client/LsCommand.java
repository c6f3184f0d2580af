package dev.wharf.cli.client;

import dev.wharf.client.FtpsSession;
import dev.wharf.client.RemoteFile;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code wharf ls URL}: a long listing of a remote directory. */
@Command(name = "ls", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Lists a remote directory: type, size, modification time and name, sorted by name.",
            "Uses MLSD where the server offers it (exact sizes, UTC times), LIST otherwise."})
public final class LsCommand extends ClientCommand {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @Parameters(index = "0", paramLabel = "URL", description = "ftp://[user@]host[:port]/dir (explicit FTPS) or ftps://... (implicit)")
    String url;

    @Override
    String url() {
        return url;
    }

    @Override
    void run(FtpsSession session, FtpUrl target, Reporter reporter) throws IOException {
        List<RemoteFile> entries = new ArrayList<>(session.list(target.path()));
        entries.sort(Comparator.comparing(RemoteFile::name));
        for (RemoteFile f : entries) {
            reporter.text(longLine(f));
            reporter.json(json(f));
        }
    }

    /** {@code d          -  2024-05-01 12:00  name}: type, size, time (UTC when exact), name. */
    static String longLine(RemoteFile f) {
        String size = f.size() < 0 ? "-" : Long.toString(f.size());
        String time = f.modified() == null ? "-" : TIME.format(f.modified());
        String name = f.name() + (f.linkTarget() != null ? " -> " + f.linkTarget() : "");
        return String.format(Locale.ROOT, "%c %14s  %-16s  %s", typeLetter(f.type()), size, time, name);
    }

    static Json json(RemoteFile f) {
        return Json.object()
                .put("name", f.name())
                .put("path", f.path())
                .put("type", typeName(f.type()))
                .put("size", f.size() < 0 ? null : f.size())
                .put("modified", f.modified() == null ? null : f.modified().toString())
                .put("modifiedExact", f.modifiedExact())
                .put("permissions", f.permissions())
                .put("linkTarget", f.linkTarget());
    }

    private static char typeLetter(RemoteFile.Type t) {
        return switch (t) {
            case FILE -> '-';
            case DIRECTORY -> 'd';
            case SYMBOLIC_LINK -> 'l';
            case OTHER -> '?';
        };
    }

    private static String typeName(RemoteFile.Type t) {
        return switch (t) {
            case FILE -> "file";
            case DIRECTORY -> "directory";
            case SYMBOLIC_LINK -> "link";
            case OTHER -> "other";
        };
    }
}
