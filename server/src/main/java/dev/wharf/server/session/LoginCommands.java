package dev.wharf.server.session;

import dev.wharf.protocol.IpLiterals;
import dev.wharf.protocol.ReplyCode;
import dev.wharf.server.auth.AuthResult;
import dev.wharf.server.auth.LoginFailure;
import dev.wharf.server.auth.LoginRequest;
import dev.wharf.server.auth.Permission;
import dev.wharf.server.auth.User;
import java.io.IOException;
import java.util.Locale;

/** USER, PASS, ACCT, HOST, REIN and QUIT: RFC 959 4.1.1, RFC 7151, RFC 4217 13, MS-FTPS 3.2.5.3. */
final class LoginCommands {
    private LoginCommands() {}

    static void register(CommandTable t) {
        t.define("HOST", "RFC 7151 3", LoginCommands::host).syntax("HOST <domain>").feature("HOST");
        t.define("USER", "RFC 959 4.1.1", LoginCommands::user).syntax("USER <name>").requires(Requirement.TLS_BEFORE_LOGIN);
        t.define("PASS", "RFC 959 4.1.1", LoginCommands::pass).syntax("PASS <password>");
        t.define("ACCT", "RFC 959 4.1.1", LoginCommands::acct).syntax("ACCT <account>");
        t.define("REIN", "RFC 959 4.1.1, RFC 4217 13, MS-FTPS 3.2.5.3", LoginCommands::rein);
        t.define("QUIT", "RFC 959 4.1.1", LoginCommands::quit);
    }

    static void user(Session s, String argument) throws IOException {
        String name = argument.strip();
        if (name.isEmpty()) {
            s.reply(ReplyCode.SYNTAX_ERROR_IN_ARGUMENTS, "USER needs a user name");
            return;
        }
        if (s.user != null) {
            s.log("USER while logged in as " + s.user.name() + ": logging out");
            s.user = null;
        }
        if (isAnonymous(name) && !s.server.config.anonymousEnabled()) {
            s.pendingUser = null;
            s.server.events.loginFailed(s.info(), name, LoginFailure.ANONYMOUS_DISABLED);
            s.reply(ReplyCode.NOT_LOGGED_IN, "Anonymous login is not allowed on this server");
            return;
        }
        s.pendingUser = name;
        s.reply(ReplyCode.NEED_PASSWORD, isAnonymous(name)
                ? "Anonymous login OK, send your e-mail address as password"
                : "Password required for " + name);
    }

    static void pass(Session s, String argument) throws IOException {
        if (s.pendingUser == null) {
            s.reply(ReplyCode.BAD_SEQUENCE, s.user != null ? "Already logged in" : "Send USER first");
            return;
        }
        String name = s.pendingUser;
        s.pendingUser = null;
        if (isAnonymous(name)) {
            if (logIn(s, new User(User.ANONYMOUS, s.server.config.anonymousHome(), Permission.readOnly()))) {
                s.reply(ReplyCode.LOGGED_IN, "Anonymous user logged in, read-only");
            }
            return;
        }
        AuthResult result;
        PasswordCheckLanes.Permit permit;
        try {
            permit = s.server.passwordChecks.enter(s.server.loginGuard.hasRecentFailures(s.peerAddress()),
                    s.server.config.timeouts().login());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting to check a password");
        }
        if (permit == null) {
            s.log("no password check came free within the login timeout (a flood of logins?); closing");
            s.reply(ReplyCode.SERVICE_NOT_AVAILABLE, "Too many logins at once; try again later");
            s.end();
            return;
        }
        try (permit) {
            result = s.server.authenticator.authenticate(new LoginRequest(name, argument, s.clientContext()));
        } catch (RuntimeException e) {
            // A database or directory that is down: the login is refused, the session goes on.
            s.internalError("PASS (the user store failed)", e);
            s.server.events.loginFailed(s.info(), name, LoginFailure.STORE_ERROR);
            s.reply(ReplyCode.LOCAL_ERROR, "Login not possible now: the user store failed; try again later");
            return;
        }
        if (result instanceof AuthResult.Success success) {
            s.server.loginGuard.recordSuccess(s.peerAddress());
            if (logIn(s, success.user())) {
                s.reply(ReplyCode.LOGGED_IN, "User " + name + " logged in");
            }
            return;
        }
        LoginFailure reason = ((AuthResult.Failure) result).reason();
        // The real reason goes to the log and the listeners; the client gets the same 530 for all.
        s.log("failed login for user '" + name + "' (" + reason + ")");
        s.server.events.loginFailed(s.info(), name, reason);
        pause(s.server.config.limits().failedLoginDelay().toMillis());
        if (s.server.loginGuard.recordFailure(s.peerAddress())) {
            s.log("too many failed logins: address banned for " + s.server.config.limits().loginBanDuration());
            s.server.events.loginFailed(s.info(), name, LoginFailure.BANNED);
            s.reply(ReplyCode.SERVICE_NOT_AVAILABLE, "Too many failed logins from your address; try again in "
                    + s.server.config.limits().loginBanDuration().toMinutes() + " minutes");
            s.end();
            return;
        }
        s.reply(ReplyCode.NOT_LOGGED_IN, "Login incorrect");
    }

