package dev.wharf.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.protocol.Reply;
import dev.wharf.server.auth.Authenticator;
import dev.wharf.server.auth.InMemoryUsers;
import dev.wharf.server.auth.Permission;
import dev.wharf.server.auth.User;
import dev.wharf.server.storage.Capability;
import dev.wharf.server.storage.NarrowedStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dispatcher, its policy chain and handlers, without a socket. */
class DispatcherTest {
    @TempDir
    Path home;

    private ScriptedSession clearLoginAllowed(Authenticator users) {
        return new ScriptedSession(users, b -> b.requireTlsForLogin(false));
    }

    private InMemoryUsers users() {
        return new InMemoryUsers(1000).add("alice", "pw", home, true).add("reader", "pw", home, false);
    }

    private static int code(Reply r) {
        return r.code();
    }

    /** RFC 959 4.2: 502 for a command the storage cannot do at all, 504 for a parameter it cannot. */
    @Test
    void commandsTheStorageCannotDoGetStorageErrorsReply() throws Exception {
        Files.writeString(home.resolve("a.txt"), "x");
        var noMtime = new ScriptedSession(users(), b -> b.requireTlsForLogin(false)
                .storageProvider(NarrowedStorage.homeFoldersWithout(Capability.SET_MTIME)));
        noMtime.command("USER alice");
        noMtime.command("PASS pw");
        Reply mfmt = noMtime.command("MFMT 20200101000000 a.txt");
        assertThat(code(mfmt)).isEqualTo(502);
        assertThat(mfmt.text()).isEqualTo("a.txt: Not supported by this storage: " + Capability.SET_MTIME.description());

        var noChmod = new ScriptedSession(users(), b -> b.requireTlsForLogin(false)
                .storageProvider(NarrowedStorage.homeFoldersWithout(Capability.CHMOD)));
        noChmod.command("USER alice");
        noChmod.command("PASS pw");
        Reply chmod = noChmod.command("SITE CHMOD 600 a.txt");
        assertThat(code(chmod)).isEqualTo(504);
        assertThat(chmod.text()).isEqualTo("a.txt: Not supported by this storage: " + Capability.CHMOD.description());
    }

    @Test
    void unknownVerbsAre500AndKnownUnimplementedOnes502() {
        var s = clearLoginAllowed(users());
        assertThat(code(s.command("FROB"))).isEqualTo(500);
        assertThat(code(s.command("SMNT /x"))).isEqualTo(502);
    }

    @Test
    void thePolicyChainAnswersBeforeAnyHandlerRuns() {
        var strict = new ScriptedSession(users(), b -> { });
        assertThat(code(strict.command("LIST"))).isEqualTo(530);             // log in first
        assertThat(code(strict.command("PBSZ 0"))).isEqualTo(503);           // RFC 4217 8: only inside TLS
        assertThat(strict.command("USER alice").text()).contains("TLS is required before login"); // 534
        assertThat(code(strict.command("USER alice"))).isEqualTo(534);
    }

    @Test
    void rightsAreCheckedByTheDispatcher() throws Exception {
        Files.writeString(home.resolve("keep.txt"), "x");
        var s = clearLoginAllowed(users());
        assertThat(code(s.command("USER reader"))).isEqualTo(331);
        assertThat(code(s.command("PASS pw"))).isEqualTo(230);
        Reply refusal = s.command("DELE keep.txt");
        assertThat(refusal.code()).isEqualTo(550);
        assertThat(refusal.text()).isEqualTo("Permission denied: this account may not delete files (it is read-only)");
        assertThat(code(s.command("MKD sub"))).isEqualTo(550);
        assertThat(home.resolve("keep.txt")).exists();
        assertThat(home.resolve("sub")).doesNotExist();
        assertThat(code(s.command("SIZE keep.txt"))).isEqualTo(213);
    }

