package dev.wharf.server.storage;

/**
 * When an upload to the local disk is on the disk: what the 226 after it promises.
 */
public enum UploadSync {
    /**
     * The default: the file and its folder entry are flushed to the disk (fsync) before the upload
     * is committed and its 226 sent, so a power cut after the 226 loses nothing.
     */
    ON_CLOSE,
    /**
     * No flush: the 226 follows once the bytes are written to the page cache, as vsftpd, ProFTPD and
     * Pure-FTPd answer. Faster; a power cut (not a crash of the server) can then lose an upload that
     * was answered with 226. The other rules stay: a temporary file, renamed only at the end.
     */
    OFF
}
