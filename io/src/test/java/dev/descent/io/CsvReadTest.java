package dev.descent.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReadTest {
    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void readTakesTheTargetByNameAndEveryOtherColumnAsAFeature() throws IOException {
        Path f = file("housing.csv", "CRIM,RM,MEDV\n0.5,6.5,24\n1.5,5.5,21.6\n");
        Dataset data = Csv.read(f, "MEDV");
        assertThat(data.name()).isEqualTo(f.toString());
        assertThat(data.featureNames()).containsExactly("CRIM", "RM");
        assertThat(data.targetName()).isEqualTo("MEDV");
        assertThat(data.features().shape().dims()).containsExactly(2, 2);
        assertThat(data.features().toArray()).containsExactly(0.5, 6.5, 1.5, 5.5);
        assertThat(data.target().toArray()).containsExactly(24, 21.6);
        assertThat(data.classNames()).isEmpty();
        assertThat(data.isClassification()).isFalse();
    }

    @Test
    void readTakesTheChosenFeaturesInTheGivenOrderAndIgnoresOtherColumns() throws IOException {
        Path f = file("x.csv", "id,a,b,y,c\nrow-one,1,2,3,4\nrow-two,5,6,7,8\n");
        Dataset data = Csv.read(f, "a", List.of("c", "b"));
        assertThat(data.featureNames()).containsExactly("c", "b");
        assertThat(data.features().toArray()).containsExactly(4, 2, 8, 6);
        assertThat(data.target().toArray()).containsExactly(1, 5);
    }

    @Test
    void readNumericReadsEveryColumnWithItsName() throws IOException {
        Path f = file("x.csv", "a,b\n1,2\n3,4\n5,6\n");
        CsvTable table = Csv.readNumeric(f);
        assertThat(table.columns()).containsExactly("a", "b");
        assertThat(table.rows()).isEqualTo(3);
        assertThat(table.values().shape().dims()).containsExactly(3, 2);
        assertThat(table.values().toArray()).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void readNumericCanChooseAndReorderColumns() throws IOException {
        Path f = file("x.csv", "a,label,b\n1,cat,2\n3,dog,4\n");
        CsvTable table = Csv.readNumeric(f, List.of("b", "a"));
        assertThat(table.columns()).containsExactly("b", "a");
        assertThat(table.values().toArray()).containsExactly(2, 1, 4, 3);
    }

    @Test
    void numbersMayHaveSignsExponentsAndSpacesAndNamesMayBeQuoted() throws IOException {
        Path f = file("x.csv", "\"a\", \"b, c\" ,d\n -1.5 ,+2e3,.25\n1E-3,\"7\",-0\n");
        CsvTable table = Csv.readNumeric(f);
        assertThat(table.columns()).containsExactly("a", "b, c", "d");
        assertThat(table.values().toArray()).containsExactly(-1.5, 2000, 0.25, 0.001, 7, -0.0);
    }

    @Test
    void windowsLineEndingsAndAByteOrderMarkAreAccepted() throws IOException {
        Path f = dir.resolve("excel.csv");
        Files.write(f, "\uFEFFa,b\r\n1,2\r\n3,4\r\n".getBytes(StandardCharsets.UTF_8));
        CsvTable table = Csv.readNumeric(f);
        assertThat(table.columns()).containsExactly("a", "b");
        assertThat(table.values().toArray()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void blankLinesAreSkippedAnywhere() throws IOException {
        Path f = file("x.csv", "\na,b\n\n1,2\n\n\n3,4\n\n");
        assertThat(Csv.readNumeric(f).values().toArray()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void gzipFilesAreDecompressedByName() throws IOException {
        Path f = dir.resolve("x.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
            out.write("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(Csv.readNumeric(f).values().toArray()).containsExactly(1, 2);
    }

    @Test
    void numbersReadBackExactlyAsJavaWritesThem() throws IOException {
        double[] values = {0.1, 1.0 / 3, Math.PI, 1e-300, Double.MIN_VALUE, Double.MAX_VALUE, -123456.789e-7};
        StringBuilder text = new StringBuilder("x\n");
        for (double v : values) {
            text.append(v).append('\n');
        }
        Path f = file("x.csv", text.toString());
        assertThat(Csv.readNumeric(f).values().toArray()).containsExactly(values);
    }

    @Test
    void aFileWithoutAFinalLineBreakIsReadWhole() throws IOException {
        assertThat(Csv.readNumeric(file("lf.csv", "a,b\n1,2\n3,4")).values().toArray()).containsExactly(1, 2, 3, 4);
        assertThat(Csv.readNumeric(file("crlf.csv", "a,b\r\n1,2\r\n3,4")).values().toArray())
                .containsExactly(1, 2, 3, 4);
        assertThat(Csv.readNumeric(file("bom.csv", "\uFEFFa\n5")).values().toArray()).containsExactly(5);
        assertThat(Csv.readNumeric(file("quoted.csv", "a,b\n1,\"2\"")).values().toArray()).containsExactly(1, 2);
        Dataset data = Csv.read(file("target.csv", "x,y\n1,2\n3,4"), "y");
        assertThat(data.target().toArray()).containsExactly(2, 4);
        Path gz = dir.resolve("x.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("a,b\n1,2\n3,4".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(Csv.readNumeric(gz).values().toArray()).containsExactly(1, 2, 3, 4);
    }
}
