package dev.wharf.server.session;

import dev.wharf.protocol.Reply;
import dev.wharf.protocol.ReplyCode;
import dev.wharf.server.auth.LoginFailure;
import java.util.List;

/**
 * One rule the dispatcher applies before a handler runs. The chain's order is the order in which
 * a client learns what is wrong: log in first, then the connection's protection, then the rights.
 */
@FunctionalInterface
interface Policy {
    /** The refusal, or null when the command may run. */
    Reply refusal(Session s, CommandSpec c);

    Policy LOGIN_FIRST = (s, c) -> c.requires().contains(Requirement.LOGIN) && s.user == null
            ? Reply.of(ReplyCode.NOT_LOGGED_IN, "Please log in with USER and PASS first") : null;

    /** RFC 4217 9: 521 before any 150 when no data may move with the current PROT setting. */
    Policy PROTECTED_DATA = (s, c) -> c.requires().contains(Requirement.PROTECTED_DATA) && s.clearDataRefused()
            ? Reply.of(ReplyCode.DATA_PROTECTION_REFUSED, "Data connection cannot be opened with this PROT setting:"
                    + " send PBSZ 0 and PROT P (clear data is refused by the allow-clear-data setting)") : null;

    /** RFC 4217 8, 9: PBSZ and PROT only inside TLS. */
    Policy TLS_FIRST = (s, c) -> c.requires().contains(Requirement.TLS) && !s.security.tlsActive
            ? Reply.of(ReplyCode.BAD_SEQUENCE, c.verb() + " needs a TLS-protected control connection: send AUTH TLS first") : null;

    /** require-tls-for-login: passwords never cross the network in clear text. */
    Policy TLS_BEFORE_LOGIN = (s, c) -> {
        if (!c.requires().contains(Requirement.TLS_BEFORE_LOGIN) || !s.server.config.protection().requireTlsForLogin()
                || s.security.tlsActive) {
            return null;
        }
        s.server.events.loginFailed(s.info(), null, LoginFailure.TLS_REQUIRED);
        return Reply.of(ReplyCode.POLICY_REFUSED, "TLS is required before login: send AUTH TLS first (explicit FTPS)"
                + " or connect to the implicit FTPS port");
    };

    /** The user's rights (read-only users, and finer rights from the user store). */
    Policy RIGHTS = (s, c) -> c.permission() != null && s.user != null && !s.user.may(c.permission())
            ? Reply.of(ReplyCode.FILE_NOT_AVAILABLE, "Permission denied: this account may not " + c.permission().verb()
                    + (s.user.writable() ? "" : " (it is read-only)")) : null;

    /** RFC 2428 4: after EPSV ALL, every other data-connection command is refused. */
    Policy EPSV_ALL = (s, c) -> c.requires().contains(Requirement.NOT_AFTER_EPSV_ALL) && s.params.epsvAll
            ? Reply.of(ReplyCode.BAD_SEQUENCE, "EPSV ALL is in force: only EPSV may be used (RFC 2428 4)") : null;

    List<Policy> STANDARD = List.of(LOGIN_FIRST, PROTECTED_DATA, TLS_FIRST, TLS_BEFORE_LOGIN, RIGHTS, EPSV_ALL);
}
