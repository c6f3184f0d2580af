package dev.wharf.admin;

import dev.wharf.server.SessionSnapshot;
import dev.wharf.server.auth.BanList;
import dev.wharf.server.auth.UserAdmin;
import java.util.List;
import java.util.Locale;

/**
 * The JSON bodies of the API, as records Jackson writes as they are; their field names are the
 * schema of {@code openapi.yaml}. Times are ISO-8601 instants in UTC.
 */
final class Views {
    private Views() {}

    /** {@code {"error": "..."}}: named Failure so that it does not hide {@link java.lang.Error}. */
    record Failure(String error) {}

    record Address(String address, int port) {}

    record Tls(String protocol, String cipherSuite) {}

    record Transfer(String command, String direction, String path, long bytes, String startedAt) {}

    record Session(long id, String user, Address client, String listener, String connectedAt, Tls tls,
            String dataProtection, Transfer transfer) {
        static Session of(SessionSnapshot s) {
            return new Session(s.id(), s.user(), new Address(s.client().getAddress().getHostAddress(), s.client().getPort()),
                    s.listener(), s.connectedAt().toString(),
                    s.tlsProtocol() == null ? null : new Tls(s.tlsProtocol(), s.tlsCipherSuite()),
                    String.valueOf(s.dataProtection()),
                    s.transfer().map(t -> new Transfer(t.command(), t.direction().name().toLowerCase(Locale.ROOT), t.path(),
                            t.bytes(), t.startedAt().toString())).orElse(null));
        }
    }

    record Sessions(List<Session> sessions) {}

    record Ban(String address, String until, int failures) {
        static Ban of(BanList.Ban b) {
            return new Ban(b.address().getHostAddress(), b.until().toString(), b.failures());
        }
    }

    record Bans(List<Ban> bans) {}

    record User(String name, boolean readOnly, String home, boolean disabled) {
        static User of(UserAdmin.Account a) {
            return new User(a.name(), a.readOnly(), a.home().toString(), a.disabled());
        }
    }

    record Users(List<User> users) {}

    record SessionClosed(long closed) {}

    record BanLifted(String lifted) {}

    record UserRemoved(String removed) {}

    record Reloaded(List<String> problems, List<String> applied, List<String> needRestart) {}
}