    @Test
    void aUserWithFinerRightsMayDoExactlyWhatTheyAllow() throws Exception {
        Files.writeString(home.resolve("a.txt"), "x");
        Authenticator mkdirOnly = (name, password) -> Optional.of(new User(name, home,
                EnumSet.of(Permission.LIST, Permission.READ, Permission.MKDIR)));
        var s = clearLoginAllowed(mkdirOnly);
        s.command("USER bob");
        assertThat(code(s.command("PASS any"))).isEqualTo(230);
        assertThat(code(s.command("MKD made"))).isEqualTo(257);
        assertThat(s.command("RMD made").text()).contains("may not remove folders");
        assertThat(s.command("RNFR a.txt").text()).contains("may not rename");
        assertThat(s.command("SITE CHMOD 644 a.txt").text()).contains("may not change permissions");
    }

    @Test
    void argumentsAreParsedBeforeTheHandler() {
        var s = clearLoginAllowed(users());
        s.command("USER alice");
        s.command("PASS pw");
        assertThat(code(s.command("REST abc"))).isEqualTo(501);
        assertThat(code(s.command("DELE"))).isEqualTo(501);
        assertThat(code(s.command("PORT 1,2,3"))).isEqualTo(501);
        assertThat(code(s.command("EPRT |3|x|1|"))).isEqualTo(522);
        assertThat(code(s.command("REST 100"))).isEqualTo(350);
        assertThat(s.session.params.restartOffset).isEqualTo(100);
    }

    /** RFC 3659 5.5: REST applies to the next transfer, through the commands clients put between. */
    @Test
    void restSurvivesOnlyTheCommandsThatKeepIt() {
        var s = clearLoginAllowed(users());
        s.command("USER alice");
        s.command("PASS pw");
        s.command("REST 7");
        s.command("TYPE I");
        s.command("NOOP");
        assertThat(s.session.params.restartOffset).isEqualTo(7);
        s.command("PWD");
        assertThat(s.session.params.restartOffset).isZero();
    }

    @Test
    void aThrowingAuthenticatorCostsOneCommandA451NotTheSession() {
        Authenticator broken = (name, password) -> {
            throw new IllegalStateException("directory server unreachable");
        };
        var s = clearLoginAllowed(broken);
        assertThat(code(s.command("USER alice"))).isEqualTo(331);
        Reply failed = s.command("PASS pw");
        assertThat(failed.code()).isEqualTo(451);
        assertThat(failed.text()).doesNotContain("directory server"); // the cause is logged, not told
        assertThat(code(s.command("NOOP"))).isEqualTo(200);
    }

    /** The dispatcher's backstop: an exception no handler foresaw (here a user store that returns no home). */
    @Test
    void aBugBehindACommandCostsThatCommandA451() {
        Authenticator noHome = (name, password) -> Optional.of(new User(name, null, Permission.all()));
        var s = clearLoginAllowed(noHome);
        s.command("USER alice");
        Reply failed = s.command("PASS pw");
        assertThat(failed.code()).isEqualTo(451);
        assertThat(failed.text()).isEqualTo("Internal error while processing PASS; the session goes on");
        assertThat(code(s.command("NOOP"))).isEqualTo(200);
    }

    @Test
    void optsAndFeatComeFromTheSpecifications() {
        var s = clearLoginAllowed(users());
        assertThat(s.command("OPTS HASH SHA-512").text()).isEqualTo("SHA-512");
        assertThat(s.command("FEAT").lines()).anyMatch(l -> l.contains("SHA-512*"));
        assertThat(code(s.command("OPTS HASH NOPE"))).isEqualTo(501);
        assertThat(s.command("OPTS PWD x").text()).isEqualTo("PWD has no options");
        assertThat(s.command("OPTS MLST size;type;").text()).isEqualTo("MLST OPTS type;size;");
        assertThat(s.command("HELP RETR").text()).isEqualTo("Syntax: RETR <path>");
    }

    @Test
    void everyVerbNamesTheSpecItImplements() {
        var table = CommandTable.standard();
        assertThat(table.all()).allSatisfy(c -> assertThat(c.section()).matches("(RFC|MS-FTPS|draft-).*"));
        assertThat(table.get("ABOR").answeredDuring(false)).isTrue();
        assertThat(table.get("STAT").answeredDuring(false)).isTrue();
        assertThat(table.get("STAT").answeredDuring(true)).isFalse();
        assertThat(table.get("QUIT").answeredDuring(false)).isFalse();
    }
}
