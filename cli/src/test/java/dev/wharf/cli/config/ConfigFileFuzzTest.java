package dev.wharf.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Fuzz target: the config file, then the settings it holds applied as {@code wharf serve} applies
 * them. A refusal is a ConfigException that names the file; nothing else may come out.
 */
class ConfigFileFuzzTest {
    private static final Path FILE = temporaryFile();

    private static Path temporaryFile() {
        try {
            Path f = Files.createTempFile("wharf-fuzz-", ".conf");
            f.toFile().deleteOnExit();
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "2m")
    void configFile(byte[] content) throws IOException {
        Files.write(FILE, content);
        try {
            Map<Setting, ConfigFile.Value> values = ConfigFile.read(FILE);
            Deployment.liveSettings(values);
        } catch (ConfigException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }
}
