package dev.wharf.server.session;

import java.io.IOException;
import java.util.function.Function;

/**
 * One entry of the command table: the verb, what it needs, who handles it, how HELP shows it, and
 * the FEAT line it adds (null when it adds none, or when the session's policy hides it).
 */
record Command(String verb, Need need, Handler handler, String syntax, Function<Session, String> feature) {

    @FunctionalInterface
    interface Handler {
        void handle(Session session, String argument) throws IOException;
    }
}
