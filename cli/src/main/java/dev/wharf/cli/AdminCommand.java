package dev.wharf.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.admin.AdminClient;
import dev.wharf.cli.client.ExitCode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpConnectTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code wharf admin ...}: the admin API of a running {@code wharf serve} (its {@code admin-address}),
 * over HTTP with the token of its {@code admin-token-file}. Tables for people, {@code --json} (the
 * API's answer, one line) for scripts.
 */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = "Sees and manages a running server through its admin API (wharf serve --admin-address).",
        subcommands = {AdminCommand.Sessions.class, AdminCommand.Close.class, AdminCommand.Bans.class, AdminCommand.Unban.class,
            AdminCommand.Reload.class, AdminCommand.Users.class, AdminCommand.UserAdd.class, AdminCommand.UserRemove.class,
            AdminCommand.UserDisable.class, AdminCommand.UserEnable.class, AdminCommand.UserPasswd.class},
        footer = {"", "Exit codes: 0 done; 2 no token file, or a bad one; 3 the API cannot be reached;",
            "  5 the token was refused; 6 the API refused the request (no such session, ban",
            "  or user; a user that exists; bad input)."})
final class AdminCommand {

    static final class ApiOptions {
        @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:" + AdminEndpoint.DEFAULT_PORT,
                description = "The admin API (the server's admin-address). Default: ${DEFAULT-VALUE}.")
        URI url;

        @Option(names = "--token-file", paramLabel = "PATH", defaultValue = AdminEndpoint.DEFAULT_TOKEN_FILE,
                description = "The server's admin-token-file. Default: ${DEFAULT-VALUE}.")
        Path tokenFile;

