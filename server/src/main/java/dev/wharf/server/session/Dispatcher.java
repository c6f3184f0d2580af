package dev.wharf.server.session;

import dev.wharf.protocol.CommandLine;
import dev.wharf.protocol.Reply;
import dev.wharf.protocol.ReplyCode;
import dev.wharf.server.fs.PathRefusedException;
import dev.wharf.server.storage.StorageErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.util.List;

/**
 * The one path of every command: look up its specification, apply the policy chain, run the
 * handler, and turn whatever it throws into a reply. A bug, or a third-party authenticator or
 * storage that throws, costs one command a 451, never the session.
 */
final class Dispatcher {
    private final CommandTable commands;
    private final List<Policy> policies;

    Dispatcher(CommandTable commands, List<Policy> policies) {
        this.commands = commands;
        this.policies = List.copyOf(policies);
    }

    CommandTable commands() {
        return commands;
    }

    CommandSpec spec(String verb) {
        return commands.get(verb);
    }

    /** Runs one command line. Throws only when the control connection itself failed. */
    void dispatch(Session s, CommandLine cmd) throws IOException {
        CommandSpec spec = commands.get(cmd.verb());
        if (spec == null) {
            if (commands.isKnown(cmd.verb())) {
                s.reply(ReplyCode.NOT_IMPLEMENTED, cmd.verb() + " is not implemented");
            } else {
                s.reply(ReplyCode.SYNTAX_ERROR, "Unknown command " + Session.printable(cmd.verb()));
            }
            return;
        }
        for (Policy p : policies) {
            Reply refusal = p.refusal(s, spec);
            if (refusal != null) {
                s.reply(refusal);
                return;
            }
        }
        s.params.beginCommand(spec.keepsRestart());
        s.beginCommand(spec.verb());
        try {
            spec.handler().handle(s, cmd.argument());
        } catch (CommandFailure f) {
            s.reply(f.reply());
        } catch (FileSystemException | PathRefusedException e) {
            s.reply(StorageErrors.toReply(e, cmd.argument().strip()));
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof FileSystemException f) {
                s.reply(StorageErrors.toReply(f, cmd.argument().strip()));
            } else {
                throw e.getCause();
            }
        } catch (RuntimeException e) {
            s.internalError(cmd.verb(), e);
            s.reply(ReplyCode.LOCAL_ERROR, "Internal error while processing " + cmd.verb() + "; the session goes on");
        }
        s.endCommand();
    }
}
