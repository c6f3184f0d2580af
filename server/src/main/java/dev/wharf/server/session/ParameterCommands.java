package dev.wharf.server.session;

import dev.wharf.protocol.ReplyCode;
import java.io.IOException;
import java.util.Locale;

/** TYPE, STRU, MODE and PWD: the transfer parameters of RFC 959 4.1.2 and the working directory. */
final class ParameterCommands {
    private ParameterCommands() {}

    static void register(CommandTable t) {
        t.define("TYPE", "RFC 959 4.1.2", ParameterCommands::type).syntax("TYPE <A|I>").loggedIn().keepsRestart();
        t.define("STRU", "RFC 959 4.1.2", ParameterCommands::stru).syntax("STRU F").loggedIn().keepsRestart();
        t.define("MODE", "RFC 959 4.1.2", ParameterCommands::mode).syntax("MODE S").loggedIn().keepsRestart();
    }

    /** RFC 959: A [N] and I (and L 8, which is I); EBCDIC and Telnet/ASA formats are not supported. */
    static void type(Session s, String argument) throws IOException {
        String[] p = argument.strip().toUpperCase(Locale.ROOT).split("\\s+");
        switch (p[0]) {
            case "A" -> {
                if (p.length > 1 && !p[1].equals("N")) {
                    s.reply(ReplyCode.NOT_IMPLEMENTED_FOR_PARAMETER, "Only non-print format (N) is supported for TYPE A");
                    return;
                }
                s.params.type = 'A';
                s.reply(ReplyCode.COMMAND_OK, "Type set to A");
            }
            case "I" -> {
                s.params.type = 'I';
                s.reply(ReplyCode.COMMAND_OK, "Type set to I");
            }
            case "L" -> {
                if (p.length == 2 && p[1].equals("8")) {
                    s.params.type = 'I';
                    s.reply(ReplyCode.COMMAND_OK, "Type set to L 8");
                } else {
                    s.reply(ReplyCode.NOT_IMPLEMENTED_FOR_PARAMETER, "Only byte size 8 is supported");
                }
            }
            case "E" -> s.reply(ReplyCode.NOT_IMPLEMENTED_FOR_PARAMETER, "EBCDIC is not supported");
            default -> s.reply(ReplyCode.SYNTAX_ERROR_IN_ARGUMENTS, "TYPE takes A or I");
        }
    }

    static void stru(Session s, String argument) throws IOException {
        switch (argument.strip().toUpperCase(Locale.ROOT)) {
            case "F" -> s.reply(ReplyCode.COMMAND_OK, "Structure set to F");
            case "R", "P" -> s.reply(ReplyCode.NOT_IMPLEMENTED_FOR_PARAMETER, "Only file structure (F) is supported");
            default -> s.reply(ReplyCode.SYNTAX_ERROR_IN_ARGUMENTS, "STRU takes F");
        }
    }

    static void mode(Session s, String argument) throws IOException {
        switch (argument.strip().toUpperCase(Locale.ROOT)) {
            case "S" -> s.reply(ReplyCode.COMMAND_OK, "Mode set to S");
            case "B", "C", "Z" -> s.reply(ReplyCode.NOT_IMPLEMENTED_FOR_PARAMETER, "Only stream mode (S) is supported");
            default -> s.reply(ReplyCode.SYNTAX_ERROR_IN_ARGUMENTS, "MODE takes S");
        }
    }

}