    private static boolean logIn(Session s, User u) throws IOException {
        try {
            s.loggedIn(u);
            s.server.events.loginSucceeded(s.info(), u.name());
            return true;
        } catch (IOException e) {
            s.server.events.loginFailed(s.info(), u.name(), LoginFailure.HOME_UNAVAILABLE);
            s.log("home folder of " + u.name() + " is not usable: " + Session.describe(e));
            s.reply(ReplyCode.NOT_LOGGED_IN, "Your home folder is not available; contact the administrator");
            return false;
        }
    }

    /** RFC 959: no account is ever needed here. */
    static void acct(Session s, String argument) throws IOException {
        if (s.user != null) {
            s.reply(ReplyCode.COMMAND_SUPERFLUOUS, "ACCT not needed, already logged in");
        } else {
            s.reply(ReplyCode.BAD_SEQUENCE, "Log in with USER and PASS; no account is needed");
        }
    }

    /** RFC 7151 3: before USER only, the virtual host the client wants. */
    static void host(Session s, String argument) throws IOException {
        String host = argument.strip();
        if (s.user != null || s.pendingUser != null) {
            s.reply(ReplyCode.BAD_SEQUENCE, "HOST must come before USER");
            return;
        }
        // RFC 7151 3: a domain name, an IPv4 literal, or an IPv6 literal in brackets.
        boolean literal = IpLiterals.isIpv4(host) || (host.startsWith("[") && IpLiterals.isLiteral(host));
        // A name has a letter somewhere (its top-level label): 999.1.1.1 is neither name nor address.
        boolean name = host.matches("[A-Za-z0-9][A-Za-z0-9.-]{0,252}") && host.chars().anyMatch(Character::isLetter);
        if (!literal && !name) {
            s.reply(ReplyCode.SYNTAX_ERROR_IN_ARGUMENTS, "HOST needs a domain name or an address literal");
            return;
        }
        s.host = host.toLowerCase(Locale.ROOT);
        s.reply(ReplyCode.SERVICE_READY, "Host " + host + " accepted");
    }

    /**
     * RFC 959 REIN and RFC 4217 13: reply inside TLS, then clear TLS and reset everything. On an
     * implicit session (MS-FTPS 3.2.5.3) the connection returns to its just-connected state: the
     * client must start a new TLS handshake and gets a new greeting after it.
     */
    static void rein(Session s, String argument) throws IOException {
        s.reply(ReplyCode.SERVICE_READY, "Service ready for new user");
        boolean wasTls = s.security.tlsActive;
        if (wasTls && !s.stopTls("REIN")) {
            return;
        }
        s.resetToConnected();
        if (s.implicit) {
            s.restartImplicit();
        } else {
            s.log(wasTls ? "REIN: TLS cleared, session reset" : "REIN: session reset");
        }
    }

    static void quit(Session s, String argument) throws IOException {
        s.reply(ReplyCode.CLOSING_CONTROL, "Goodbye");
        s.end();
    }

    private static boolean isAnonymous(String name) {
        return name.equalsIgnoreCase("anonymous") || name.equalsIgnoreCase("ftp");
    }

    private static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis); // a virtual thread: sleeping costs no platform thread
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
