package dev.descent.cli.common;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C while it is open: the first press only sets {@link #requested()} (training stops after
 * its current step, saves and says how to resume); a second press ends the program at once, with
 * the status a shell gives a program stopped by SIGINT (130).
 *
 * <p>Java has no public API to handle a signal without shutting down, so this uses the JDK's
 * {@code sun.misc.Signal} (module {@code jdk.unsupported}, present on every JDK Descent supports),
 * looked up by reflection so that the build's {@code -Werror} does not trip over its
 * internal-API warning. Where it cannot be installed (a JVM run with {@code -Xrs}), Ctrl-C keeps
 * its usual effect.
 */
public final class Interrupt implements AutoCloseable {
    /** 128 + SIGINT. */
    public static final int STATUS = 130;

    private final AtomicBoolean requested = new AtomicBoolean();
    private final PrintWriter err;
    private Object previous;

    private Interrupt(PrintWriter err) {
        this.err = err;
    }

    /** Handles Ctrl-C until {@link #close()}; says on {@code err} what the first press does. */
    public static Interrupt install(PrintWriter err) {
        Interrupt interrupt = new Interrupt(err);
        interrupt.previous = Signals.handle(interrupt::pressed);
        return interrupt;
    }

    /** True once Ctrl-C has been pressed. */
    public boolean requested() {
        return requested.get();
    }

    private void pressed() {
        if (requested.getAndSet(true)) {
            System.exit(STATUS);
        }
        err.println();
        err.println("stopping after this step (press Ctrl-C again to quit at once)");
        err.flush();
    }

    /** Puts back the handler that was there before. */
    @Override
    public void close() {
        if (previous != null) {
            Signals.restore(previous);
        }
    }

    /** {@code sun.misc.Signal.handle(new Signal("INT"), handler)} by reflection. */
    private static final class Signals {
        private Signals() {
        }

        /** Installs {@code action} for SIGINT; returns the previous handler, or null when none could be installed. */
        static Object handle(Runnable action) {
            try {
                Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
                InvocationHandler call = (proxy, method, args) -> dispatch(action, proxy, method, args);
                Object handler = Proxy.newProxyInstance(ClassLoader.getSystemClassLoader(), new Class<?>[] {handlerType},
                        call);
                return install(handlerType, handler);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return null; // no handler: Ctrl-C ends the program as usual
            }
        }

        static void restore(Object previous) {
            try {
                install(Class.forName("sun.misc.SignalHandler"), previous);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                // The program is ending its training; the old handler only matters to an embedding host.
            }
        }

        private static Object install(Class<?> handlerType, Object handler) throws ReflectiveOperationException {
            Class<?> signalType = Class.forName("sun.misc.Signal");
            Object signal = signalType.getConstructor(String.class).newInstance("INT");
            return signalType.getMethod("handle", signalType, handlerType).invoke(null, signal, handler);
        }

        private static Object dispatch(Runnable action, Object proxy, Method method, Object[] args) {
            return switch (method.getName()) {
                case "handle" -> {
                    action.run();
                    yield null;
                }
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                case "toString" -> "descent's Ctrl-C handler";
                default -> null;
            };
        }
    }
}
