package dev.wharf.protocol;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.security.cert.CertificateException;

/** Exceptions in words for the messages people read: what failed, not a class name or a stack trace. */
public final class Failures {
    private Failures() {}

    /**
     * The exception's own message, or its kind when it has none ("EOFException"). File system
     * exceptions carry only the path as their message, so they are told by their reason or kind.
     */
    public static String describe(Throwable e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f) {
            return f.getReason() != null ? f.getReason() : e.getClass().getSimpleName();
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /**
     * The most telling message among {@code e} and its causes: a certificate check's own words
     * (trust managers name fingerprints and what to do), else the innermost message, since the outer
     * ones of JSSE and the socket layer only repeat it with less detail.
     */
    @SuppressWarnings("ReferenceEquality") // a Throwable that is its own cause ends the chain
    public static String rootMessage(Throwable e) {
        String best = describe(e);
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof CertificateException && t.getMessage() != null) {
                return t.getMessage();
            }
            if (t.getMessage() != null) {
                best = t.getMessage();
            }
        }
        return best;
    }
}
