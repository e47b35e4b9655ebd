package dev.descent.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NumbersTest {
    @Test
    void decimalNumbersAreReadWithSpacesSignsAndExponents() {
        assertThat(Numbers.parseFinite(" 2.5e-3 ")).isEqualTo(0.0025);
        assertThat(Numbers.parseFinite("-.5")).isEqualTo(-0.5);
        assertThat(Numbers.parseFinite("+7.")).isEqualTo(7.0);
        assertThat(Numbers.parseFinite("1.7976931348623157e308")).isEqualTo(Double.MAX_VALUE);
        assertThat(Numbers.parseFinite("1e-400")).isEqualTo(0.0);
    }

    @Test
    void everySpellingOfInfinityIsRefused() {
        for (String text : new String[] {"1e309", "-1e309", "1" + "0".repeat(400), "1.8e308"}) {
            assertThatThrownBy(() -> Numbers.parseFinite(text)).as(text).isInstanceOf(NumberFormatException.class)
                    .hasMessageEndingWith(" is too large for a double (more than 1.8e308)");
        }
        for (String text : new String[] {"inf", "-Infinity", "+INF"}) {
            assertThatThrownBy(() -> Numbers.parseFinite(text)).isInstanceOf(NumberFormatException.class)
                    .hasMessage("'" + text + "' is not a finite number");
        }
    }

    @Test
    void eachKindOfNonNumberGetsItsOwnMessage() {
        assertThatThrownBy(() -> Numbers.parseFinite("abc")).hasMessage("'abc' is not a number");
        assertThatThrownBy(() -> Numbers.parseFinite("NaN")).hasMessage("'NaN' marks a missing value");
        assertThatThrownBy(() -> Numbers.parseFinite("3,5")).hasMessage("'3,5' is not a number (write the decimal"
                + " point as '.')");
        assertThatThrownBy(() -> Numbers.parseFinite("1.5d")).hasMessage("'1.5d' is not a number");
        assertThatThrownBy(() -> Numbers.parseFinite("0x1p3")).hasMessage("'0x1p3' is not a number");
        assertThatThrownBy(() -> Numbers.parseFinite("  ")).hasMessage("empty text, not a number");
        assertThatThrownBy(() -> Numbers.parseFinite("1\n2")).hasMessage("'1\\n2' is not a number");
    }

    @Test
    void theCsvReaderRefusesWhatTheHelperRefuses(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("x.csv"), "a\n-1e309\n");
        assertThatThrownBy(() -> Csv.readNumeric(f)).isInstanceOf(DataFormatException.class)
                .hasMessage(f + " line 2, column a: '-1e309' is too large for a double (more than 1.8e308)");
    }
}
