package dev.descent.cli.common;

import java.io.Console;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/** Whether the command runs in a terminal (as opposed to a pipe or a file), for progress bars and colour. */
public final class Terminal {
    /**
     * {@code Console.isTerminal()}, which JDK 22 added when {@code System.console()} stopped being null
     * for redirected output; looked up by name because Descent compiles for JDK 17, where it is absent.
     */
    private static final MethodHandle IS_TERMINAL = lookupIsTerminal();

    private Terminal() {
    }

    /** True when standard input and output are a terminal, on every JDK from 17. */
    @SuppressWarnings("SystemConsoleNull") // null is checked, and isTerminal() where the JDK has it
    public static boolean isInteractive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        if (IS_TERMINAL == null) {
            return true;
        }
        try {
            return (boolean) IS_TERMINAL.invokeExact(console);
        } catch (Throwable e) {
            return false;
        }
    }

    private static MethodHandle lookupIsTerminal() {
        try {
            return MethodHandles.publicLookup().findVirtual(Console.class, "isTerminal", MethodType.methodType(boolean.class));
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
