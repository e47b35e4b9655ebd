package dev.descent;

import java.security.CodeSource;
import java.util.Objects;

/** Per-thread switch for anomaly detection; see {@link Autograd#detectAnomaly()}. */
final class Anomaly {
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final CodeSource LIBRARY = Anomaly.class.getProtectionDomain().getCodeSource();

    private Anomaly() {
    }

    static boolean isEnabled() {
        return ThreadModes.current().anomaly.depth > 0;
    }

    static Scope enter() {
        ThreadModes.Mode mode = ThreadModes.current().anomaly;
        return new Scope(mode, mode.depth + 1);
    }

    /**
     * The first frame on the stack whose class comes from outside this library's own classes: the
     * line of the caller's code (a test, a training loop, the command line) that made the operation.
     */
    static String callerOutsideLibrary() {
        return WALKER.walk(frames -> frames
                .filter(f -> !Objects.equals(f.getDeclaringClass().getProtectionDomain().getCodeSource(), LIBRARY))
                .findFirst()
                .map(f -> f.toStackTraceElement().toString())
                .orElse("(unknown)"));
    }
}
