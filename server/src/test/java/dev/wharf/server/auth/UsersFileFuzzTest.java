package dev.wharf.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Path;

/** Fuzz target: the users file parser (a file an admin edits by hand). A refusal is an IOException naming the line. */
class UsersFileFuzzTest {
    private static final Path FILE = Path.of("/etc/wharf/users");

    @FuzzTest(maxDuration = "2m")
    void usersFile(byte[] content) {
        try {
            UsersFile users = UsersFile.parse(FILE, content);
            for (UsersFile.Entry e : users.entries()) {
                assertThat(e.name()).isNotBlank().doesNotContain(":").doesNotContain("\n");
            }
        } catch (IOException refused) {
            assertThat(refused.getMessage()).contains(FILE.toString());
        }
    }
}
