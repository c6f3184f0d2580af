package dev.wharf.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The edits behind {@code wharf user} and the admin API, on a real file. */
class UserAdminTest {
    @TempDir
    Path dir;

    private final AtomicInteger saves = new AtomicInteger();

    private UserAdmin admin() {
        return new UsersFileAdmin(dir.resolve("users"), PasswordHashTest.FAST, saves::incrementAndGet);
    }

    private boolean logsIn(String name, String password) throws IOException {
        return UsersFile.load(dir.resolve("users")).authenticate(name, password).isPresent();
    }

    @Test
    void addCreatesTheHomeAndTheUserLogsIn() throws IOException {
        var added = admin().add("carol", "carol-pw", dir.resolve("homes/carol"), true);
        assertThat(added).isEqualTo(new UserAdmin.Account("carol", true, dir.resolve("homes/carol"), false));
        assertThat(dir.resolve("homes/carol")).isDirectory();
        assertThat(logsIn("carol", "carol-pw")).isTrue();
        assertThat(admin().list()).containsExactly(added);
        assertThat(saves).hasValue(1);
    }

    @Test
    void refusesAnExistingUserABadNameAndAnEmptyPassword() throws IOException {
        admin().add("carol", "carol-pw", dir, false);
        assertThatThrownBy(() -> admin().add("carol", "other", dir, false))
                .isInstanceOf(UserAdmin.UserExistsException.class).hasMessage("user 'carol' exists already");
        assertThatThrownBy(() -> admin().add("bad name", "pw", dir, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> admin().add("dave", "", dir, false)).isInstanceOf(IllegalArgumentException.class);
        assertThat(admin().list()).extracting(UserAdmin.Account::name).containsExactly("carol");
        assertThat(logsIn("carol", "carol-pw")).isTrue();
    }

    @Test
    void passwordDisableEnableAndRemove() throws IOException {
        admin().add("carol", "carol-pw", dir, false);
        admin().setPassword("carol", "new-pw");
        assertThat(logsIn("carol", "carol-pw")).isFalse();
        assertThat(logsIn("carol", "new-pw")).isTrue();

        assertThat(admin().setDisabled("carol", true).disabled()).isTrue();
        assertThat(logsIn("carol", "new-pw")).isFalse();
        admin().setPassword("carol", "third-pw");
        assertThat(admin().find("carol").orElseThrow().disabled()).as("a new password does not enable").isTrue();
        admin().setDisabled("carol", false);
        assertThat(logsIn("carol", "third-pw")).isTrue();

        admin().remove("carol");
        assertThat(admin().list()).isEmpty();
        assertThat(dir).isDirectory();
        assertThat(saves).hasValue(6);
    }

    @Test
    void editsOfAnUnknownUserSayWhichFile() {
        String message = "no user 'nobody' in " + dir.resolve("users");
        assertThatThrownBy(() -> admin().remove("nobody")).isInstanceOf(UserAdmin.NoSuchUserException.class).hasMessage(message);
        assertThatThrownBy(() -> admin().setPassword("nobody", "pw")).isInstanceOf(UserAdmin.NoSuchUserException.class);
        assertThatThrownBy(() -> admin().setDisabled("nobody", true)).isInstanceOf(UserAdmin.NoSuchUserException.class);
        assertThat(saves).hasValue(0);
    }
}
