package dev.wharf.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** openapi.yaml describes every route the API serves, and nothing it does not. */
class OpenApiTest {
    @TempDir
    Path dir;

    /**
     * The operations of the file as {@code METHOD /api/v1/path}: a path is a key at two spaces under
     * {@code paths:}, its methods the keys at four (the file's layout, which this test holds it to).
     */
    private static List<String> describedOperations() throws IOException {
        String yaml;
        try (InputStream in = AdminApi.class.getResourceAsStream("openapi.yaml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        var operations = new ArrayList<String>();
        boolean inPaths = false;
        String path = null;
        for (String line : yaml.lines().toList()) {
            if (!line.startsWith(" ")) {
                inPaths = line.equals("paths:");
                continue;
            }
            if (!inPaths) {
                continue;
            }
            if (line.matches("  /\\S*:")) {
                path = line.strip().replaceAll(":$", "");
            } else if (line.matches("    (get|post|put|delete|patch):")) {
                operations.add(line.strip().replaceAll(":$", "").toUpperCase(Locale.ROOT) + " " + AdminApi.PREFIX + path);
            }
        }
        return operations;
    }

    @Test
    void everyRouteIsDescribedAndEveryDescribedOperationIsARoute() throws Exception {
        try (var f = new AdminFixture(dir)) {
            List<String> routes = f.api.routes();
            assertThat(routes).hasSizeGreaterThanOrEqualTo(12);
            assertThat(describedOperations()).containsExactlyInAnyOrderElementsOf(routes);
        }
    }
}
