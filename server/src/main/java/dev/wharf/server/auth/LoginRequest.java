package dev.wharf.server.auth;

/** A login attempt: the name and password the client sent, and its {@link ClientContext}. */
public record LoginRequest(String name, String password, ClientContext client) {
    /** Never the password: requests end up in log lines and debuggers. */
    @Override
    public String toString() {
        return "LoginRequest[name=" + name + ", client=" + client.address() + "]";
    }
}
