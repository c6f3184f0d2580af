package dev.wharf.server.session;

import dev.wharf.protocol.tls.Tls;
import dev.wharf.server.auth.BanList;
import dev.wharf.server.config.ServerConfig;
import dev.wharf.server.log.TransferLog;

/** What every session of one server shares: its settings, its TLS layer, its login guard and commands. */
public final class ServerContext {
    // Volatile, and read by sessions each time they need a setting: a reload swaps it
    // (ServerConfig.withLiveSettingsOf says which parts may change).
    volatile ServerConfig config;
    final Tls tls;
    final BanList loginGuard;
    final Events events;
    final dev.wharf.server.auth.Authenticator authenticator;
    final dev.wharf.server.storage.StorageProvider storageProvider;
    final Dispatcher dispatcher = new Dispatcher(CommandTable.standard(), Policy.STANDARD);
    final CommandTable commands = dispatcher.commands();
    final PasswordCheckLanes passwordChecks = new PasswordCheckLanes();
    final IssuedTlsSessions issuedTlsSessions = new IssuedTlsSessions(java.time.Clock.systemUTC());

    /** {@code transferLog} is the first event listener, before those of the configuration. */
    public ServerContext(ServerConfig config, Tls tls, BanList loginGuard, TransferLog transferLog) {
        this.config = config;
        this.tls = tls;
        this.loginGuard = loginGuard;
        var listeners = new java.util.ArrayList<dev.wharf.server.spi.ServerEvents>();
        listeners.add(transferLog);
        listeners.addAll(config.eventListeners());
        this.events = new Events(listeners);
        this.authenticator = config.loginCacheTtl().isZero() ? config.authenticator()
                : new dev.wharf.server.auth.VerifiedLoginCache(config.authenticator(), config.loginCacheTtl(),
                        java.time.Clock.systemUTC());
        this.storageProvider = config.storageProvider();
    }

    public ServerConfig config() {
        return config;
    }

    /** Settings from now on; only {@link ServerConfig#withLiveSettingsOf} may make {@code next}. */
    public void reconfigure(ServerConfig next) {
        config = next;
    }

    public BanList loginGuard() {
        return loginGuard;
    }

    /** The configured authenticator, behind the remembered-login cache when that is on. */
    public dev.wharf.server.auth.Authenticator authenticator() {
        return authenticator;
    }
}
