package dev.wharf.server.session;

import dev.wharf.protocol.FeatureSet;
import dev.wharf.protocol.Reply;
import dev.wharf.protocol.ReplyCode;
import dev.wharf.protocol.tls.Tls;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** SYST, NOOP, FEAT, OPTS, HELP and STAT: commands that work in every state. */
final class InfoCommands {
    private InfoCommands() {}

    static void register(CommandTable t) {
        t.define("FEAT", "RFC 2389 3", InfoCommands::feat);
        t.define("OPTS", "RFC 2389 4, RFC 2640 3.1", InfoCommands::opts).syntax("OPTS <command> [options]").feature("UTF8");
        t.define("SYST", "RFC 959 4.1.3", InfoCommands::syst);
        t.define("NOOP", "RFC 959 4.1.3", InfoCommands::noop).keepsRestart();
        t.define("HELP", "RFC 959 4.1.3", InfoCommands::help).syntax("HELP [command]");
        t.define("STAT", "RFC 959 4.1.3", InfoCommands::stat).syntax("STAT [path]").keepsRestart()
                .answered(CommandSpec.DuringTransfer.ANSWERED_WITHOUT_ARGUMENT);
    }

    /** RFC 2389 3.2 and RFC 4217 6; built from the command table and the session's policy. */
    static FeatureSet features(Session s) {
        var features = new FeatureSet();
        for (CommandSpec c : s.server.commands.all()) {
            if (c.feature() != null) {
                String line = c.feature().apply(s);
                if (line != null) {
                    features.add(line);
                }
            }
        }
        return features;
    }

    static void feat(Session s, String argument) throws IOException {
        s.reply(features(s).toReply());
    }

    /** RFC 2389 4; RFC 2640 3.1 for UTF8: path names are always UTF-8 here. */
    static void opts(Session s, String argument) throws IOException {
        String[] parts = argument.strip().split("\\s+", 2);
        String verb = parts[0].toUpperCase(Locale.ROOT);
        String options = parts.length > 1 ? parts[1].strip().toUpperCase(Locale.ROOT) : "";
        if (verb.isEmpty()) {
            s.reply(ReplyCode.SYNTAX_ERROR_IN_ARGUMENTS, "OPTS needs a command name");
            return;
        }
        if (verb.equals("UTF8") || verb.equals("UTF-8")) {
            switch (options) {
                case "ON", "" -> s.reply(ReplyCode.COMMAND_OK, "UTF8 mode on");
                case "OFF" -> s.reply(ReplyCode.COMMAND_OK, "Path names are always UTF-8 (RFC 2640); UTF8 stays on");
                default -> s.reply(ReplyCode.SYNTAX_ERROR_IN_ARGUMENTS, "OPTS UTF8 takes ON or OFF");
            }
            return;
        }
        // RFC 2389 4: the options of a command are the business of its specification.
        CommandSpec spec = s.server.commands.get(verb);
        if (spec == null) {
            s.reply(ReplyCode.SYNTAX_ERROR_IN_ARGUMENTS, "Unknown command " + verb);
        } else if (spec.opts() == null) {
            s.reply(ReplyCode.SYNTAX_ERROR_IN_ARGUMENTS, verb + " has no options");
        } else {
            spec.opts().handle(s, options);
        }
    }

    static void syst(Session s, String argument) throws IOException {
        s.reply(ReplyCode.SYSTEM_TYPE, "UNIX Type: L8");
    }

    static void noop(Session s, String argument) throws IOException {
        s.reply(ReplyCode.COMMAND_OK, "NOOP OK");
    }

    /** RFC 959 HELP, generated from the command table. */
    static void help(Session s, String argument) throws IOException {
        String verb = argument.strip().toUpperCase(Locale.ROOT);
        if (!verb.isEmpty()) {
            CommandSpec c = s.server.commands.get(verb);
            if (c == null) {
                s.reply(ReplyCode.SYNTAX_ERROR_IN_ARGUMENTS, "Unknown command " + verb);
            } else {
                s.reply(ReplyCode.HELP, "Syntax: " + c.syntax());
            }
            return;
        }
        var lines = new ArrayList<String>();
        var row = new StringBuilder();
        for (CommandSpec c : s.server.commands.all()) {
            row.append(String.format(" %-5s", c.verb()));
            if (row.length() >= 60) {
                lines.add(row.toString());
                row.setLength(0);
            }
        }
        if (!row.isEmpty()) {
            lines.add(row.toString());
        }
        s.reply(Reply.multiLine(ReplyCode.HELP, "The following commands are recognized:", lines, "Help OK"));
    }

    /** RFC 959 STAT without an argument: the state of this session. */
    static void stat(Session s, String argument) throws IOException {
        if (!argument.isBlank()) {
            if (s.user == null) {
                s.reply(ReplyCode.NOT_LOGGED_IN, "Please log in with USER and PASS first");
            } else {
                DirectoryCommands.statPath(s, argument);
            }
            return;
        }
        if (s.hasTransfer()) {
            // RFC 959 4.1.3: STAT during a transfer reports its progress.
            s.reply(ReplyCode.SYSTEM_STATUS, "Transferring " + s.transfer.description + ": "
                    + s.transfer.bytes.get() + " bytes so far");
            return;
        }
        var lines = new ArrayList<String>();
        lines.add(" Connected from " + s.peer().getAddress().getHostAddress() + " port " + s.peer().getPort()
                + (s.implicit ? " (implicit FTPS)" : " (explicit FTPS)"));
        lines.add(s.user != null ? " Logged in as " + s.user.name() : " Not logged in");
        var tls = s.controlTlsSession();
        lines.add(" Control connection: " + (tls != null ? Tls.describe(tls) : s.security.cccDone ? "clear (after CCC)" : "clear"));
        lines.add(" Data protection: " + (s.security.protection == SecurityState.Protection.PRIVATE ? "private (PROT P)" : "clear (PROT C)"));
        lines.add(" TYPE: " + (s.params.type == 'A' ? "ASCII" : "IMAGE") + ", STRU: File, MODE: Stream");
        s.reply(Reply.multiLine(ReplyCode.SYSTEM_STATUS, "Wharf FTPS server status:", List.copyOf(lines), "End of status"));
    }
}
