package dev.wharf.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.cli.config.ConfigException;
import dev.wharf.cli.config.ConfigFile;
import dev.wharf.cli.config.Setting;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminEndpointTest {
    @TempDir
    Path dir;

    private static Map<Setting, ConfigFile.Value> values(Setting s, String v) {
        var values = new EnumMap<Setting, ConfigFile.Value>(Setting.class);
        values.put(s, new ConfigFile.Value(v, "wharf.conf:4"));
        return values;
    }

    @Test
    void offByDefaultAPortAloneIsOnLoopback() throws Exception {
        assertThat(AdminEndpoint.address(new EnumMap<>(Setting.class))).isEmpty();
        assertThat(AdminEndpoint.address(values(Setting.ADMIN_ADDRESS, "off"))).isEmpty();
        assertThat(AdminEndpoint.address(values(Setting.ADMIN_ADDRESS, "9465")))
                .contains(new InetSocketAddress(InetAddress.getLoopbackAddress(), 9465));
        assertThat(AdminEndpoint.address(values(Setting.ADMIN_ADDRESS, "0.0.0.0:9000")))
                .contains(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 9000));
        assertThat(AdminEndpoint.address(values(Setting.ADMIN_ADDRESS, "[::1]:9465")))
                .contains(new InetSocketAddress(InetAddress.getByName("::1"), 9465));
    }

    @Test
    void badAddressesNameTheSettingAndWhereItWasSet() {
        assertThatThrownBy(() -> AdminEndpoint.address(values(Setting.ADMIN_ADDRESS, "localhost:9465")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("wharf.conf:4: admin-address: 'localhost' is not an IP address literal");
        assertThatThrownBy(() -> AdminEndpoint.address(values(Setting.ADMIN_ADDRESS, "::1:9465")))
                .hasMessageContaining("write an IPv6 address in brackets");
        assertThatThrownBy(() -> AdminEndpoint.address(values(Setting.ADMIN_ADDRESS, "127.0.0.1:99999")))
                .hasMessageContaining("expected a port");
    }

    @Test
    void theTokenFileDefaultsToTheStateFolder() {
        assertThat(AdminEndpoint.tokenFile(values(Setting.STATE_DIR, "/var/lib/wharf"))).isEqualTo(Path.of("/var/lib/wharf/admin-token"));
        assertThat(AdminEndpoint.tokenFile(values(Setting.ADMIN_TOKEN_FILE, "/etc/wharf/token"))).isEqualTo(Path.of("/etc/wharf/token"));
    }

    @Test
    void aMissingTokenIsGeneratedOnceAndThenRead() throws Exception {
        Path file = dir.resolve("state/admin-token");
        var first = AdminEndpoint.readOrCreate(file);
        assertThat(first.created()).isTrue();
        assertThat(first.toString()).doesNotContain(first.value());
        var again = AdminEndpoint.readOrCreate(file);
        assertThat(again.created()).isFalse();
        assertThat(again.value()).isEqualTo(first.value());
        assertThat(AdminEndpoint.readOrCreate(dir.resolve("other")).value()).isNotEqualTo(first.value());
    }

    @Test
    void aTokenFileOthersMayReadIsNoticed() throws Exception {
        Path file = dir.resolve("admin-token");
        assertThat(AdminEndpoint.readOrCreate(file).readableByOthers()).as("generated owner-only").isFalse();
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException notPosix) {
            return;
        }
        assertThat(AdminEndpoint.readOrCreate(file).readableByOthers()).isTrue();
    }

    @Test
    void aShortTokenIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "short\n");
        assertThatThrownBy(() -> AdminEndpoint.read(file)).hasMessage(file + ": the admin token must have at least 16 characters");
    }
}
