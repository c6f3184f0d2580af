package dev.wharf.cli;

import dev.wharf.cli.config.ConfigException;
import dev.wharf.cli.config.ConfigFile;
import dev.wharf.cli.config.Deployment;
import dev.wharf.cli.config.Setting;
import dev.wharf.protocol.Failures;
import dev.wharf.server.CertificateReloader;
import dev.wharf.server.WharfServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one reload of a running {@code wharf serve}, whoever asks (SIGHUP, {@code systemctl reload},
 * the admin API): the certificate and key files, the users, and the settings that can change live.
 * Each part that cannot be read keeps what the server runs on and says why; the others still reload.
 */
public final class ServerReload {
    private static final Logger LOG = LoggerFactory.getLogger(ServerReload.class);

    /** Where the settings come from, read again on each reload (the config file, then the options). */
    @FunctionalInterface
    public interface SettingsSource {
        Map<Setting, ConfigFile.Value> read() throws ConfigException;
    }

    /**
     * What one reload did. {@code applied} are the live settings that changed and now apply;
     * {@code needRestart} those that changed but only apply after a restart. A problem is empty when
     * that part reloaded.
     */
    public record Report(Optional<String> certificateProblem, Optional<String> usersProblem,
                         Optional<String> settingsProblem, List<String> applied, List<String> needRestart) {
        public Report {
            applied = List.copyOf(applied);
            needRestart = List.copyOf(needRestart);
        }

        public boolean ok() {
            return certificateProblem.isEmpty() && usersProblem.isEmpty() && settingsProblem.isEmpty();
        }
    }

    private final WharfServer server;
    private final CertificateReloader certificate;
    private final SettingsSource source;
    /** The settings the server runs on: what it started with, plus each live change since. */
    private final Map<Setting, ConfigFile.Value> running;

    public ServerReload(WharfServer server, CertificateReloader certificate, SettingsSource source,
                        Map<Setting, ConfigFile.Value> startedWith) {
        this.server = server;
        this.certificate = certificate;
        this.source = source;
        this.running = new EnumMap<>(Setting.class);
        this.running.putAll(startedWith);
    }

    /** Reloads everything now; one reload at a time. */
    public synchronized Report run() {
        Optional<String> certificateProblem = certificate.reload() ? Optional.empty() : certificate.problem();
        Optional<String> usersProblem = Optional.empty();
        try {
            server.reloadUsers();
        } catch (IOException | RuntimeException e) {
            usersProblem = Optional.of(Failures.describe(e));
            LOG.warn("users not reloaded, keeping those read before: {}", usersProblem.get());
        }
        var applied = new ArrayList<String>();
        var needRestart = new ArrayList<String>();
        Optional<String> settingsProblem = Optional.empty();
        try {
            Map<Setting, ConfigFile.Value> next = source.read();
            server.reconfigure(Deployment.liveSettings(next));
            for (Setting s : Setting.values()) {
                String was = Deployment.effective(running, s).strip();
                String now = Deployment.effective(next, s).strip();
                if (was.equals(now)) {
                    continue;
                }
                if (s.live()) {
                    applied.add(s.key());
                    setRunning(s, next);
                } else {
                    // Kept as it was in 'running', so that every reload until the restart says so again.
                    needRestart.add(s.key());
                    LOG.warn("setting {} changed ({}), but needs a restart: the server still runs with {}",
                            s.key(), shown(s, now), shown(s, was));
                }
            }
            LOG.info(applied.isEmpty() ? "settings reloaded: no live setting changed"
                    : "settings reloaded: " + String.join(", ", applied) + " now apply");
        } catch (ConfigException e) {
            settingsProblem = Optional.of(e.getMessage());
            LOG.warn("settings not reloaded, the server keeps running with those it has: {}", e.getMessage());
        }
        return new Report(certificateProblem, usersProblem, settingsProblem, applied, needRestart);
    }

    private void setRunning(Setting s, Map<Setting, ConfigFile.Value> next) {
        if (next.containsKey(s)) {
            running.put(s, next.get(s));
        } else {
            running.remove(s);
        }
    }

    /** A password setting is never shown, not even in a log. */
    private static String shown(Setting s, String value) {
        return s.key().contains("password") ? "(hidden)" : "'" + value + "'";
    }
}
