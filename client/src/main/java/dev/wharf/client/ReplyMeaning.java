package dev.wharf.client;

import dev.wharf.protocol.Reply;
import dev.wharf.protocol.ReplyCode;

/**
 * Plain words for reply codes (RFC 959 4.2, RFC 2228, RFC 2428, RFC 4217), for exception messages, and
 * the exception for a reply that is not the one expected.
 */
final class ReplyMeaning {
    private ReplyMeaning() {}

    static String describe(String command, Reply reply) {
        return command + " failed: " + meaning(reply.code()) + " (server replied " + reply.code() + " "
                + firstLine(reply) + ")";
    }

    /**
     * The reply must carry {@code code}; where 200 or 250 is expected any 2xx is accepted, since
     * servers differ there (CWD, DELE, RNTO answer 200 or 250).
     */
    static Reply expect(Reply r, String command, int code) throws FtpsReplyException {
        boolean lenient = code == ReplyCode.COMMAND_OK || code == ReplyCode.FILE_ACTION_OK;
        if (r.code() != code && !(lenient && r.isPositiveCompletion())) {
            throw new FtpsReplyException(command, r);
        }
        return r;
    }

    static String firstLine(Reply reply) {
        String first = reply.lines().get(0).strip();
        return first.length() > 200 ? first.substring(0, 200) + "..." : first;
    }

    static String meaning(int code) {
        return switch (code) {
            case 421 -> "the server is closing the connection (shutting down, overloaded or idle timeout)";
            case 425 -> "the server could not open the data connection";
            case 426 -> "the data connection was closed and the transfer aborted";
            case 450 -> "the file is busy or not available right now";
            case 451 -> "the server hit a local error while processing";
            case 452, 552 -> "the server has no room to store the file";
            case 500 -> "the server does not recognize this command";
            case 501 -> "the server did not accept the command's arguments";
            case 502 -> "the server does not implement this command";
            case 503 -> "the command came in the wrong order";
            case 504 -> "the server does not support this parameter";
            case 521 -> "data connections must be protected (PROT P) on this server";
            case 522 -> "the server refused the data connection's network protocol or TLS setup";
            case 530 -> "not logged in";
            case 532 -> "the server needs an account (ACCT) to store files";
            case 533 -> "the command needs a TLS-protected control connection";
            case 534 -> "the server's security policy refused the request";
            case 536 -> "the server does not support this data protection level";
            case 550 -> "the file or directory is not available (not found, or no permission)";
            case 551 -> "the page type is unknown";
            case 553 -> "the file name is not allowed";
            default -> code >= 500 ? "the server refused the command"
                    : code >= 400 ? "the server could not do it right now" : "unexpected reply";
        };
    }
}
