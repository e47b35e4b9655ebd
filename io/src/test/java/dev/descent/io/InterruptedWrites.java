package dev.descent.io;

import dev.descent.Tensor;
import dev.descent.train.History;
import dev.descent.train.TrainingState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A process for {@link TemporariesTest} to kill while it writes: {@code file DIR} starts writing
 * DIR/out.bin and stalls half-way; {@code checkpoints DIR} saves checkpoints into DIR without end.
 * It prints a line when the write has begun (the first checkpoint is complete).
 */
public final class InterruptedWrites {
    private InterruptedWrites() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        if (args[0].equals("file")) {
            AtomicFiles.write(dir.resolve("out.bin"), out -> {
                out.write(new byte[1 << 20]);
                out.flush();
                System.out.println("writing");
                System.out.flush();
                sleep();
            });
        } else {
            Map<String, Tensor> model = Map.of("weight", Tensor.zeros(1 << 22));
            TrainingState state = new TrainingState(0, model, Map.of(), Map.of(), Map.of(), Map.of(), Map.of(),
                    Map.of(), History.empty());
            Checkpoint checkpoints = Checkpoint.in(dir);
            checkpoints.save(state);
            System.out.println("saved once");
            System.out.flush();
            while (true) {
                checkpoints.save(state);
            }
        }
    }

    private static void sleep() throws IOException {
        try {
            Thread.sleep(60_000);
        } catch (InterruptedException e) {
            throw new IOException("interrupted", e);
        }
    }
}
