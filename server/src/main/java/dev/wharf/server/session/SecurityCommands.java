package dev.wharf.server.session;

import dev.wharf.protocol.ReplyCode;
import java.io.IOException;
import java.util.Locale;

/** AUTH, PBSZ, PROT and CCC: RFC 2228, RFC 4217 and MS-FTPS 3.2.5. */
final class SecurityCommands {
    private SecurityCommands() {}

    static void register(CommandTable t) {
        t.define("AUTH", "RFC 4217 4, MS-FTPS 3.2.5.4", SecurityCommands::auth).syntax("AUTH <TLS|SSL>")
                .feature(s -> s.server.config.protection().allowAuthSsl() ? "AUTH TLS;SSL;" : "AUTH TLS;");
        t.define("PBSZ", "RFC 4217 8", SecurityCommands::pbsz).syntax("PBSZ 0").requires(Requirement.TLS)
                .keepsRestart().feature("PBSZ");
        t.define("PROT", "RFC 4217 9", SecurityCommands::prot).syntax("PROT <P|C>").requires(Requirement.TLS)
                .keepsRestart().feature(s -> s.server.config.protection().allowClearData() ? "PROT C;P;" : "PROT P;");
        t.define("CCC", "RFC 4217 6, MS-FTPS 3.2.5.2", SecurityCommands::ccc)
                .feature(s -> s.server.config.protection().allowCcc() && !s.implicit ? "CCC" : null);
    }

    /**
     * RFC 4217 4; MS-FTPS 2.2.1 and 3.2.5.4: AUTH SSL is processed exactly as AUTH TLS. TLS-C and
     * TLS-P are the older names from draft-murray-auth-ftp-ssl, treated the same way.
     */
    static void auth(Session s, String argument) throws IOException {
        String mechanism = argument.strip().toUpperCase(Locale.ROOT);
        if (mechanism.isEmpty()) {
            s.reply(ReplyCode.SYNTAX_ERROR_IN_ARGUMENTS, "AUTH needs a mechanism: AUTH TLS");
            return;
        }
        boolean known = switch (mechanism) {
            case "TLS", "TLS-C", "TLS-P" -> true;
            case "SSL" -> s.server.config.protection().allowAuthSsl();
            default -> false;
        };
        if (!known) {
            s.reply(ReplyCode.NOT_IMPLEMENTED_FOR_PARAMETER, "Unknown security mechanism " + mechanism
                    + "; use AUTH TLS");
            return;
        }
        // MS-FTPS 3.2.5.6: on an implicit session AUTH TLS has already been processed, implicitly.
        if (s.security.tlsActive) {
            s.reply(ReplyCode.BAD_SEQUENCE, s.implicit
                    ? "TLS is already active (implicit FTPS): AUTH is not allowed"
                    : "TLS is already active on this connection");
            return;
        }
        if (s.security.cccDone) {
            s.reply(ReplyCode.BAD_SEQUENCE, "The control connection was cleared with CCC; TLS cannot be restarted on it");
            return;
        }
        s.reply(ReplyCode.SECURITY_DATA_EXCHANGE_COMPLETE, "AUTH " + mechanism + " OK, starting TLS");
        if (s.startTls()) {
            // RFC 4217 4: the user must log in again and all transfer parameters are reset.
            s.resetTransferParameters();
            s.security.pbszDone = false;
            s.security.protection = SecurityState.Protection.CLEAR;
        }
    }

    /** RFC 4217 8: the buffer size is meaningless for TLS; 0 is the only value, any other is answered with PBSZ=0. */
    static void pbsz(Session s, String argument) throws IOException {
        String size = argument.strip();
        if (size.isEmpty() || !size.chars().allMatch(Character::isDigit) || size.length() > 10) {
            s.reply(ReplyCode.SYNTAX_ERROR_IN_ARGUMENTS, "PBSZ needs a decimal buffer size: PBSZ 0");
            return;
        }
        s.security.pbszDone = true;
        s.reply(ReplyCode.COMMAND_OK, Long.parseLong(size) == 0 ? "PBSZ=0" : "PBSZ=0 (the buffer size is always 0 with TLS)");
    }

    /** RFC 4217 9 and RFC 2228: P and C only; S and E are not supported by TLS. */
    static void prot(Session s, String argument) throws IOException {
        if (!s.security.pbszDone) {
            s.reply(ReplyCode.BAD_SEQUENCE, "PROT must follow PBSZ: send PBSZ 0 first");
            return;
        }
        String level = argument.strip().toUpperCase(Locale.ROOT);
        switch (level) {
            case "P" -> {
                s.security.protection = SecurityState.Protection.PRIVATE;
                s.reply(ReplyCode.COMMAND_OK, "Data connections will be protected (PROT P)");
            }
            case "C" -> {
                if (!s.server.config.protection().allowClearData()) {
                    s.reply(ReplyCode.POLICY_REFUSED, "Unprotected data connections are refused by policy: use PROT P");
                    return;
                }
                s.security.protection = SecurityState.Protection.CLEAR;
                s.reply(ReplyCode.COMMAND_OK, "Data connections will be clear (PROT C)");
            }
            case "S", "E" -> s.reply(ReplyCode.PROTECTION_LEVEL_NOT_SUPPORTED,
                    "PROT " + level + " is not supported by TLS: use PROT P");
            case "" -> s.reply(ReplyCode.SYNTAX_ERROR_IN_ARGUMENTS, "PROT needs a level: PROT P");
            default -> s.reply(ReplyCode.NOT_IMPLEMENTED_FOR_PARAMETER, "Unknown protection level " + level + ": use PROT P");
        }
    }

    /**
     * RFC 4217 6: clears TLS on the control connection; data protection stays as PROT set it.
     * MS-FTPS 3.2.5.2: on implicit sessions refused as if policy forbade it, always.
     */
    static void ccc(Session s, String argument) throws IOException {
        if (s.implicit) {
            s.reply(ReplyCode.POLICY_REFUSED, "CCC is not allowed on implicit FTPS sessions");
            return;
        }
        if (!s.security.tlsActive) {
            s.reply(ReplyCode.COMMAND_PROTECTION_DENIED, "CCC needs a TLS-protected control connection");
            return;
        }
        if (!s.server.config.protection().allowCcc()) {
            s.reply(ReplyCode.POLICY_REFUSED, "CCC is refused by policy: the control connection stays protected");
            return;
        }
        s.reply(ReplyCode.COMMAND_OK, "Clearing the control connection");
        if (s.stopTls("CCC")) {
            s.security.cccDone = true;
            s.log("CCC: control connection is now clear");
        }
    }
}
