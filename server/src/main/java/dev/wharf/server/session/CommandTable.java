package dev.wharf.server.session;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one table of command specifications. FEAT, HELP and OPTS are generated from it, never kept by
 * hand. Each command family defines its verbs in its own class.
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

    private final Map<String, CommandSpec> commands = new LinkedHashMap<>();
    private final List<CommandSpec.Builder> pending = new ArrayList<>();

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
        return table.seal();
    }

    /** Defines a verb whose handler takes its argument as text. {@code section}: the spec it implements. */
    CommandSpec.Builder define(String verb, String section, CommandSpec.Handler handler) {
        var b = new CommandSpec.Builder(verb, section, handler);
        pending.add(b);
        return b;
    }

    /** Defines a verb whose argument is parsed by {@code argument} before {@code handler} runs. */
    <A> CommandSpec.Builder define(String verb, String section, Argument<A> argument, CommandSpec.TypedHandler<A> handler) {
        return define(verb, section, (s, raw) -> handler.handle(s, argument.parse(raw)));
    }

    private CommandTable seal() {
        for (CommandSpec.Builder b : pending) {
            CommandSpec spec = b.build();
            if (commands.putIfAbsent(spec.verb(), spec) != null) {
                throw new IllegalStateException("command defined twice: " + spec.verb());
            }
        }
        pending.clear();
        return this;
    }

    CommandSpec get(String verb) {
        return commands.get(verb);
    }

    boolean isKnown(String verb) {
        return KNOWN_VERBS.contains(verb);
    }

    Collection<CommandSpec> all() {
        return Collections.unmodifiableCollection(commands.values());
    }
}
