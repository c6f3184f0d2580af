package dev.wharf.server.spi;

import java.net.InetSocketAddress;

/**
 * The session an event happened in, as it was at that moment.
 *
 * @param id     unique within the server's run, as in the log lines ({@code [#12 ...]})
 * @param client the client's address and port
 * @param implicit whether it came in on the implicit FTPS listener
 * @param user   the logged-in user, or null
 * @param host   the RFC 7151 HOST it asked for, or null
 */
public record SessionInfo(long id, InetSocketAddress client, boolean implicit, String user, String host) {}
