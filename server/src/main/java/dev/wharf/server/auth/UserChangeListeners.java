package dev.wharf.server.auth;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The listeners of one user store, for the stores that implement {@link Authenticator#watch}. */
final class UserChangeListeners {
    private static final Logger LOG = LoggerFactory.getLogger(UserChangeListeners.class);

    private final List<UserChanges> listeners = new CopyOnWriteArrayList<>();

    Authenticator.Subscription add(UserChanges listener) {
        // Its own identity: closing one subscription never removes another one of the same listener.
        UserChanges registered = listener;
        listeners.add(registered);
        return () -> listeners.remove(registered);
    }

    boolean isEmpty() {
        return listeners.isEmpty();
    }

    void tell(Set<String> changedOrRemoved, Set<String> removed) {
        if (changedOrRemoved.isEmpty()) {
            return;
        }
        for (UserChanges l : listeners) {
            try {
                l.changed(changedOrRemoved, removed);
            } catch (RuntimeException e) {
                // One broken listener must not keep the others (the login cache, the server) uninformed.
                LOG.error("a listener of user changes failed", e);
            }
        }
    }
}
