package dev.descent.cli.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.cli.Jar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outputs the user may not write: refused before training, with the reason, and left as they were.
 * Root may write anything, so under root (a container, CI) the command line runs as the user
 * {@code nobody} (through util-linux's {@code setpriv}); any other user runs it as itself.
 */
@Tag(Jar.TAG)
class PermissionsTest {
    private static final int NOBODY = 65534;

    @TempDir
    Path dir;

    private Path jar;

    /** A folder and a copy of the jar that the user running the command line can reach. */
    @BeforeEach
    void openToOtherUsers() throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        jar = Files.copy(Jar.path(), dir.resolve("descent.jar"), StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
    }

    private static boolean root() throws IOException, InterruptedException {
        Process id = new ProcessBuilder("id", "-u").start();
        String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        id.waitFor(10, TimeUnit.SECONDS);
        return uid.equals("0");
    }

    /** {@code descent fit ARGS} as a user that file permissions apply to: its status and its output. */
    private Run fit(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (root()) {
            assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "root, and no setpriv to run as another user");
            command.addAll(List.of("/usr/bin/setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        }
        List<String> java = Jar.command(List.of("-XX:+UseSerialGC"), "fit");
        java.set(java.indexOf(Jar.path().toString()), jar.toString());
        command.addAll(java);
        command.addAll(List.of(args));
        Path log = dir.resolve("log.txt");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished").isTrue();
        return new Run(p.exitValue(), Jar.withoutJvmNotices(Files.readString(log)));
    }

    private record Run(int status, String output) {
    }

    @Test
    void aReadOnlyModelFileIsRefusedBeforeTrainingAndKept() throws Exception {
        Path model = Files.writeString(dir.resolve("model.safetensors"), "precious");
        Files.setPosixFilePermissions(model, PosixFilePermissions.fromString("r--r--r--"));
        Run run = fit("--data", "iris", "--model", "mlp:4", "--save", model.toString());
        assertThat(run.status()).as(run.output()).isEqualTo(2);
        assertThat(run.output()).isEqualTo("descent fit: --save " + model + ": the file is read-only (no permission to"
                + " write it); make it writable or remove it first\n");
        assertThat(Files.readString(model)).isEqualTo("precious");
    }

    @Test
    void aLinkToAFileOfSomeoneElsesIsRefusedAndTheFileKept() throws Exception {
        // Under root the file is root's and the command line runs as nobody; otherwise a file of the system's.
        Path theirs = root() ? Files.writeString(dir.resolve("theirs.txt"), "not yours")
                : List.of(Path.of("/etc/hostname"), Path.of("/etc/passwd")).stream().filter(Files::isRegularFile)
                        .findFirst().orElse(Path.of("/etc/passwd"));
        assumeTrue(Files.isRegularFile(theirs), "no file of someone else's to try");
        byte[] before = Files.readAllBytes(theirs);
        Path link = Files.createSymbolicLink(dir.resolve("model.safetensors"), theirs);
        Run run = fit("--data", "iris", "--model", "mlp:4", "--save", link.toString());
        assertThat(run.status()).as(run.output()).isEqualTo(2);
        assertThat(run.output()).startsWith("descent fit: --save " + link + ": ").contains("read-only").hasLineCount(1);
        assertThat(Files.readAllBytes(theirs)).isEqualTo(before);
    }

    @Test
    void aReadOnlyCheckpointFolderIsRefusedBeforeTrainingWithTheReason() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("checkpoints"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
        Run run = fit("--data", "iris", "--model", "mlp:4", "--checkpoint", folder.toString());
        assertThat(run.status()).as(run.output()).isEqualTo(2);
        assertThat(run.output()).startsWith("descent fit: --checkpoint " + folder + ": ").contains("permission")
                .hasLineCount(1);
        try (var left = Files.list(folder)) {
            assertThat(left).isEmpty();
        }
    }
}
