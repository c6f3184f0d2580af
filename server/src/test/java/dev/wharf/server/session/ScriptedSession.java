package dev.wharf.server.session;

import dev.wharf.protocol.CommandLine;
import dev.wharf.protocol.Reply;
import dev.wharf.protocol.tls.Identity;
import dev.wharf.protocol.tls.Tls;
import dev.wharf.server.auth.Authenticator;
import dev.wharf.server.auth.LoginGuard;
import dev.wharf.server.config.ServerConfig;
import dev.wharf.server.log.TransferLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;

/**
 * A session driven without a socket: command lines go straight to the dispatcher, replies are
 * collected. For unit tests of the dispatcher, the policy chain and handlers that need no TLS and
 * no data connection (those are tested over real sockets elsewhere).
 */
final class ScriptedSession {
    private static final Identity IDENTITY = Identity.selfSigned("localhost", List.of("localhost"));

    private final List<Reply> replies = new ArrayList<>();
    final Session session;

    ScriptedSession(Authenticator users, Consumer<ServerConfig.Builder> tweak) {
        var builder = ServerConfig.builder().identity(IDENTITY).authenticator(users)
                .failedLoginDelay(Duration.ZERO).loginCacheTtl(Duration.ZERO);
        tweak.accept(builder);
        ServerConfig config = builder.build();
        try {
            var tls = new Tls(SSLContext.getDefault(), Tls.DEFAULT_PROTOCOLS, Tls.DEFAULT_CIPHER_SUITES, Tls.ClientAuth.NONE, 1000);
            var context = new ServerContext(config, tls, new LoginGuard(5, Duration.ofMinutes(10), Duration.ofMinutes(10),
                    Clock.systemUTC()), TransferLog.open(null));
            session = new Session(context, new InMemoryControl(), false, null, () -> { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs one command line; returns the replies it produced. */
    List<Reply> send(String line) {
        replies.clear();
        try {
            session.server.dispatcher.dispatch(session, CommandLine.parse(line));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(replies);
    }

    /** Runs one command line that gets exactly one reply. */
    Reply command(String line) {
        List<Reply> r = send(line);
        if (r.size() != 1) {
            throw new AssertionError(line + ": expected one reply, got " + r);
        }
        return r.get(0);
    }

    private final class InMemoryControl implements Control {
        @Override
        public String readLine(int timeoutMillis) {
            return null;
        }

        @Override
        public void send(Reply reply) {
            replies.add(reply);
        }

        @Override
        public void startTls(Tls tls) throws IOException {
            throw new IOException("no TLS without a socket");
        }

        @Override
        public Tls.Shutdown stopTls(int timeoutMillis) {
            return Tls.Shutdown.FAILED;
        }

        @Override
        public SSLSession tlsSession() {
            return null;
        }

        @Override
        public InetSocketAddress peer() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), 50000);
        }

        @Override
        public InetSocketAddress local() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), 21);
        }

        @Override
        public void close() { }
    }
}
