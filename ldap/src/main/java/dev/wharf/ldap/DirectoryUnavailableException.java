package dev.wharf.ldap;

/**
 * The directory could not answer a login (down, unreachable, a TLS or service-account problem): the
 * login is refused, the session and the server go on, and the next login tries the directory again.
 */
public final class DirectoryUnavailableException extends RuntimeException {
    public DirectoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
