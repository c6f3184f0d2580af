package dev.wharf.server.fs;

import static java.nio.file.attribute.PosixFilePermission.GROUP_EXECUTE;
import static java.nio.file.attribute.PosixFilePermission.GROUP_READ;
import static java.nio.file.attribute.PosixFilePermission.GROUP_WRITE;
import static java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE;
import static java.nio.file.attribute.PosixFilePermission.OTHERS_READ;
import static java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE;
import static java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE;
import static java.nio.file.attribute.PosixFilePermission.OWNER_READ;
import static java.nio.file.attribute.PosixFilePermission.OWNER_WRITE;

import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The octal permission bits of {@code SITE CHMOD} and of MLSx's {@code UNIX.mode} fact. */
public final class UnixMode {
    /** Bit 8 (0400) down to bit 0 (0001), spelled out rather than read off the enum's declaration order. */
    private static final List<PosixFilePermission> BY_BIT = List.of(OWNER_READ, OWNER_WRITE, OWNER_EXECUTE,
            GROUP_READ, GROUP_WRITE, GROUP_EXECUTE, OTHERS_READ, OTHERS_WRITE, OTHERS_EXECUTE);

    private UnixMode() {}

    /** The mode bits of {@code permissions}, 0 to 0777. */
    public static int of(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (int i = 0; i < BY_BIT.size(); i++) {
            if (permissions.contains(BY_BIT.get(i))) {
                mode |= 1 << (8 - i);
            }
        }
        return mode;
    }

    /** The permissions of the low nine bits of {@code mode}; higher bits (setuid, sticky) are ignored. */
    public static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < BY_BIT.size(); i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                permissions.add(BY_BIT.get(i));
            }
        }
        return permissions;
    }
}
