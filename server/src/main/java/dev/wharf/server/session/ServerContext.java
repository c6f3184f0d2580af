package dev.wharf.server.session;

import dev.wharf.protocol.tls.Tls;
import dev.wharf.server.auth.LoginGuard;
import dev.wharf.server.config.ServerConfig;

/** What every session of one server shares: its settings, its TLS layer, its login guard and commands. */
public final class ServerContext {
    final ServerConfig config;
    final Tls tls;
    final LoginGuard loginGuard;
    final CommandTable commands = CommandTable.standard();

    public ServerContext(ServerConfig config, Tls tls, LoginGuard loginGuard) {
        this.config = config;
        this.tls = tls;
        this.loginGuard = loginGuard;
    }

    public ServerConfig config() {
        return config;
    }

    public LoginGuard loginGuard() {
        return loginGuard;
    }
}
