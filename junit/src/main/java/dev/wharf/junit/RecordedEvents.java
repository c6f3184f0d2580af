package dev.wharf.junit;

import dev.wharf.server.auth.LoginFailure;
import dev.wharf.server.spi.FileChange;
import dev.wharf.server.spi.ServerEvents;
import dev.wharf.server.spi.SessionInfo;
import dev.wharf.server.spi.Transfer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What happened on a {@link WharfTestServer} since it started or was last {@linkplain #clear()
 * cleared}, in order: logins, failed logins, ended transfers, file changes and refused data
 * connections. Thread-safe.
 *
 * <p>The server reports a transfer just after its final reply (226), on its own thread, so a client
 * may see the reply first. Every read here therefore waits until no transfer is running any more
 * (at most {@link #TRANSFER_WAIT}): once the client's call returned, its transfer is in the list.
 */
public final class RecordedEvents {
    /** How long a read waits for running transfers to end before it fails. */
    public static final Duration TRANSFER_WAIT = Duration.ofSeconds(30);

    private final List<WharfEvent> events = new ArrayList<>();
    private int runningTransfers;

    RecordedEvents() {}

    /** Every event, oldest first. */
    public List<WharfEvent> all() {
        return of(WharfEvent.class);
    }

    /** The events of one type, oldest first: {@code of(WharfEvent.Login.class)}. */
    public synchronized <T extends WharfEvent> List<T> of(Class<T> type) {
        awaitNoRunningTransfer();
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public List<WharfEvent.Login> logins() {
        return of(WharfEvent.Login.class);
    }

    public List<WharfEvent.FailedLogin> failedLogins() {
        return of(WharfEvent.FailedLogin.class);
    }

    /** Every transfer that ended, complete or not. */
    public List<WharfEvent.TransferEnded> transfers() {
        return of(WharfEvent.TransferEnded.class);
    }

    /** The uploads that completed: the files the server stored. */
    public List<WharfEvent.TransferEnded> uploads() {
        return transfers().stream().filter(t -> t.isUpload() && t.completed()).toList();
    }

    /** The downloads that completed. */
    public List<WharfEvent.TransferEnded> downloads() {
        return transfers().stream().filter(t -> !t.isUpload() && t.completed()).toList();
    }

    public List<WharfEvent.FileChanged> fileChanges() {
        return of(WharfEvent.FileChanged.class);
    }

    public List<WharfEvent.DataConnectionRefused> refusedDataConnections() {
        return of(WharfEvent.DataConnectionRefused.class);
    }

    /** Forgets every event so far; transfers still running are still reported when they end. */
    public synchronized void clear() {
        events.clear();
    }

    private void awaitNoRunningTransfer() {
        long deadline = System.nanoTime() + TRANSFER_WAIT.toNanos();
        while (runningTransfers > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException(runningTransfers + " transfer(s) still running after "
                        + TRANSFER_WAIT.toSeconds() + " s; read the events once the client's transfers have returned");
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for running transfers", e);
            }
        }
    }

    private synchronized void add(WharfEvent event) {
        events.add(event);
    }

    /** The server's listener that fills this record. */
    ServerEvents listener() {
        return new ServerEvents() {
            @Override
            public void loginSucceeded(SessionInfo session, String user) {
                add(new WharfEvent.Login(user, session.implicit()));
            }

            @Override
            public void loginFailed(SessionInfo session, String user, LoginFailure reason) {
                add(new WharfEvent.FailedLogin(user, reason));
            }

            @Override
            public void transferStarting(SessionInfo session, Transfer.Start transfer) {
                synchronized (RecordedEvents.this) {
                    runningTransfers++;
                }
            }

            @Override
            public void transferCompleted(SessionInfo session, Transfer.Result result) {
                synchronized (RecordedEvents.this) {
                    events.add(new WharfEvent.TransferEnded(session.user(), result.transfer().direction(),
                            result.transfer().path(), result.bytes(), result.completed()));
                    runningTransfers--;
                    RecordedEvents.this.notifyAll();
                }
            }

            @Override
            public void fileChanged(SessionInfo session, FileChange change) {
                add(new WharfEvent.FileChanged(session.user(), change));
            }

            @Override
            public void dataConnectionRefused(SessionInfo session, DataRefusal reason, String detail) {
                add(new WharfEvent.DataConnectionRefused(session.user(), reason, detail));
            }
        };
    }
}
