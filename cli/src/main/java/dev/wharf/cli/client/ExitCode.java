package dev.wharf.cli.client;

import dev.wharf.client.DataConnectionException;
import dev.wharf.client.FtpsException;
import dev.wharf.client.FtpsReplyException;
import dev.wharf.client.FtpsTimeoutException;
import dev.wharf.client.LocalFileException;
import dev.wharf.client.LoginFailedException;
import dev.wharf.client.TlsFailureException;
import dev.wharf.client.TransferCancelledException;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * The exit codes of the {@code wharf} program, which scripts may rely on. {@code serve} uses 2 for
 * a bad configuration and 3 when it cannot listen, in the same sense as the client commands.
 */
public final class ExitCode {
    public static final int OK = 0;
    public static final int USAGE = 1;
    public static final int CONFIG = 2;
    public static final int CONNECTION = 3;
    public static final int TLS = 4;
    public static final int LOGIN = 5;
    public static final int REMOTE_FILE = 6;
    public static final int TRANSFER = 7;
    public static final int SESSION_REUSE = 8;
    public static final int LOCAL_FILE = 9;

    private ExitCode() {}

    /** For {@code --help}: code to meaning, in order. */
    public static Map<String, String> descriptions() {
        var m = new LinkedHashMap<String, String>();
        m.put("0", "success");
        m.put("1", "usage error (unknown command or option)");
        m.put("2", "configuration or argument error: bad URL, no password, unsupported option");
        m.put("3", "cannot connect (or, for serve, cannot listen)");
        m.put("4", "TLS failure: handshake failed, AUTH refused or certificate not trusted");
        m.put("5", "login failed");
        m.put("6", "the server refused a file command (5xx: no such file, permission denied)");
        m.put("7", "transfer failed or interrupted, a transient 4xx reply, checksum mismatch");
        m.put("8", "data connection refused because the server requires TLS session reuse");
        m.put("9", "local file error");
        return m;
    }

    /** The code for a failure while connecting, securing the connection and logging in. */
    static int whileConnecting(IOException e) {
        if (e instanceof LoginFailedException) {
            return LOGIN;
        }
        if (e instanceof TlsFailureException || e instanceof SSLException) {
            return TLS;
        }
        if (e instanceof FtpsReplyException r && (r.command().startsWith("PBSZ") || r.command().startsWith("PROT"))) {
            return TLS; // data protection refused (RFC 4217 8, 9)
        }
        return CONNECTION; // no TCP connection, timeout, 421 greeting, connection closed
    }

    /** The code for a failure once logged in, during a file command or transfer. */
    static int whileRunning(IOException e) {
        if (e instanceof DataConnectionException d) {
            return d.sessionReuseRequired() ? SESSION_REUSE : TRANSFER;
        }
        if (e instanceof TransferCancelledException || e instanceof FtpsTimeoutException) {
            return TRANSFER;
        }
        if (e instanceof LoginFailedException) {
            return LOGIN; // a renewed control connection (see FtpsSession) could not log in again
        }
        if (e instanceof TlsFailureException) {
            return TLS;
        }
        if (e instanceof FtpsReplyException r) {
            return r.replyCode() >= 500 ? REMOTE_FILE : TRANSFER;
        }
        if (e instanceof LocalFileException || e instanceof FileSystemException) {
            return LOCAL_FILE;
        }
        if (e instanceof FtpsException) {
            return TRANSFER; // checksum mismatch, protocol trouble
        }
        return TRANSFER; // the network failed under the transfer
    }
}
