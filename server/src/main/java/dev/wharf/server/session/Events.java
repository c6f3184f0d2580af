package dev.wharf.server.session;

import dev.wharf.server.auth.LoginFailure;
import dev.wharf.server.spi.FileChange;
import dev.wharf.server.spi.ServerEvents;
import dev.wharf.server.spi.SessionInfo;
import dev.wharf.server.spi.TlsInfo;
import dev.wharf.server.spi.Transfer;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The server's listeners, called in order; one that throws is logged and the others still run. */
final class Events implements ServerEvents {
    private static final Logger LOG = LoggerFactory.getLogger(Events.class);

    private final List<ServerEvents> listeners;

    Events(List<? extends ServerEvents> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    private void each(Consumer<ServerEvents> call) {
        for (ServerEvents l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("event listener {} failed", l.getClass().getName(), e);
            }
        }
    }

    @Override
    public void sessionOpened(SessionInfo s) {
        each(l -> l.sessionOpened(s));
    }

    @Override
    public void sessionClosed(SessionInfo s, Duration lasted) {
        each(l -> l.sessionClosed(s, lasted));
    }

    @Override
    public void tlsEstablished(SessionInfo s, TlsInfo tls) {
        each(l -> l.tlsEstablished(s, tls));
    }

    @Override
    public void tlsFailed(SessionInfo s, TlsInfo.Connection connection, String detail) {
        each(l -> l.tlsFailed(s, connection, detail));
    }

    @Override
    public void loginSucceeded(SessionInfo s, String user) {
        each(l -> l.loginSucceeded(s, user));
    }

    @Override
    public void loginFailed(SessionInfo s, String user, LoginFailure reason) {
        each(l -> l.loginFailed(s, user, reason));
    }

    @Override
    public void commandHandled(SessionInfo s, String verb, int replyCode, Duration took) {
        each(l -> l.commandHandled(s, verb, replyCode, took));
    }

    @Override
    public void transferStarting(SessionInfo s, Transfer.Start t) {
        each(l -> l.transferStarting(s, t));
    }

    @Override
    public void transferCompleted(SessionInfo s, Transfer.Result r) {
        each(l -> l.transferCompleted(s, r));
    }

    @Override
    public void dataConnectionRefused(SessionInfo s, DataRefusal reason, String detail) {
        each(l -> l.dataConnectionRefused(s, reason, detail));
    }

    @Override
    public void fileChanged(SessionInfo s, FileChange change) {
        each(l -> l.fileChanged(s, change));
    }
}
