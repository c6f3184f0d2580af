package dev.wharf.server.auth;

import java.util.Set;

/**
 * Told by a user store ({@link Authenticator#watch}) when its users changed while the server runs:
 * a users file edited, an account removed from a database or directory.
 */
@FunctionalInterface
public interface UserChanges {
    /**
     * Called after the users changed.
     *
     * @param changedOrRemoved every user whose password, rights or home changed, or who is gone: a login
     *                         remembered for them no longer holds
     * @param removed          the users that are gone or may no longer log in (a disabled account; also
     *                         in {@code changedOrRemoved}): their open sessions must end
     */
    void changed(Set<String> changedOrRemoved, Set<String> removed);
}
