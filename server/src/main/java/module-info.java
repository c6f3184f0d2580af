/**
 * The embeddable Wharf FTPS server. Exported: the server and its configuration, and the seams a
 * feature plugs into: user stores ({@code auth}), events ({@code spi}), storage ({@code storage}),
 * the PROXY protocol of load balancers ({@code proxy}),
 * the file-view and error types they use ({@code fs}) and the transfer log. The session machinery
 * stays inside.
 */
module dev.wharf.server {
    requires transitive dev.wharf.protocol;
    requires transitive org.slf4j; // fs.Poller logs to the Logger it is given

    exports dev.wharf.server;
    exports dev.wharf.server.auth;
    exports dev.wharf.server.config;
    exports dev.wharf.server.fs;
    exports dev.wharf.server.log;
    exports dev.wharf.server.proxy;
    exports dev.wharf.server.spi;
    exports dev.wharf.server.storage;
}
