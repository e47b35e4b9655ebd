package dev.descent.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every reader reads its input once, so pipes and standard input work; values are held in chunks. */
class CsvOnePassTest {
    @TempDir
    Path dir;

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readFeaturesTakesTheTargetWhenTheFileHasItAllInNumbers() {
        FeatureTable t = Csv.readFeatures(stream("id,b,a,MEDV\nx,2,1,24\ny,4,3,21.5\n"), "-", List.of("a", "b"), "MEDV");
        assertThat(t.featureNames()).containsExactly("a", "b");
        assertThat(t.features().shape().dims()).containsExactly(2, 2);
        assertThat(t.features().toArray()).containsExactly(1, 2, 3, 4);
        assertThat(t.target().orElseThrow().shape().dims()).containsExactly(2);
        assertThat(t.target().orElseThrow().toArray()).containsExactly(24, 21.5);
        assertThat(t.rows()).isEqualTo(2);
    }

    @Test
    void aMissingOrNonNumericTargetIsLeftOutNotAnError() {
        assertThat(Csv.readFeatures(stream("a,b\n1,2\n"), "-", List.of("a", "b"), "y").target()).isEmpty();
        FeatureTable t = Csv.readFeatures(stream("a,y\n1,2\n3,NA\n5,6\n"), "-", List.of("a"), "y");
        assertThat(t.target()).isEmpty();
        assertThat(t.features().toArray()).containsExactly(1, 3, 5);
        assertThatThrownBy(() -> Csv.readFeatures(stream("a,y\n1,2\nx,3\n"), "rows.csv", List.of("a"), "y"))
                .isInstanceOf(DataFormatException.class).hasMessage("rows.csv line 3, column a: 'x' is not a number");
        assertThatThrownBy(() -> Csv.readFeatures(stream("a,y\n1,2\n"), "rows.csv", List.of("b"), "y"))
                .hasMessage("rows.csv: no column 'b' (the feature); the columns are 'a', 'y'");
    }

    @Test
    void aNamedPipeIsReadOnceByEveryReader() throws Exception {
        String text = "a,b,y\n1,2,3\n4,5,6\n";
        Path fifo = Fifos.make(dir, "data.csv");
        var writer = Fifos.feed(fifo, text.getBytes(StandardCharsets.UTF_8));
        FeatureTable t = Csv.readFeatures(fifo, List.of("b", "a"), "y");
        writer.get(10, TimeUnit.SECONDS);
        assertThat(t.features().toArray()).containsExactly(2, 1, 5, 4);
        assertThat(t.target().orElseThrow().toArray()).containsExactly(3, 6);

        writer = Fifos.feed(fifo, text.getBytes(StandardCharsets.UTF_8));
        Dataset d = Csv.read(fifo, "y");
        writer.get(10, TimeUnit.SECONDS);
        assertThat(d.features().toArray()).containsExactly(1, 2, 4, 5);
        assertThat(d.name()).isEqualTo(fifo.toString());

        writer = Fifos.feed(fifo, text.getBytes(StandardCharsets.UTF_8));
        assertThat(Csv.readNumeric(fifo).values().toArray()).containsExactly(1, 2, 3, 4, 5, 6);
        writer.get(10, TimeUnit.SECONDS);
    }

    @Test
    void streamsAreReadLikeFiles() {
        assertThat(Csv.read(stream("x,y\n1,2\n"), "stdin", "y", null).target().toArray()).containsExactly(2);
        assertThat(Csv.readNumeric(stream("x,y\n1,2\n"), "stdin", List.of("y")).values().toArray()).containsExactly(2);
        assertThatThrownBy(() -> Csv.read(stream("x,y\n1,z\n"), "stdin", "y", null))
                .hasMessage("stdin line 2, column y: 'z' is not a number");
    }

    @Test
    void columnsReadsTheHeaderOnly() throws IOException {
        Path f = dir.resolve("wide.csv");
        Files.write(f, "a,b,c\n1,2,3\n\0\0 not text\n".getBytes(StandardCharsets.UTF_8));
        assertThat(Csv.columns(f)).containsExactly("a", "b", "c");
        assertThatThrownBy(() -> Csv.columns(Files.writeString(dir.resolve("empty.csv"), "")))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("the file is empty");
    }

    @Test
    void valuesAcrossManyChunksKeepTheirOrder() throws IOException {
        int rows = NumericRows.CHUNK_VALUES + 12_345;
        StringBuilder text = new StringBuilder("a,b,label,c\n");
        for (int i = 0; i < rows; i++) {
            text.append(3 * i).append(',').append(3 * i + 1).append(",row,").append(3 * i + 2).append('\n');
        }
        text.append("1,2,row,x\n");
        Path f = Files.writeString(dir.resolve("big.csv"), text);
        FeatureTable t = Csv.readFeatures(f, List.of("a", "b"), "c");
        assertThat(t.target()).isEmpty();
        double[] x = t.features().toArray();
        assertThat(x).hasSize(2 * (rows + 1));
        for (int i = 0; i < rows; i++) {
            assertThat(x[2 * i]).isEqualTo(3.0 * i);
            assertThat(x[2 * i + 1]).isEqualTo(3.0 * i + 1);
        }
        Files.writeString(f, text.substring(0, text.length() - "1,2,row,x\n".length()));
        Dataset d = Csv.read(f, "c", List.of("b", "a"));
        double[] y = d.target().toArray();
        double[] features = d.features().toArray();
        assertThat(y).hasSize(rows);
        for (int i = 0; i < rows; i++) {
            assertThat(y[i]).isEqualTo(3.0 * i + 2);
            assertThat(features[2 * i]).isEqualTo(3.0 * i + 1);
        }
    }

    @Test
    void aHeaderOfManyColumnsIsReadInLinearTime() throws IOException {
        int n = 100_000;
        List<String> names = new ArrayList<>();
        List<String> ones = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add("c" + i);
            ones.add("1");
        }
        Path f = Files.writeString(dir.resolve("wide.csv"), String.join(",", names) + "\n" + String.join(",", ones) + "\n");
        long start = System.nanoTime();
        CsvTable t = Csv.readNumeric(f);
        assertThat(t.columns()).hasSize(n);
        assertThat(t.values().sum().item()).isEqualTo(n);
        assertThat((System.nanoTime() - start) / 1e9).as("seconds").isLessThan(20);
    }
}
