package dev.wharf.cli.client;

import dev.wharf.client.TlsMode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A server and path as the commands take them: {@code ftps://user@host:990/path} is implicit FTPS
 * (MS-FTPS 3.1.5.1, TLS from the first byte), {@code ftp://user@host:21/path} explicit FTPS (RFC
 * 4217: AUTH TLS before anything else; FileZilla's {@code ftpes://} means the same). User,
 * password and path may be percent-encoded (RFC 3986
 * 2.1), so {@code %40} is an {@code @}, {@code %2F} a {@code /} and {@code %25} a {@code %}.
 *
 * @param mode     implicit for ftps://, explicit for ftp://
 * @param user     the user name, or null when the URL names none
 * @param password the password, or null; accepted, but other users of the machine can see it
 * @param host     a host name or address (IPv6 without brackets)
 * @param port     the port, 990 or 21 when the URL gives none
 * @param path     the remote path as written ({@code /pub/a.bin}), or empty for the login directory
 */
record FtpUrl(TlsMode mode, String user, String password, String host, int port, String path) {

    static FtpUrl parse(String url) {
        int schemeEnd = url.indexOf("://");
        if (schemeEnd < 0) {
            throw new IllegalArgumentException("'" + url + "' is not a URL: write ftp://user@host/path (explicit FTPS)"
                    + " or ftps://user@host/path (implicit FTPS)");
        }
        String scheme = url.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        TlsMode mode = switch (scheme) {
            case "ftps" -> TlsMode.IMPLICIT;
            case "ftp", "ftpes" -> TlsMode.EXPLICIT;
            case "sftp" -> throw new IllegalArgumentException("sftp:// is file transfer over SSH, a different protocol:"
                    + " wharf speaks FTPS (ftp:// for explicit, ftps:// for implicit)");
            default -> throw new IllegalArgumentException("unknown URL scheme '" + scheme + "': use ftp:// (explicit FTPS)"
                    + " or ftps:// (implicit FTPS)");
        };
        String rest = url.substring(schemeEnd + 3);
        int slash = rest.indexOf('/'); // RFC 3986 3.2: the authority ends at the first slash
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : decode(rest.substring(slash), "path");

        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@'); // a password may hold an unencoded @; a host never does
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon), "user name");
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1), "password");
            if (user.isEmpty()) {
                throw new IllegalArgumentException("empty user name in " + redacted(url));
            }
        }

        String host;
        String portText = null;
        if (authority.startsWith("[")) { // RFC 3986 3.2.2: IPv6 literal
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unclosed [ in the host of " + redacted(url));
            }
            host = authority.substring(1, close);
            String after = authority.substring(close + 1);
            if (after.startsWith(":")) {
                portText = after.substring(1);
            } else if (!after.isEmpty()) {
                throw new IllegalArgumentException("unexpected '" + after + "' after the host of " + redacted(url));
            }
        } else {
            int colon = authority.lastIndexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            portText = colon < 0 ? null : authority.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("no host in " + redacted(url));
        }
        int port = mode == TlsMode.IMPLICIT ? 990 : 21;
        if (portText != null && !portText.isEmpty()) {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("bad port '" + portText + "' in " + redacted(url) + ": 1-65535");
            }
        }
        if (path.indexOf('\r') >= 0 || path.indexOf('\n') >= 0 || path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a remote path cannot contain CR, LF or NUL");
        }
        return new FtpUrl(mode, user, password, host, port, path);
    }

    /** The same server with another path. */
    FtpUrl withPath(String newPath) {
        return new FtpUrl(mode, user, password, host, port, newPath);
    }

    /** The same server on another port. */
    FtpUrl withPort(int newPort) {
        return new FtpUrl(mode, user, password, host, newPort, path);
    }

    /** The last name of the path, or empty for a directory path ending in / or no path. */
    String fileName() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    boolean namesDirectory() {
        return path.isEmpty() || path.endsWith("/");
    }

    /** host:port, with brackets around an IPv6 address. */
    String hostAndPort() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The URL without its password, for messages. */
    @Override
    public String toString() {
        return (mode == TlsMode.IMPLICIT ? "ftps://" : "ftp://") + (user == null ? "" : user + "@") + hostAndPort() + path;
    }

    /** {@code url} with anything between :// and the last @ replaced, so messages never show a password. */
    private static String redacted(String url) {
        int start = url.indexOf("://") + 3;
        int at = url.lastIndexOf('@');
        return at > start ? url.substring(0, start) + "...@" + url.substring(at + 1) : url;
    }

    /** RFC 3986 2.1 percent-decoding into UTF-8; a '%' not followed by two hex digits is an error. */
    static String decode(String s, String what) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        var bytes = new ByteArrayOutputStream();
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < utf8.length; i++) {
            byte b = utf8[i];
            if (b == '%') {
                if (i + 2 >= utf8.length || Character.digit(utf8[i + 1], 16) < 0 || Character.digit(utf8[i + 2], 16) < 0) {
                    throw new IllegalArgumentException("bad percent-encoding in the " + what + ": write a literal % as %25");
                }
                bytes.write(Character.digit(utf8[i + 1], 16) * 16 + Character.digit(utf8[i + 2], 16));
                i += 2;
            } else {
                bytes.write(b);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
