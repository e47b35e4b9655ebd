package dev.descent.io;

import java.nio.file.Path;

/** A process for tests: writes its second argument to the path in its first with AtomicFiles, then prints "after". */
public final class WriteThenPrint {
    private WriteThenPrint() {}

    public static void main(String[] args) {
        AtomicFiles.writeString(Path.of(args[0]), args[1]);
        System.out.print("after\n");
        System.out.flush();
    }
}
