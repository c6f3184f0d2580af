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
        t.add("FEAT", Need.NOTHING, InfoCommands::feat, "FEAT");
        t.add("OPTS", Need.NOTHING, InfoCommands::opts, "OPTS <command> [options]", s -> "UTF8");
        t.add("SYST", Need.NOTHING, InfoCommands::syst, "SYST");
        t.add("NOOP", Need.NOTHING, InfoCommands::noop, "NOOP");
        t.add("HELP", Need.NOTHING, InfoCommands::help, "HELP [command]");
        t.add("STAT", Need.NOTHING, InfoCommands::stat, "STAT");
    }

    /** RFC 2389 3.2 and RFC 4217 6; built from the command table and the session's policy. */
    static FeatureSet features(Session s) {
        var features = new FeatureSet();
        for (Command c : s.server.commands.all()) {
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
        if (verb.equals("HASH") && s.server.commands.get("HASH") != null) {
            if (options.isEmpty()) {
                s.reply(ReplyCode.COMMAND_OK, s.hashAlgorithm);
            } else if (FileCommands.HASH_ALGORITHMS.contains(options)) {
                s.hashAlgorithm = options;
                s.reply(ReplyCode.COMMAND_OK, options);
            } else {
                s.reply(ReplyCode.SYNTAX_ERROR_IN_ARGUMENTS, "Unknown algorithm, current selection not changed");
            }
            return;
        }
        if (verb.equals("MLST")) {
            // RFC 3659 7.9: select facts; unknown ones are ignored; the reply lists those selected.
            var selected = new java.util.LinkedHashSet<String>();
            for (String f : options.toLowerCase(Locale.ROOT).split(";")) {
                if (Listings.ALL_FACTS.contains(f.strip())) {
                    selected.add(f.strip());
                }
            }
            s.mlstFacts = selected;
            var shown = new StringBuilder();
            for (String f : Listings.ALL_FACTS) {
                if (selected.contains(f)) {
                    shown.append(f.equals("unix.mode") ? "UNIX.mode" : f).append(';');
                }
            }
            s.reply(ReplyCode.COMMAND_OK, "MLST OPTS " + shown);
            return;
        }
        if (s.server.commands.get(verb) == null) {
            s.reply(ReplyCode.SYNTAX_ERROR_IN_ARGUMENTS, "Unknown command " + verb);
        } else {
            s.reply(ReplyCode.SYNTAX_ERROR_IN_ARGUMENTS, verb + " has no options");
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
            Command c = s.server.commands.get(verb);
            if (c == null) {
                s.reply(ReplyCode.SYNTAX_ERROR_IN_ARGUMENTS, "Unknown command " + verb);
            } else {
                s.reply(ReplyCode.HELP, "Syntax: " + c.syntax());
            }
            return;
        }
        var lines = new ArrayList<String>();
        var row = new StringBuilder();
        for (Command c : s.server.commands.all()) {
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
            s.reply(ReplyCode.SYSTEM_STATUS, "Transferring " + s.transferDescription + ": "
                    + s.transferredBytes.get() + " bytes so far");
            return;
        }
        var lines = new ArrayList<String>();
        lines.add(" Connected from " + s.peer().getAddress().getHostAddress() + " port " + s.peer().getPort()
                + (s.implicit ? " (implicit FTPS)" : " (explicit FTPS)"));
        lines.add(s.user != null ? " Logged in as " + s.user.name() : " Not logged in");
        var tls = s.controlTlsSession();
        lines.add(" Control connection: " + (tls != null ? Tls.describe(tls) : s.cccDone ? "clear (after CCC)" : "clear"));
        lines.add(" Data protection: " + (s.protection == Session.Protection.PRIVATE ? "private (PROT P)" : "clear (PROT C)"));
        lines.add(" TYPE: " + (s.type == 'A' ? "ASCII" : "IMAGE") + ", STRU: File, MODE: Stream");
        s.reply(Reply.multiLine(ReplyCode.SYSTEM_STATUS, "Wharf FTPS server status:", List.copyOf(lines), "End of status"));
    }
}
