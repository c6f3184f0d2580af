package dev.wharf.server.session;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The one table of commands. FEAT and HELP are generated from it, never kept by hand. Each command
 * family registers its verbs in its own class.
 */
final class CommandTable {
    /**
     * Verbs of RFC 959, 2228, 2389, 2428, 2640, 3659, 7151 and common extensions: a verb in this set
     * but not in the table is known but not implemented (502); any other is unknown (500).
     */
    private static final Set<String> KNOWN_VERBS = Set.of(
            "ABOR", "ACCT", "ALLO", "APPE", "CDUP", "CWD", "DELE", "HELP", "LIST", "MKD", "MODE", "NLST", "NOOP",
            "PASS", "PASV", "PORT", "PWD", "QUIT", "REIN", "REST", "RETR", "RMD", "RNFR", "RNTO", "SITE", "SMNT",
            "STAT", "STOR", "STOU", "STRU", "SYST", "TYPE", "USER",
            "AUTH", "ADAT", "PROT", "PBSZ", "CCC", "MIC", "CONF", "ENC",
            "FEAT", "OPTS", "EPRT", "EPSV", "LANG", "MDTM", "SIZE", "MLST", "MLSD", "HOST", "MFMT", "MFCT", "MFF",
            "HASH", "RANG", "XCRC", "XMD5", "XSHA1", "XSHA256", "XSHA512", "XCUP", "XCWD", "XMKD", "XPWD", "XRMD", "AVBL");

    private final Map<String, Command> commands = new LinkedHashMap<>();

    static CommandTable standard() {
        var table = new CommandTable();
        SecurityCommands.register(table);
        LoginCommands.register(table);
        InfoCommands.register(table);
        ParameterCommands.register(table);
        DataPortCommands.register(table);
        TransferCommands.register(table);
        DirectoryCommands.register(table);
        FileCommands.register(table);
        return table;
    }

    void add(String verb, Need need, Command.Handler handler, String syntax) {
        add(verb, need, handler, syntax, null);
    }

    void add(String verb, Need need, Command.Handler handler, String syntax, Function<Session, String> feature) {
        if (commands.putIfAbsent(verb, new Command(verb, need, handler, syntax, feature)) != null) {
            throw new IllegalStateException("command registered twice: " + verb);
        }
    }

    Command get(String verb) {
        return commands.get(verb);
    }

    boolean isKnown(String verb) {
        return KNOWN_VERBS.contains(verb);
    }

    Collection<Command> all() {
        return Collections.unmodifiableCollection(commands.values());
    }
}
