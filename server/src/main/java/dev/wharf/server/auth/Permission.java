package dev.wharf.server.auth;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a user may do, one right per kind of file operation, so that per-folder rights and quotas can
 * be added later without a new shape. The dispatcher checks the right a command needs before its
 * handler runs; {@link #OVERWRITE} is checked by the upload itself, which alone knows whether its
 * target exists.
 */
public enum Permission {
    /** LIST, NLST, MLSD, MLST, CWD. */
    LIST,
    /** RETR, SIZE, MDTM, HASH and the X checksums. */
    READ,
    /** STOR, STOU and APPE of a new file; MFMT. */
    WRITE,
    /** STOR or APPE of a file that exists. */
    OVERWRITE,
    DELETE,
    RENAME,
    MKDIR,
    RMDIR,
    CHMOD;

    /** Everything: the rights of a {@code rw} user. */
    public static Set<Permission> all() {
        return EnumSet.allOf(Permission.class);
    }

    /** Listing and downloading: the rights of a {@code ro} user and of anonymous users. */
    public static Set<Permission> readOnly() {
        return EnumSet.of(LIST, READ);
    }

    /** The word used in a refusal: "this account may not delete". */
    public String verb() {
        return switch (this) {
            case LIST -> "list folders";
            case READ -> "download";
            case WRITE -> "upload";
            case OVERWRITE -> "overwrite files";
            case DELETE -> "delete files";
            case RENAME -> "rename";
            case MKDIR -> "create folders";
            case RMDIR -> "remove folders";
            case CHMOD -> "change permissions";
        };
    }
}
