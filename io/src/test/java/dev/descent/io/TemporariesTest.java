package dev.descent.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Temporary files of writes cut short: removed at shutdown, or by the next write when the process was killed. */
class TemporariesTest {
    @TempDir
    Path dir;

    /** The number of a process that has ended. */
    private static long deadPid() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("true").start();
        p.waitFor(10, TimeUnit.SECONDS);
        return p.pid();
    }

    private static List<String> everything(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(p -> !p.equals(folder)).map(p -> folder.relativize(p).toString()).sorted().toList();
        }
    }

    /** Starts {@link InterruptedWrites} in a new JVM and waits until it has begun writing. */
    private static Process start(String mode, Path folder) throws IOException {
        List<String> command = ChildJvm.command(InterruptedWrites.class, mode, folder.toString());
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).as("the child's first line").isNotNull();
        return p;
    }

    private static void signal(Process p, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -" + signal).isTrue();
        boolean ended = p.waitFor(30, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        // A shell without job control starts background jobs with SIGINT ignored, and the JVM keeps it so.
        assumeTrue(ended || !signal.equals("INT"), "SIGINT is ignored in this environment");
        assertThat(ended).as("the child ended after SIG" + signal).isTrue();
    }

    @Test
    void aTemporaryOfADeadProcessIsRemovedByTheNextWriteAndOthersAreKept() throws Exception {
        long dead = deadPid();
        long alive = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(1L);
        Path stale = Files.writeString(dir.resolve(".model.safetensors." + dead + "-3.tmp"), "half");
        Path staleFolder = Files.createDirectory(dir.resolve(".epoch-000004." + dead + "-1.tmp"));
        Files.writeString(staleFolder.resolve("model.safetensors"), "half");
        Path live = Files.writeString(dir.resolve(".plot.png." + alive + "-1.tmp"), "in progress elsewhere");
        Path notOurs = Files.writeString(dir.resolve(".notes." + dead + ".tmp"), "someone else's");
        AtomicFiles.writeString(dir.resolve("out.csv"), "x\n");
        assertThat(stale).doesNotExist();
        assertThat(staleFolder).doesNotExist();
        assertThat(live).exists();
        assertThat(notOurs).exists();
        assertThat(everything(dir)).containsExactlyInAnyOrder(live.getFileName().toString(),
                notOurs.getFileName().toString(), "out.csv");
    }

    @Test
    void termAndInterruptDuringAWriteLeaveNoTemporaryAndKillIsCleanedUpByTheNextWrite() throws Exception {
        for (String signal : new String[] {"TERM", "INT"}) {
            Path folder = Files.createDirectory(dir.resolve(signal));
            Process p = start("file", folder);
            assertThat(everything(folder)).as("while writing").hasSize(1).allMatch(n -> n.endsWith(".tmp"));
            signal(p, signal);
            assertThat(everything(folder)).as("after SIG" + signal).isEmpty();
        }
        Path folder = Files.createDirectory(dir.resolve("KILL"));
        signal(start("file", folder), "KILL");
        assertThat(everything(folder)).as("after SIGKILL").hasSize(1);
        AtomicFiles.writeString(folder.resolve("next.csv"), "x\n");
        assertThat(everything(folder)).containsExactly("next.csv");
    }

    @Test
    void aCheckpointStoppedAtAnyMomentLeavesOnlyCompleteCheckpoints() throws Exception {
        String[] signals = {"TERM", "INT", "TERM", "KILL"};
        for (int i = 0; i < signals.length; i++) {
            Path folder = dir.resolve("run" + i);
            Process p = start("checkpoints", folder);
            Thread.sleep(100L * i);
            signal(p, signals[i]);
            if (signals[i].equals("KILL")) {
                // Killed outright, a temporary may stay until the next save into the folder.
                Checkpoint.in(folder).save(Checkpoint.in(folder).load().orElseThrow());
            }
            List<String> left = everything(folder);
            assertThat(left).as("after SIG" + signals[i]).noneMatch(n -> n.contains(".tmp"))
                    .allMatch(n -> n.equals("latest") || n.startsWith("epoch-000000"));
            // Every checkpoint folder in sight is complete; the newest may not be named by latest yet.
            for (String name : left) {
                if (!name.contains("/") && !name.equals("latest")) {
                    assertThat(left).as(name).contains(name + "/" + Checkpoint.MODEL, name + "/" + Checkpoint.TRAINING);
                    assertThat(Safetensors.read(folder.resolve(name).resolve(Checkpoint.MODEL)).tensors()).hasSize(1);
                    assertThat(Safetensors.read(folder.resolve(name).resolve(Checkpoint.TRAINING)).metadata())
                            .containsEntry("descent.checkpoint.epoch", "0");
                }
            }
            Path current = Checkpoint.in(folder).latest().orElseThrow();
            assertThat(Checkpoint.in(folder).load().orElseThrow().epoch()).isZero();
            assertThat(left).contains(current.getFileName().toString());
        }
    }
}
