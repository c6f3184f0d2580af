package dev.wharf.junit;

import dev.wharf.server.auth.LoginFailure;
import dev.wharf.server.spi.FileChange;
import dev.wharf.server.spi.ServerEvents.DataRefusal;
import dev.wharf.server.spi.Transfer.Direction;

/** Something a {@link WharfTestServer} saw a client do, as {@link RecordedEvents} keeps it. */
public sealed interface WharfEvent {

    /**
     * A user logged in.
     *
     * @param implicit whether the session came in on the implicit FTPS port
     */
    record Login(String user, boolean implicit) implements WharfEvent {}

    /**
     * A login was refused.
     *
     * @param user the name the client sent, or null when it was refused before naming one (no TLS yet)
     */
    record FailedLogin(String user, LoginFailure reason) implements WharfEvent {}

    /**
     * A transfer that ended, whichever way.
     *
     * @param path      the client's path, from the user's home ({@code /in/a.txt})
     * @param completed all data moved and, for an upload, is stored; false: aborted or failed
     */
    record TransferEnded(String user, Direction direction, String path, long bytes, boolean completed)
            implements WharfEvent {
        public boolean isUpload() {
            return direction == Direction.UPLOAD;
        }
    }

    /** A directory made or removed, a file deleted or renamed... anything but an upload. */
    record FileChanged(String user, FileChange change) implements WharfEvent {}

    /**
     * A data connection the server refused: most often {@link DataRefusal#TLS_NOT_RESUMED}, a client
     * whose data connections do not resume its control connection's TLS session (see
     * {@link WharfTestServer.Builder#dataSessionReuse}).
     */
    record DataConnectionRefused(String user, DataRefusal reason, String detail) implements WharfEvent {}
}
