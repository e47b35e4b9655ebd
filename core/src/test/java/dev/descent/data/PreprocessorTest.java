package dev.descent.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.InvalidSettingException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A table as people have it becomes the numbers a model takes, as scikit-learn's preprocessing does. */
class PreprocessorTest {
    private static final double NA = Double.NaN;

    private static Table homes() {
        return Table.of(List.of(new Table.Numbers("area", new double[] {50, NA, 90, 70}),
                new Table.Texts("city", new String[] {"Paris", "Lyon", null, "Paris"})));
    }

    @Test
    void textIsOneHotInSortedOrderAndMissingCellsTakeTheTrainingRowsFill() {
        Preprocessor p = Preprocessor.fit(homes(), Preprocessor.Missing.MEDIAN, Preprocessor.Unknown.ERROR);
        assertThat(p.outputNames()).containsExactly("area", "city=Lyon", "city=Paris");
        // median of 50, 90, 70 is 70; the most frequent city is Paris
        assertThat(Double.parseDouble(p.plans().get(0).fill())).isEqualTo(70.0);
        assertThat(p.plans().get(1).fill()).isEqualTo("Paris");
        assertThat(p.transform(homes()).toArray2d()).isEqualTo(new double[][] {
            {50, 0, 1}, {70, 1, 0}, {90, 0, 1}, {70, 0, 1}});
    }

    @Test
    void theMeanFillsLikeSimpleImputer() {
        Preprocessor p = Preprocessor.fit(homes(), Preprocessor.Missing.MEAN, Preprocessor.Unknown.ERROR);
        assertThat(p.transform(homes()).toArray2d()[1][0]).isEqualTo(70.0); // (50 + 90 + 70) / 3
    }

    @Test
    void aMissingCellIsAnErrorByDefaultNamingTheColumn() {
        assertThatThrownBy(() -> Preprocessor.fit(homes(), Preprocessor.Missing.ERROR, Preprocessor.Unknown.ERROR))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("area");
    }

    @Test
    void anUnseenCategoryIsAnErrorOrAllZerosWhenIgnored() {
        Table fresh = Table.of(List.of(new Table.Numbers("area", new double[] {60}),
                new Table.Texts("city", new String[] {"Nice"})));
        Preprocessor strict = Preprocessor.fit(homes(), Preprocessor.Missing.MEDIAN, Preprocessor.Unknown.ERROR);
        assertThatThrownBy(() -> strict.transform(fresh)).hasMessageContaining("'Nice' was not seen in training")
                .hasMessageContaining("'city'");
        Preprocessor lenient = Preprocessor.fit(homes(), Preprocessor.Missing.MEDIAN, Preprocessor.Unknown.IGNORE);
        assertThat(lenient.transform(fresh).toArray2d()).isEqualTo(new double[][] {{60, 0, 0}});
    }

    @Test
    void labelsBecomeClassesInSortedOrderNumbersByValue() {
        Table t = Table.of(List.of(new Table.Numbers("label", new double[] {8, 3, 5, 3}),
                new Table.Texts("species", new String[] {"virginica", "setosa", "versicolor", "setosa"})));
        LabelEncoder numbers = LabelEncoder.fit(t.column("label"), t);
        assertThat(numbers.classes()).containsExactly("3", "5", "8");
        assertThat(numbers.transform(t.column("label"), t).toArray()).containsExactly(2, 0, 1, 0);
        LabelEncoder names = LabelEncoder.fit(t.column("species"), t);
        assertThat(names.classes()).containsExactly("setosa", "versicolor", "virginica");
        assertThat(names.transform(t.column("species"), t).toArray()).containsExactly(2, 0, 1, 0);
    }
}
