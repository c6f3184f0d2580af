package dev.wharf.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
    @TempDir
    Path dir;

    /** Writes the lines to a config file; tests refer to it as file() in expected messages. */
    Path write(String... lines) throws IOException {
        return Files.writeString(file(), String.join("\n", lines) + "\n");
    }

    Path file() {
        return dir.resolve("wharf.conf");
    }

    Map<Setting, ConfigFile.Value> read(String... lines) throws Exception {
        return ConfigFile.read(write(lines));
    }

    @Test
    void readsKeyValueLinesWithTheirOrigin() throws Exception {
        var values = read("# Wharf", "", "explicit-port = 2121", "   ", "  # indented comment", "idle-timeout=30s");
        assertThat(values).containsOnlyKeys(Setting.EXPLICIT_PORT, Setting.IDLE_TIMEOUT);
        assertThat(values.get(Setting.EXPLICIT_PORT)).isEqualTo(new ConfigFile.Value("2121", file() + ":3"));
        assertThat(values.get(Setting.IDLE_TIMEOUT)).isEqualTo(new ConfigFile.Value("30s", file() + ":6"));
    }

    @Test
    void valueIsEverythingAfterTheFirstEqualsSign() throws Exception {
        assertThat(read("greeting =  a = b  ").get(Setting.GREETING).text()).isEqualTo("a = b");
        assertThat(read("anonymous-home =").get(Setting.ANONYMOUS_HOME).text()).isEmpty();
    }

    @Test
    void keysIgnoreCase() throws Exception {
        assertThat(read("Explicit-Port = 21")).containsKey(Setting.EXPLICIT_PORT);
    }

    @Test
    void lineWithoutEqualsSignIsAnError() {
        assertThatThrownBy(() -> read("# x", "explicit-port 21"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file() + ":2: expected 'key = value', found 'explicit-port 21'");
    }

    @Test
    void unknownKeySuggestsTheClosestOne() {
        assertThatThrownBy(() -> read("idle-timout = 5m"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file() + ":1: unknown setting 'idle-timout' (did you mean 'idle-timeout'?)");
        assertThatThrownBy(() -> read("IMPLICIT_PORT = 990"))
                .hasMessageContaining("did you mean 'implicit-port'?");
    }

    @Test
    void unknownKeyFarFromAnyPointsToHelp() {
        assertThatThrownBy(() -> read("frobnicate = yes"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file() + ":1: unknown setting 'frobnicate'; 'wharf serve --help' lists them all");
    }

    @Test
    void suggestionDoesNotDependOnTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR")); // where "I".toLowerCase() is a dotless 'ı'
        try {
            assertThatThrownBy(() -> read("IMPLICIT-PORTS = 990")).hasMessageContaining("did you mean 'implicit-port'?");
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void duplicateKeyNamesTheFirstLine() {
        assertThatThrownBy(() -> read("explicit-port = 21", "# again", "EXPLICIT-PORT = 2121"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file() + ":3: 'EXPLICIT-PORT' is already set at " + file() + ":1");
    }

    @Test
    void byteOrderMarkIsIgnored() throws Exception {
        // Notepad and PowerShell's Out-File -Encoding utf8 start UTF-8 files with U+FEFF.
        Files.writeString(file(), "\uFEFFexplicit-port = 2121\n", StandardCharsets.UTF_8);
        assertThat(ConfigFile.read(file()).get(Setting.EXPLICIT_PORT).text()).isEqualTo("2121");
    }

    @Test
    void missingFileIsAnError() {
        Path missing = dir.resolve("nope.conf");
        assertThatThrownBy(() -> ConfigFile.read(missing))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config file " + missing + " does not exist");
    }

    @Test
    void folderIsNotAConfigFile() {
        assertThatThrownBy(() -> ConfigFile.read(dir))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cannot read config file " + dir);
    }
}
