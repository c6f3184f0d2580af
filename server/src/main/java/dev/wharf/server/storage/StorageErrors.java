package dev.wharf.server.storage;

import dev.wharf.protocol.Reply;
import dev.wharf.protocol.ReplyCode;
import dev.wharf.server.fs.FileErrors;

/**
 * A storage failure as a reply: the two failures only storage raises, and FileErrors for every
 * other one. Like FileErrors, it names only the client's own path, never where the server keeps
 * the file. (Once fs/ may change, these two cases belong in FileErrors and this class goes.)
 */
public final class StorageErrors {
    private StorageErrors() {}

    public static Reply toReply(Throwable e, String virtualPath) {
        String what = virtualPath == null || virtualPath.isEmpty() ? "" : virtualPath + ": ";
        if (e instanceof UnsupportedCapabilityException u) {
            return Reply.of(codeFor(u.capability()), what + u.getMessage());
        }
        if (e instanceof OffsetBeyondEndException o) {
            return Reply.of(ReplyCode.FILE_NOT_AVAILABLE, what + o.getMessage());
        }
        return FileErrors.toReply(e, virtualPath);
    }

    /**
     * RFC 959 4.2: 502 when the command itself cannot work on this storage (APPE, MFMT); 504 when
     * the command works but not with this parameter (STOR after REST, SITE CHMOD among SITE's).
     */
    static int codeFor(Capability missing) {
        return switch (missing) {
            case RANDOM_ACCESS_WRITE, CHMOD -> ReplyCode.NOT_IMPLEMENTED_FOR_PARAMETER;
            case APPEND, SET_MTIME, ATOMIC_RENAME, ZERO_COPY_SEND -> ReplyCode.NOT_IMPLEMENTED;
        };
    }
}