        @Option(names = "--json", description = "Print the API's JSON answer on one line instead of a table.")
        boolean json;
    }

    /** One API call and how its answer is printed. */
    abstract static class Call implements Callable<Integer> {
        @Mixin ApiOptions api = new ApiOptions();

        /** What is asked for before the call (a password): its failure is the user's, not the API's. */
        void prepare() throws IOException {
        }

        abstract JsonNode call(AdminClient client) throws IOException;

        abstract void print(JsonNode answer);

        @Override
        public final Integer call() {
            String token;
            try {
                prepare();
                token = AdminEndpoint.read(api.tokenFile);
            } catch (NoSuchFileException e) {
                System.err.println("wharf: no token file " + api.tokenFile + " (the server's admin-token-file; --token-file)");
                return ExitCode.CONFIG;
            } catch (IOException e) {
                System.err.println("wharf: " + e.getMessage());
                return ExitCode.CONFIG;
            }
            JsonNode answer;
            try {
                answer = call(new AdminClient(api.url, token, Duration.ofSeconds(10)));
            } catch (AdminClient.ApiError e) {
                System.err.println("wharf: " + e.getMessage());
                return e.status() == 401 ? ExitCode.LOGIN : ExitCode.REMOTE_FILE;
            } catch (ConnectException | HttpConnectTimeoutException e) {
                System.err.println("wharf: cannot reach the admin API at " + api.url + " (is the server running with admin-address set?)");
                return ExitCode.CONNECTION;
            } catch (IOException e) {
                System.err.println("wharf: admin API at " + api.url + ": " + e.getMessage());
                return ExitCode.CONNECTION;
            }
            if (api.json) {
                System.out.println(answer);
            } else {
                print(answer);
            }
            return ExitCode.OK;
        }
    }

    static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Columns as wide as their widest cell, two spaces apart; the last one unpadded. */
    static void table(List<String> header, List<List<String>> rows) {
        var all = new ArrayList<List<String>>();
        all.add(header);
        all.addAll(rows);
        int[] width = new int[header.size()];
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        for (List<String> row : all) {
            var line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + (width[i] + 2) + "s", row.get(i)));
            }
            System.out.println(line.toString().stripTrailing());
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? "-" : node.asText();
    }

    @Command(name = "sessions", mixinStandardHelpOptions = true, description = "Lists the open sessions and their transfers.")
    static final class Sessions extends Call {
        @Override
        JsonNode call(AdminClient client) throws IOException {
            return client.get("/sessions");
        }

        @Override
        void print(JsonNode answer) {
            var rows = new ArrayList<List<String>>();
            for (JsonNode s : answer.get("sessions")) {
                JsonNode tls = s.get("tls");
                JsonNode t = s.get("transfer");
                String client = s.get("client").get("address").asText();
                rows.add(List.of(s.get("id").asText(), text(s.get("user")),
                        (client.contains(":") ? "[" + client + "]" : client) + ":" + s.get("client").get("port").asText(),
                        s.get("listener").asText(), s.get("connectedAt").asText(),
                        tls.isNull() ? "clear" : tls.get("protocol").asText() + " " + tls.get("cipherSuite").asText(),
                        s.get("dataProtection").asText(),
                        t.isNull() ? "-" : t.get("command").asText() + " " + t.get("path").asText() + " " + t.get("bytes").asText() + " bytes"));
            }
            table(List.of("ID", "USER", "CLIENT", "LISTENER", "CONNECTED", "TLS", "PROT", "TRANSFER"), rows);
        }
    }

    @Command(name = "close", mixinStandardHelpOptions = true, description = "Closes a session (the client gets 421).")
    static final class Close extends Call {
        @Parameters(paramLabel = "ID", description = "The session's id, as 'wharf admin sessions' and the log show it.") long id;

        @Override
        JsonNode call(AdminClient client) throws IOException {
            return client.delete("/sessions/" + id);
        }

        @Override
        void print(JsonNode answer) {
            System.out.println("Closed session " + answer.get("closed").asText() + ".");
        }
    }

    @Command(name = "bans", mixinStandardHelpOptions = true, description = "Lists the addresses banned after failed logins.")
    static final class Bans extends Call {
        @Override
        JsonNode call(AdminClient client) throws IOException {
            return client.get("/bans");
        }

        @Override
        void print(JsonNode answer) {
            var rows = new ArrayList<List<String>>();
            for (JsonNode b : answer.get("bans")) {
                rows.add(List.of(b.get("address").asText(), b.get("until").asText(), b.get("failures").asText()));
            }
            table(List.of("ADDRESS", "UNTIL", "FAILURES"), rows);
        }
    }

    @Command(name = "unban", mixinStandardHelpOptions = true, description = "Lifts a ban: the address may log in again at once.")
    static final class Unban extends Call {
        @Parameters(paramLabel = "ADDRESS", description = "An IPv4 or IPv6 address.") String address;

        @Override
        JsonNode call(AdminClient client) throws IOException {
            return client.delete("/bans/" + segment(address));
        }

        @Override
        void print(JsonNode answer) {
            System.out.println("Lifted the ban of " + answer.get("lifted").asText() + ".");
        }
    }

    @Command(name = "reload", mixinStandardHelpOptions = true, description = "Reads the certificate, the users and the config file's live settings again, as SIGHUP does.")
    static final class Reload extends Call {
        @Override
        JsonNode call(AdminClient client) throws IOException {
            return client.post("/reload", null);
        }

        @Override
        void print(JsonNode answer) {
            if (answer.get("problems").isEmpty()) {
                System.out.println("Reloaded.");
            }
            for (JsonNode p : answer.get("problems")) {
                System.out.println("Problem: " + p.asText());
            }
            for (JsonNode applied : answer.path("applied")) {
                System.out.println("Now applies: " + applied.asText());
            }
            for (JsonNode later : answer.path("needRestart")) {
                System.out.println("Changed, but needs a restart: " + later.asText());
            }
        }
    }

    @Command(name = "users", mixinStandardHelpOptions = true, description = "Lists the users, their rights and homes.")
    static final class Users extends Call {
        @Override
        JsonNode call(AdminClient client) throws IOException {
            return client.get("/users");
        }

        @Override
        void print(JsonNode answer) {
            var rows = new ArrayList<List<String>>();
            for (JsonNode u : answer.get("users")) {
                rows.add(List.of(u.get("name").asText(), u.get("readOnly").asBoolean() ? "ro" : "rw",
                        u.get("disabled").asBoolean() ? "disabled" : "enabled", u.get("home").asText()));
            }
            table(List.of("NAME", "RIGHTS", "STATE", "HOME"), rows);
        }
    }

    /** What the user commands print: the user as the API now has it. */
    abstract static class UserCall extends Call {
        abstract String done();

        @Override
        void print(JsonNode u) {
            System.out.println(done() + " user '" + u.get("name").asText() + "' (" + (u.get("readOnly").asBoolean() ? "read-only" : "read-write")
                    + (u.get("disabled").asBoolean() ? ", disabled" : "") + ", home " + u.get("home").asText() + ").");
        }
    }

    @Command(name = "user-add", mixinStandardHelpOptions = true, description = "Adds a user, as 'wharf user add' does on the server's users file.")
    static final class UserAdd extends UserCall {
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Option(names = "--home", required = true, paramLabel = "DIR", description = "The user's home folder on the server.") String home;
        @Option(names = "--read-only", description = "The user may download and list, but not change anything.") boolean readOnly;
        @picocli.CommandLine.ArgGroup(exclusive = false) UserCommand.PasswordOptions password = new UserCommand.PasswordOptions();
        private String secret;

        @Override
        void prepare() throws IOException {
            secret = password.obtain();
        }

        @Override
        JsonNode call(AdminClient client) throws IOException {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("password", secret);
            body.put("home", home);
            body.put("readOnly", readOnly);
            return client.post("/users", body);
        }

        @Override
        String done() {
            return "Added";
        }
    }

    @Command(name = "user-remove", mixinStandardHelpOptions = true, description = "Removes a user (their files stay); their sessions are closed.")
    static final class UserRemove extends Call {
        @Parameters(index = "0", paramLabel = "NAME") String name;

        @Override
        JsonNode call(AdminClient client) throws IOException {
            return client.delete("/users/" + segment(name));
        }

        @Override
        void print(JsonNode answer) {
            System.out.println("Removed user '" + answer.get("removed").asText() + "'.");
        }
    }

    /** user-disable and user-enable: one POST to the user's {@code action}. */
    abstract static class UserSwitch extends UserCall {
        @Parameters(index = "0", paramLabel = "NAME") String name;
        private final String action;
        private final String done;

        UserSwitch(String action, String done) {
            this.action = action;
            this.done = done;
        }

        @Override
        JsonNode call(AdminClient client) throws IOException {
            return client.post("/users/" + segment(name) + "/" + action, null);
        }

        @Override
        String done() {
            return done;
        }
    }

    @Command(name = "user-disable", mixinStandardHelpOptions = true, description = "Disables a user: no more logins, and its sessions are closed.")
    static final class UserDisable extends UserSwitch {
        UserDisable() {
            super("disable", "Disabled");
        }
    }

    @Command(name = "user-enable", mixinStandardHelpOptions = true, description = "Enables a disabled user, with its old password.")
    static final class UserEnable extends UserSwitch {
        UserEnable() {
            super("enable", "Enabled");
        }
    }

    @Command(name = "user-passwd", mixinStandardHelpOptions = true, description = "Sets a user's password.")
    static final class UserPasswd extends UserCall {
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @picocli.CommandLine.ArgGroup(exclusive = false) UserCommand.PasswordOptions password = new UserCommand.PasswordOptions();
        private String secret;

        @Override
        void prepare() throws IOException {
            secret = password.obtain();
        }

        @Override
        JsonNode call(AdminClient client) throws IOException {
            return client.post("/users/" + segment(name) + "/password", Map.of("password", secret));
        }

        @Override
        String done() {
            return "Set the password of";
        }
    }
}
