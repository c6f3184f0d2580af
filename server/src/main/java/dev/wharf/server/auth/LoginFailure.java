package dev.wharf.server.auth;

/**
 * Why a login failed, for the server's log and its event listeners. The client always gets the same
 * 530, whatever the reason, so that it learns nothing about which user names exist.
 */
public enum LoginFailure {
    UNKNOWN_USER,
    WRONG_PASSWORD,
    /** The store only says the name and password do not match. */
    WRONG_CREDENTIALS,
    /** The account exists but may not log in now. */
    DISABLED,
    /**
     * This failure was one too many from the client's address: the login guard bans it now (reported
     * after the failure's own reason).
     */
    BANNED,
    /** require-tls-for-login and the control connection is clear. */
    TLS_REQUIRED,
    ANONYMOUS_DISABLED,
    /** The user's home folder or storage cannot be opened. */
    HOME_UNAVAILABLE,
    /** The user store failed (a database or directory down, a bug): the login is refused, not the session. */
    STORE_ERROR
}
