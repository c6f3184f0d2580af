package dev.wharf.cli;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Proxy;

/**
 * Catching a signal: {@code sun.misc.Signal} (module jdk.unsupported) is the JDK's only way. It is
 * reached by name, so that the build can treat every compiler warning as an error: javac's warning
 * about a proprietary API is not one any {@code -Xlint} option silences.
 */
final class Signals {
    private Signals() {}

    /**
     * Runs {@code action} on the JVM's signal thread ("SIGHUP handler") each time the process gets
     * SIGHUP, instead of the default, which ends the JVM. Throws IllegalArgumentException where the
     * platform has no SIGHUP.
     */
    static void onHangup(Runnable action) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object hup = signal.getConstructor(String.class).newInstance("HUP");
            Object handle = Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handler},
                    (proxy, method, args) -> {
                        if (method.getName().equals("handle")) {
                            action.run();
                            return null;
                        }
                        return switch (method.getName()) {
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> identical(proxy, args[0]);
                            default -> "SIGHUP reload";
                        };
                    });
            MethodHandle install = MethodHandles.publicLookup().findStatic(signal, "handle",
                    MethodType.methodType(handler, signal, handler));
            install.invoke(hup, handle);
        } catch (IllegalArgumentException e) {
            throw e; // no SIGHUP here (not POSIX)
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException(e.getCause());
        } catch (Throwable e) {
            throw new IllegalArgumentException("sun.misc.Signal is not available: " + e, e);
        }
    }

    /** A proxy's equals is identity, as Object's is. */
    @SuppressWarnings("ReferenceEquality")
    private static boolean identical(Object a, Object b) {
        return a == b;
    }
}
