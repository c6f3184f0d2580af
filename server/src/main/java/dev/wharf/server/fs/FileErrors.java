package dev.wharf.server.fs;

import dev.wharf.protocol.Reply;
import dev.wharf.protocol.ReplyCode;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.ReadOnlyFileSystemException;
import java.util.Locale;

/**
 * The one place where a file-system failure becomes a reply. Messages help the user and never show
 * a server path: only the client's own (virtual) path is named.
 */
public final class FileErrors {
    private FileErrors() {}

    public static Reply toReply(Throwable e, String virtualPath) {
        String what = virtualPath == null || virtualPath.isEmpty() ? "" : virtualPath + ": ";
        if (e instanceof PathRefusedException r) {
            return Reply.of(r.badName() ? ReplyCode.FILE_NAME_NOT_ALLOWED : ReplyCode.FILE_NOT_AVAILABLE, what + r.getMessage());
        }
        if (e instanceof NoSuchFileException) {
            return Reply.of(ReplyCode.FILE_NOT_AVAILABLE, what + "No such file or directory");
        }
        if (e instanceof AccessDeniedException || e instanceof ReadOnlyFileSystemException || e instanceof SecurityException) {
            return Reply.of(ReplyCode.FILE_NOT_AVAILABLE, what + "Permission denied");
        }
        if (e instanceof FileAlreadyExistsException) {
            return Reply.of(ReplyCode.FILE_NOT_AVAILABLE, what + "Already exists");
        }
        if (e instanceof DirectoryNotEmptyException) {
            return Reply.of(ReplyCode.FILE_NOT_AVAILABLE, what + "Directory not empty");
        }
        if (e instanceof NotDirectoryException) {
            return Reply.of(ReplyCode.FILE_NOT_AVAILABLE, what + "Not a directory");
        }
        if (e instanceof UnsupportedOperationException) {
            return Reply.of(ReplyCode.NOT_IMPLEMENTED, what + "Not supported by this file system");
        }
        // Locale.ROOT: with a Turkish default locale "Is a directory" would lower-case to "ıs a dırectory".
        String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        if (m.contains("no space left") || m.contains("disk quota") || m.contains("not enough space")) {
            return Reply.of(ReplyCode.EXCEEDED_STORAGE, what + "Storage full or quota exceeded");
        }
        if (m.contains("file name too long") || (m.contains("invalid argument") && e instanceof FileSystemException)) {
            return Reply.of(ReplyCode.FILE_NAME_NOT_ALLOWED, what + "File name not allowed");
        }
        if (m.contains("is a directory")) {
            return Reply.of(ReplyCode.FILE_NOT_AVAILABLE, what + "Is a directory");
        }
        return Reply.of(ReplyCode.LOCAL_ERROR, what + "Local error in processing");
    }
}
