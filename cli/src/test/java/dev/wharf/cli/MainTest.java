package dev.wharf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.cli.config.ConfigFile;
import dev.wharf.cli.config.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path dir;

    @Test
    void versionNamesProgramAndJava() {
        var result = Cli.run("--version");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("wharf ").contains("(Java " + Runtime.version() + ")");
    }

    @Test
    void unknownCommandIsAUsageError() {
        var result = Cli.run("frobnicate");
        assertThat(result.exitCode()).isEqualTo(1); // exit code 2 means a configuration error
        assertThat(result.err()).contains("frobnicate");
    }

    @Test
    void serveHelpDocumentsEverySetting() {
        var result = Cli.run("serve", "--help");
        assertThat(result.exitCode()).isZero();
        for (Setting s : Setting.values()) {
            assertThat(result.out()).as(s.key()).contains("--" + s.key());
        }
        assertThat(result.out()).contains("--config").contains("Default: 5m.");
    }

    @Test
    void serveWithAnUnknownConfigKeyNamesTheLine() throws Exception {
        Path conf = Files.writeString(dir.resolve("wharf.conf"), "# test\nexplicit-port = 2121\nidle-timout = 5m\n");
        var result = Cli.run("serve", "--config", conf.toString(), "--state-dir", dir.resolve("state").toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("wharf: " + conf + ":3: unknown setting 'idle-timout' (did you mean 'idle-timeout'?)"
                + System.lineSeparator());
        assertThat(dir.resolve("state")).doesNotExist();
    }

    @Test
    void serveWithABadOptionNamesTheOption() {
        var result = Cli.run("serve", "--state-dir", dir.resolve("state").toString(), "--explicit-port", "ftp");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("wharf: option --explicit-port: explicit-port: expected a whole number, not 'ftp'");
    }

    @Test
    void serveWithAMissingConfigFile() {
        Path missing = dir.resolve("missing.conf");
        var result = Cli.run("serve", "--config", missing.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("config file " + missing + " does not exist");
    }

    @Test
    void optionsOverrideTheConfigFile() throws Exception {
        // The file's bad value would fail; the option replaces it before anything is checked.
        Path conf = Files.writeString(dir.resolve("wharf.conf"), "idle-timeout = soon\n");
        var result = Cli.run("serve", "--config", conf.toString(), "--state-dir", dir.resolve("state").toString(),
                "--idle-timeout", "1m", "--max-sessions", "0");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("wharf: option --max-sessions: max-sessions: max-sessions must be at least 1");
    }

    @Test
    void printConfigListsEverySettingAndReadsBackAsTheGivenOnes() throws Exception {
        Path conf = Files.writeString(dir.resolve("given.conf"), "state-dir = /var/lib/wharf\nexplicit-port = 21\n");
        var result = Cli.run("serve", "--config", conf.toString(), "--print-config", "--implicit-port", "990",
                "--tls-keystore-password", "hunter2");
        assertThat(result.exitCode()).isZero();
        for (Setting s : Setting.values()) {
            assertThat(result.out()).as(s.key()).containsPattern("(?m)^(# )?" + s.key() + " =");
        }
        assertThat(result.out()).contains("\n# idle-timeout = 5m\n").doesNotContain("hunter2");

        Path printed = Files.writeString(dir.resolve("printed.conf"), result.out());
        var readBack = ConfigFile.read(printed);
        assertThat(readBack.keySet()).containsExactly(Setting.EXPLICIT_PORT, Setting.IMPLICIT_PORT, Setting.STATE_DIR);
        assertThat(readBack.get(Setting.STATE_DIR).text()).isEqualTo("/var/lib/wharf");
        assertThat(readBack.get(Setting.IMPLICIT_PORT).text()).isEqualTo("990");
        assertThat(dir.resolve("wharf-home")).doesNotExist();
    }
}
