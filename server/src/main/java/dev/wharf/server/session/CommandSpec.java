package dev.wharf.server.session;

import dev.wharf.server.auth.Permission;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Everything about one verb, in one place: the spec section it implements, its syntax for HELP,
 * what it requires of the session and which right of the user, whether a pending REST survives it,
 * whether it is answered during a transfer, its FEAT line, its OPTS, and its handler, which gets
 * its argument already parsed. FEAT, HELP and OPTS are generated from these.
 */
record CommandSpec(String verb, String section, String syntax, Set<Requirement> requires, Permission permission,
                   boolean keepsRestart, DuringTransfer duringTransfer, Function<Session, String> feature,
                   Opts opts, Handler handler) {

    /** A handler that gets its argument as text (after the spec's parser, if any, accepted it). */
    @FunctionalInterface
    interface Handler {
        void handle(Session session, String argument) throws IOException;
    }

    /** A handler of a parsed argument. */
    @FunctionalInterface
    interface TypedHandler<A> {
        void handle(Session session, A argument) throws IOException;
    }

    /** RFC 2389 4: what OPTS does for this command. */
    @FunctionalInterface
    interface Opts {
        void handle(Session session, String options) throws IOException;
    }

    /** RFC 959 4.1.3: the commands a server answers while a transfer runs; all others wait for it. */
    enum DuringTransfer {
        WAITS,
        ANSWERED,
        /** STAT: without an argument it reports the transfer; with one it is a listing and waits. */
        ANSWERED_WITHOUT_ARGUMENT
    }

    boolean answeredDuring(boolean hasArgument) {
        return duringTransfer == DuringTransfer.ANSWERED
                || (duringTransfer == DuringTransfer.ANSWERED_WITHOUT_ARGUMENT && !hasArgument);
    }

    /** Builds a spec; {@link CommandTable#define} hands one out and collects it. */
    static final class Builder {
        private final String verb;
        private final String section;
        private final Handler handler;
        private String syntax;
        private final Set<Requirement> requires = EnumSet.noneOf(Requirement.class);
        private Permission permission;
        private boolean keepsRestart;
        private DuringTransfer duringTransfer = DuringTransfer.WAITS;
        private Function<Session, String> feature;
        private Opts opts;

        Builder(String verb, String section, Handler handler) {
            this.verb = verb;
            this.section = section;
            this.handler = handler;
            this.syntax = verb;
        }

        Builder syntax(String s) {
            syntax = s;
            return this;
        }

        /** Logged in. */
        Builder loggedIn() {
            requires.add(Requirement.LOGIN);
            return this;
        }

        /** Opens a data connection: logged in, with data protection the policy accepts. */
        Builder transfersData() {
            requires.add(Requirement.LOGIN);
            requires.add(Requirement.PROTECTED_DATA);
            return this;
        }

        Builder requires(Requirement r) {
            requires.add(r);
            return this;
        }

        /** The user's right this command needs (implies logged in). */
        Builder needs(Permission p) {
            requires.add(Requirement.LOGIN);
            permission = p;
            return this;
        }

        /** A REST offset given before this command still applies to the next one (RFC 3659 5.5). */
        Builder keepsRestart() {
            keepsRestart = true;
            return this;
        }

        Builder answered(DuringTransfer d) {
            duringTransfer = d;
            return this;
        }

        /** Its FEAT line for a session, or null when the session's policy hides it. */
        Builder feature(Function<Session, String> f) {
            feature = f;
            return this;
        }

        Builder feature(String line) {
            return feature(s -> line);
        }

        Builder opts(Opts o) {
            opts = o;
            return this;
        }

        CommandSpec build() {
            return new CommandSpec(verb, Objects.requireNonNull(section, verb), syntax, Set.copyOf(requires), permission,
                    keepsRestart, duringTransfer, feature, opts, handler);
        }
    }
}
