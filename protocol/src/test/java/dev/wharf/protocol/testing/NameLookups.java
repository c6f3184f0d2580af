package dev.wharf.protocol.testing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Records every host name the JVM resolves, then resolves it as usual: lets a test prove that
 * parsing a peer's address never asks DNS. Registered in META-INF/services for the test JVM.
 */
public final class NameLookups extends InetAddressResolverProvider {
    private static final ThreadLocal<Set<String>> RECORDING = new ThreadLocal<>();

    /** Runs {@code action} and returns the names this thread asked the resolver for meanwhile. */
    public static Set<String> during(Runnable action) {
        var names = new HashSet<String>();
        RECORDING.set(names);
        try {
            action.run();
        } finally {
            RECORDING.remove();
        }
        return names;
    }

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver builtin = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                Set<String> names = RECORDING.get();
                if (names != null) {
                    names.add(host);
                }
                return builtin.lookupByName(host, policy);
            }

            @Override
            public String lookupByAddress(byte[] addr) throws UnknownHostException {
                return builtin.lookupByAddress(addr);
            }
        };
    }

    @Override
    public String name() {
        return "wharf-test-recording";
    }
}
