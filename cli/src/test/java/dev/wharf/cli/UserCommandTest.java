package dev.wharf.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wharf.server.auth.UsersFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserCommandTest {
    private static final Pattern GENERATED = Pattern.compile("Generated password: (\\S+)");

    @TempDir
    Path dir;

    private Path users() {
        return dir.resolve("users");
    }

    private Path home(String name) {
        return dir.resolve("homes").resolve(name);
    }

    private Cli user(String... args) {
        return userWithInput("", args);
    }

    private Cli userWithInput(String stdin, String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "user";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--users-file";
        all[args.length + 2] = users().toString();
        return Cli.runWithInput(stdin, all);
    }

    private static String generatedPassword(Cli result) {
        var m = GENERATED.matcher(result.out());
        assertThat(m.find()).as("password in %s", result.out()).isTrue();
        return m.group(1);
    }

    private boolean authenticates(String name, String password) throws Exception {
        return UsersFile.load(users()).authenticate(name, password).isPresent();
    }

    @Test
    void addWithAGeneratedPassword() throws Exception {
        var result = user("add", "bob", "--home", home("bob").toString(), "--generate-password");
        assertThat(result.exitCode()).as(result.err()).isZero();
        String password = generatedPassword(result);
        assertThat(authenticates("bob", password)).isTrue();
        assertThat(authenticates("bob", password + "x")).isFalse();
        assertThat(home("bob")).isDirectory();
        assertThat(result.out()).contains("Added user 'bob' (read-write, home " + home("bob") + ") to " + users());
    }

    @Test
    void addWithThePasswordOnStandardInput() throws Exception {
        var result = userWithInput("from stdin ✓\nignored\n", "add", "carol", "--home", home("carol").toString(),
                "--read-only", "--password-stdin");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).doesNotContain("from stdin").contains("read-only");
        assertThat(authenticates("carol", "from stdin ✓")).isTrue();
        assertThat(UsersFile.load(users()).get("carol").orElseThrow().writable()).isFalse();
    }

    @Test
    void emptyStandardInputIsRefused() {
        var result = userWithInput("", "add", "carol", "--home", home("carol").toString(), "--password-stdin");
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.err()).contains("no password on standard input");
        assertThat(users()).doesNotExist();
    }

    @Test
    void addingAnExistingUserFails() {
        user("add", "bob", "--home", home("bob").toString(), "--generate-password");
        var again = user("add", "bob", "--home", home("other").toString(), "--generate-password");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("user 'bob' exists already; use 'wharf user passwd bob'");
        assertThat(again.out()).doesNotContain("Generated password");
    }

    @Test
    void badUserNameIsAShortError() {
        var result = user("add", "bad name!", "--home", home("x").toString(), "--generate-password");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("wharf: user name 'bad name!' must be").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(users()).doesNotExist();
    }

    @Test
    void noPasswordSourceWithoutATerminalIsAShortError() {
        assumeTrue(System.getenv("WHARF_PASSWORD") == null && Environment.interactiveConsole() == null, "no password source");
        var result = user("add", "bob", "--home", home("bob").toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("wharf: no terminal to ask for a password: use --password-stdin, --generate-password or WHARF_PASSWORD")
                .doesNotContain("\tat ");
    }

    @Test
    void listShowsNameRightsAndHome() {
        user("add", "bob", "--home", home("bob").toString(), "--generate-password");
        user("add", "ann", "--home", home("ann").toString(), "--generate-password", "--read-only");
        var list = user("list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out().lines()).containsExactly("bob\trw\t" + home("bob"), "ann\tro\t" + home("ann"));
    }

    @Test
    void listOfAMissingFileIsEmpty() {
        var list = user("list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).isEmpty();
    }

    @Test
    void damagedUsersFileIsAShortError() throws Exception {
        Files.writeString(users(), "bob:x:rw:/srv\n");
        var list = user("list");
        assertThat(list.exitCode()).isEqualTo(1);
        assertThat(list.err()).startsWith("wharf: " + users() + ":1: password hash must start with").doesNotContain("\tat ");
    }

    @Test
    void removeDeletesTheUserButNotTheFiles() throws Exception {
        user("add", "bob", "--home", home("bob").toString(), "--generate-password");
        var result = user("remove", "bob");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Removed user 'bob'.");
        assertThat(UsersFile.load(users()).get("bob")).isEmpty();
        assertThat(home("bob")).isDirectory();
    }

    @Test
    void removingAnUnknownUserFails() {
        var result = user("remove", "nobody");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("no user 'nobody' in " + users());
    }

    @Test
    void passwdReplacesThePasswordAndKeepsTheRest() throws Exception {
        user("add", "bob", "--home", home("bob").toString(), "--generate-password", "--read-only");
        var result = userWithInput("new-password-1\n", "passwd", "bob", "--password-stdin");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(authenticates("bob", "new-password-1")).isTrue();
        var entry = UsersFile.load(users()).get("bob").orElseThrow();
        assertThat(entry.writable()).isFalse();
        assertThat(entry.home()).isEqualTo(home("bob"));
    }

    @Test
    void disableRefusesTheLoginAndEnableRestoresTheOldPassword() throws Exception {
        String password = generatedPassword(user("add", "bob", "--home", home("bob").toString(), "--generate-password"));
        var disabled = user("disable", "bob");
        assertThat(disabled.exitCode()).as(disabled.err()).isZero();
        assertThat(disabled.out()).contains("Disabled user 'bob'");
        assertThat(authenticates("bob", password)).isFalse();
        assertThat(user("list").out().lines()).containsExactly("bob\trw\t" + home("bob") + "\tdisabled");
        var enabled = user("enable", "bob");
        assertThat(enabled.exitCode()).as(enabled.err()).isZero();
        assertThat(authenticates("bob", password)).isTrue();
        assertThat(user("list").out().lines()).containsExactly("bob\trw\t" + home("bob"));
    }

    @Test
    void disablingAnUnknownUserFails() {
        var result = user("disable", "nobody");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("no user 'nobody' in " + users());
    }
}
