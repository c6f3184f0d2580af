package dev.wharf.server.transfer;

import dev.wharf.server.support.TestServer;

/**
 * The password {@link RawClient} logs in with, kept here only because RawClient names it so; the
 * server of these tests is {@link TestServer}. Delete this class once RawClient uses
 * {@link TestServer#PASSWORD}.
 */
final class TransferServer {
    static final String PASSWORD = TestServer.PASSWORD;

    private TransferServer() {}
}
