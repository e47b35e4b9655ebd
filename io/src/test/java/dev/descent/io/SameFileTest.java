package dev.descent.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SameFileTest {
    @TempDir
    Path dir;

    @Test
    void twoSpellingsLinksAndHardLinksOfOneFileAreTheSameFile() throws IOException {
        Path data = Files.writeString(dir.resolve("data.csv"), "a\n1\n");
        Files.createDirectory(dir.resolve("sub"));
        assertThat(AtomicFiles.sameFile(data, dir.resolve("sub/../data.csv"))).isTrue();
        assertThat(AtomicFiles.sameFile(data, Files.createSymbolicLink(dir.resolve("link.csv"), data))).isTrue();
        assertThat(AtomicFiles.sameFile(data, Files.createLink(dir.resolve("hard.csv"), data))).isTrue();
        assertThat(AtomicFiles.sameFile(data, dir.resolve("other.csv"))).isFalse();
        assertThat(AtomicFiles.sameFile(data, Files.writeString(dir.resolve("copy.csv"), "a\n1\n"))).isFalse();
    }

    @Test
    void pathsNotYetWrittenAreComparedByWhereTheyWouldBeCreated() throws IOException {
        Path real = Files.createDirectory(dir.resolve("real"));
        Path alias = Files.createSymbolicLink(dir.resolve("alias"), real);
        assertThat(AtomicFiles.sameFile(real.resolve("out.csv"), alias.resolve("out.csv"))).isTrue();
        assertThat(AtomicFiles.sameFile(real.resolve("out.csv"), dir.resolve("real/./out.csv"))).isTrue();
        Path dangling = Files.createSymbolicLink(dir.resolve("next.csv"), Path.of("real/model.csv"));
        assertThat(AtomicFiles.sameFile(dangling, real.resolve("model.csv"))).isTrue();
        assertThat(AtomicFiles.sameFile(real.resolve("a.csv"), real.resolve("b.csv"))).isFalse();
    }

    @Test
    void anOutputOnAnInputOrOnAnotherOutputIsRefusedBeforeAnyWork() throws IOException {
        Path data = Files.writeString(dir.resolve("train.csv"), "x,y\n1,2\n");
        Map<String, Path> inputs = Map.of("--data", data);
        Map<String, Path> onInput = new LinkedHashMap<>();
        onInput.put("--plot", dir.resolve("loss.png"));
        onInput.put("--save", dir.resolve("./train.csv"));
        assertThatThrownBy(() -> AtomicFiles.checkDistinct(inputs, onInput)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--save " + dir.resolve("./train.csv") + " is the same file as --data " + data
                        + "; writing it would destroy the input");
        Map<String, Path> twice = new LinkedHashMap<>();
        twice.put("--save", dir.resolve("model.safetensors"));
        twice.put("--out", null);
        twice.put("--plot", dir.resolve("model.safetensors"));
        assertThatThrownBy(() -> AtomicFiles.checkDistinct(inputs, twice)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--save " + dir.resolve("model.safetensors") + " and --plot " + dir.resolve("model.safetensors")
                        + " are the same file; give each output its own file");
        assertThat(Files.readString(data)).isEqualTo("x,y\n1,2\n");
    }

    @Test
    void distinctOutputsAndAPipeSharedByTwoOutputsAreAccepted() throws Exception {
        Path data = Files.writeString(dir.resolve("train.csv"), "x,y\n1,2\n");
        Map<String, Path> outputs = new LinkedHashMap<>();
        outputs.put("--save", dir.resolve("m.safetensors"));
        outputs.put("--plot", dir.resolve("loss.png"));
        AtomicFiles.checkDistinct(Map.of("--data", data), outputs);
        Path pipe = Fifos.make(dir, "out.pipe");
        Map<String, Path> both = new LinkedHashMap<>();
        both.put("--out", pipe);
        both.put("--log", pipe);
        AtomicFiles.checkDistinct(Map.of("--data", data), both);
    }
}
