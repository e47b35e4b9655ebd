package dev.descent.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.Tensor;
import dev.descent.data.Preprocessor;
import dev.descent.data.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A CSV read as pandas reads it, and a model file that keeps the preprocessing learnt from it. */
class TablePreprocessingTest {
    @TempDir
    Path dir;

    private Path homes() throws IOException {
        return Files.writeString(dir.resolve("homes.csv"),
                "id,\"area, m2\",city,rooms\n007,50,Paris,2\n008,,Lyon,NA\n009,90,,3\n");
    }

    @Test
    void columnsAreNumbersOrTextAndGapsAreMissing() throws IOException {
        Table t = Csv.readTable(homes());
        assertThat(t.names()).containsExactly("id", "area, m2", "city", "rooms");
        assertThat(t.column("id")).isInstanceOf(Table.Numbers.class); // as pandas: 007 is the number 7
        assertThat(t.column("area, m2").isMissing(1)).isTrue();
        assertThat(t.column("city")).isInstanceOf(Table.Texts.class);
        assertThat(t.column("city").isMissing(2)).isTrue();
        assertThat(t.column("rooms").isMissing(1)).isTrue();
        Table ids = Csv.readTable(homes(), List.of("id"), Set.of("id"));
        assertThat(ids.column("id").text(0)).isEqualTo("007"); // read as text, kept as written
    }

    @Test
    void aStrayWordInANumberColumnIsATypoNamedByLineAndColumn() throws IOException {
        Path f = Files.writeString(dir.resolve("typo.csv"), "a,b\n1,x\n2,y\nthree,z\n4,w\n");
        assertThatThrownBy(() -> Csv.readTable(f)).hasMessage(f + " line 4, column a: 'three' is not a number, though 3"
                + " of the column's cells are; correct it, or leave the cell empty (or NA) to mark it missing");
    }

    @Test
    void theModelFileKeepsCategoriesAndFillsAndPredictsTheSameAfterReloading() throws IOException {
        Table t = Csv.readTable(homes(), List.of("area, m2", "city", "rooms"), Set.of());
        Preprocessor p = Preprocessor.fit(t, Preprocessor.Missing.MEAN, Preprocessor.Unknown.IGNORE);
        Map<String, Tensor> weights = new LinkedHashMap<>();
        weights.put("0.weight", Tensor.of(new double[][] {{1, 10, 100, 1000}}));
        weights.put("0.bias", Tensor.of(new double[] {0.5}));
        SavedModel model = new SavedModel("linear;in=4;out=1;activation=relu;dropout=0.0", p.outputNames(), "price",
                List.of(), null, weights, p);
        Path file = dir.resolve("model.safetensors");
        model.save(file);
        Predictor reloaded = Predictor.load(file);
        assertThat(reloaded.columns()).containsExactly("area, m2", "city", "rooms");
        assertThat(reloaded.textColumns()).containsExactly("city");
        assertThat(reloaded.saved().preprocessor().plans()).isEqualTo(p.plans());
        // area 50, 70 (the mean), 90; city one-hot over Lyon, Paris (the gap filled with the most frequent: Lyon
        // and Paris tie, the first in order wins); rooms 2, 2.5 (the mean), 3
        assertThat(reloaded.values(reloaded.outputs(t))).containsExactly(50 + 100 + 2000 + 0.5, 70 + 10 + 2500 + 0.5,
                90 + 10 + 3000 + 0.5);
    }
}
