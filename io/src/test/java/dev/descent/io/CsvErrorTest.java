package dev.descent.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvErrorTest {
    @TempDir
    Path dir;

    private Path file(String content) throws IOException {
        return Files.writeString(dir.resolve("housing.csv"), content);
    }

    private Path bytes(byte[] content) throws IOException {
        return Files.write(dir.resolve("housing.csv"), content);
    }

    private static DataFormatException failure(Runnable read) {
        try {
            read.run();
        } catch (DataFormatException e) {
            return e;
        }
        throw new AssertionError("expected a DataFormatException");
    }

    @Test
    void aCellThatIsNotANumberNamesFileLineAndColumn() throws IOException {
        Path f = file("CRIM,RM,MEDV\n0.1,6.5,24\n0.2,6.1,21\nabc,5.9,20\n");
        DataFormatException e = failure(() -> Csv.read(f, "MEDV"));
        assertThat(e).hasMessage(f + " line 4, column CRIM: 'abc' is not a number");
        assertThat(e.file()).isEqualTo(f.toString());
        assertThat(e.line()).isEqualTo(4);
        assertThat(e.column()).isEqualTo("CRIM");
    }

    @Test
    void anEmptyCellIsAnError() throws IOException {
        Path f = file("CRIM,RM\n1,2\n3,4\n5,\n");
        assertThatThrownBy(() -> Csv.readNumeric(f)).isInstanceOf(DataFormatException.class)
                .hasMessage(f + " line 4, column RM: empty cell");
    }

    @Test
    void missingValueMarkersAndInfinitiesAreErrorsThatSaySo() throws IOException {
        assertThatThrownBy(() -> Csv.readNumeric(file("a\n1\nNA\n")))
                .hasMessageEndingWith(" line 3, column a: 'NA' marks a missing value; fill it in or remove the row");
        assertThatThrownBy(() -> Csv.readNumeric(file("a\nNaN\n")))
                .hasMessageEndingWith(" line 2, column a: 'NaN' marks a missing value; fill it in or remove the row");
        assertThatThrownBy(() -> Csv.readNumeric(file("a\n-inf\n")))
                .hasMessageEndingWith(" line 2, column a: '-inf' is not a finite number");
        assertThatThrownBy(() -> Csv.readNumeric(file("a\n1e400\n")))
                .hasMessageEndingWith(" line 2, column a: '1e400' is too large for a double (more than 1.8e308)");
    }

    @Test
    void javaOnlyNumberSyntaxIsRejected() throws IOException {
        assertThatThrownBy(() -> Csv.readNumeric(file("a\n1.5d\n")))
                .hasMessageEndingWith(" line 2, column a: '1.5d' is not a number");
        assertThatThrownBy(() -> Csv.readNumeric(file("a\n0x1p3\n")))
                .hasMessageEndingWith(" line 2, column a: '0x1p3' is not a number");
    }

    @Test
    void aDecimalCommaGetsAHint() throws IOException {
        Path f = file("a,b\n\"3,5\",1\n");
        assertThatThrownBy(() -> Csv.readNumeric(f))
                .hasMessage(f + " line 2, column a: '3,5' is not a number (write the decimal point as '.')");
    }

    @Test
    void aRaggedRowSaysHowManyFieldsItHasAndTheHeaderHas() throws IOException {
        Path f = file("a,b,c\n1,2,3\n4,5\n");
        assertThatThrownBy(() -> Csv.readNumeric(f))
                .hasMessage(f + " line 3: has 2 fields but the header has 3 fields");
        Path g = file("a,b\n1,2,3\n");
        assertThatThrownBy(() -> Csv.read(g, "a")).hasMessage(g + " line 2: has 3 fields but the header has 2 fields");
    }

    @Test
    void lineNumbersArePhysicalLinesCountingBlankLinesAndMultiLineCells() throws IOException {
        Path f = file("\"first\nname\",b\n\n1,2\n\n\"3\",x\n");
        assertThatThrownBy(() -> Csv.readNumeric(f)).hasMessage(f + " line 6, column b: 'x' is not a number");
        Path g = file("a,b\r\n1,2\r\n\r\n3,x\r\n");
        assertThatThrownBy(() -> Csv.readNumeric(g)).hasMessage(g + " line 4, column b: 'x' is not a number");
    }

    @Test
    void anEmptyFileAsksForAHeader() throws IOException {
        Path f = file("");
        assertThatThrownBy(() -> Csv.read(f, "y")).isInstanceOf(DataFormatException.class).hasMessage(f
                + ": the file is empty; its first line must be a header with the column names, such as x1,x2,y");
        Path blank = file("\n\n  \n");
        assertThatThrownBy(() -> Csv.readNumeric(blank)).hasMessageContaining(": the file is empty;");
    }

    @Test
    void aHeaderWithoutDataRowsIsAnError() throws IOException {
        Path f = file("a,b\n\n");
        assertThatThrownBy(() -> Csv.readNumeric(f)).hasMessage(f + ": has a header but no data rows");
    }

    @Test
    void aMissingHeaderIsRecognisedByItsNumbers() throws IOException {
        Path f = file("1.0,2.0,3\n4,5,6\n");
        assertThatThrownBy(() -> Csv.read(f, "y")).isInstanceOf(DataFormatException.class).hasMessage(f
                + " line 1: holds numbers, not column names; the first line must be a header with the column names,"
                + " such as x1,x2,y");
    }

    @Test
    void anUnknownTargetListsTheColumns() throws IOException {
        Path f = file("CRIM,RM,MEDV\n1,2,3\n");
        assertThatThrownBy(() -> Csv.read(f, "PRICE")).isInstanceOf(DataFormatException.class)
                .hasMessage(f + ": no column 'PRICE' (the target); the columns are 'CRIM', 'RM', 'MEDV'");
    }

    @Test
    void anUnknownFeatureListsTheColumnsAndSuggestsADifferentCase() throws IOException {
        Path f = file("CRIM,RM,MEDV\n1,2,3\n");
        assertThatThrownBy(() -> Csv.read(f, "MEDV", List.of("rm"))).hasMessage(f
                + ": no column 'rm' (the feature); did you mean 'RM'?; the columns are 'CRIM', 'RM', 'MEDV'");
        assertThatThrownBy(() -> Csv.readNumeric(f, List.of("AGE")))
                .hasMessage(f + ": no column 'AGE' (the column); the columns are 'CRIM', 'RM', 'MEDV'");
    }

    @Test
    void aSemicolonSeparatedFileGetsAHint() throws IOException {
        Path f = file("a;b;y\n1;2;3\n");
        assertThatThrownBy(() -> Csv.read(f, "y")).hasMessage(f + ": no column 'y' (the target); the columns are"
                + " 'a;b;y' (the header is one field: Descent reads comma-separated files, and this one seems to be"
                + " separated by ';')");
    }

    @Test
    void theTargetCannotAlsoBeAFeatureAndFeaturesCannotRepeat() throws IOException {
        Path f = file("a,b,y\n1,2,3\n");
        assertThatThrownBy(() -> Csv.read(f, "y", List.of("a", "y")))
                .hasMessage(f + ": 'y' is the target, so it cannot also be a feature");
        assertThatThrownBy(() -> Csv.read(f, "y", List.of("a", "a")))
                .hasMessage(f + ": the feature 'a' is chosen twice");
        assertThatThrownBy(() -> Csv.read(f, "y", List.of()))
                .hasMessage(f + ": no columns are left as features; the file has only the target 'y'");
    }

    @Test
    void aDuplicatedOrUnnamedColumnCannotBeChosen() throws IOException {
        Path f = file("a,b,a\n1,2,3\n");
        assertThatThrownBy(() -> Csv.read(f, "b"))
                .hasMessage(f + " line 1: the header names column 'a' twice (columns 1 and 3); rename one");
        Path g = file(",x,y\n0,1,2\n");
        assertThatThrownBy(() -> Csv.read(g, "y")).hasMessage(g
                + " line 1: column 1 has no name; name it in the header, or choose the columns explicitly");
        assertThat(Csv.read(g, "y", List.of("x")).features().toArray()).containsExactly(1);
    }

    @Test
    void aFileWithNulBytesIsNotText() throws IOException {
        Path f = bytes("a,b\n1,2\n3\0,4\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> Csv.readNumeric(f)).isInstanceOf(DataFormatException.class).hasMessage(f
                + " line 3: contains a NUL character, so this is not a text file (a binary file, or UTF-16 text?"
                + " save it as UTF-8)");
    }

    @Test
    void utf16TextIsNotMistakenForData() throws IOException {
        Path f = bytes("a,b\n1,2\n".getBytes(StandardCharsets.UTF_16LE));
        assertThatThrownBy(() -> Csv.readNumeric(f)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining(f + " line 1: contains a NUL character");
    }

    @Test
    void invalidUtf8NamesTheLineAndTheByte() throws IOException {
        byte[] latin1 = "name,b\n1,2\n3,4\ncaf\u00e9,5\n".getBytes(StandardCharsets.ISO_8859_1);
        Path f = bytes(latin1);
        assertThatThrownBy(() -> Csv.readNumeric(f)).isInstanceOf(DataFormatException.class).hasMessage(f
                + " line 4: is not UTF-8 text (byte 0xE9 cannot start or continue a UTF-8 character; save the file"
                + " as UTF-8)");
    }

    @Test
    void aBinaryFileIsRejectedOnItsFirstLine() throws IOException {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};
        Path f = bytes(png);
        assertThatThrownBy(() -> Csv.readNumeric(f)).isInstanceOf(DataFormatException.class)
                .hasMessage(f + " line 1: is not UTF-8 text (byte 0x89 cannot start or continue a UTF-8 character;"
                        + " save the file as UTF-8)");
    }

    @Test
    void aHugeLineIsRefusedWithoutReadingItWhole() throws IOException {
        StringBuilder text = new StringBuilder("a\n1\n");
        text.append("9".repeat(TextReader.MAX_ROW_CHARS + 10)).append('\n');
        Path f = file(text.toString());
        assertThatThrownBy(() -> Csv.readNumeric(f)).isInstanceOf(DataFormatException.class).hasMessage(f
                + " line 3: the line is longer than 1048576 characters, too long for a CSV row (is this a data file?)");
    }

    @Test
    void anUnclosedQuoteIsReportedWhereItOpens() throws IOException {
        Path f = file("a,b\n1,2\n3,\"4\n5,6\n");
        assertThatThrownBy(() -> Csv.readNumeric(f)).isInstanceOf(DataFormatException.class).hasMessage(f
                + " line 3: a quoted cell starts on this line and is never closed (a missing closing \"?)");
        Path g = file("a,b\n1,\"2\n" + "3,4\n".repeat(300_000));
        assertThatThrownBy(() -> Csv.readNumeric(g)).hasMessage(g + " line 2: the row starting here runs past 1048576"
                + " characters inside a quoted cell (is a closing quote missing?)");
    }

    @Test
    void aStrayQuoteInAnUnusedTextColumnIsReadAlikeInASmallAndALargeFile() throws IOException {
        String stray = "1,5\" screen,2\n";
        Path small = file("id,size,y\n" + stray + "1,7 inch,2\n");
        assertThat(Csv.readNumeric(small, List.of("id", "y")).values().toArray()).containsExactly(1, 2, 1, 2);
        String row = "1,7 inch,2\n";
        int rows = TextReader.MAX_ROW_CHARS / row.length() + 10;
        Path large = file("id,size,y\n" + stray + row.repeat(rows));
        CsvTable table = Csv.readNumeric(large, List.of("id", "y"));
        assertThat(table.rows()).isEqualTo(rows + 1);
        assertThat(table.values().sum().item()).isEqualTo(3.0 * (rows + 1));
    }

    @Test
    void aCellSpanningLinesIsShownOnOneLineInTheMessage() throws IOException {
        Path f = file("a,b\n1,\"2\n3\"\n");
        DataFormatException e = failure(() -> Csv.readNumeric(f));
        assertThat(e).hasMessage(f + " line 2, column b: '2\\n3' is not a number");
        assertThat(e.getMessage()).doesNotContain("\n", "\r");
        Path g = file("\"a\r\nb\",c\n1,2\n");
        assertThatThrownBy(() -> Csv.read(g, "x")).hasMessage(g
                + ": no column 'x' (the target); the columns are 'a\\r\\nb', 'c'");
    }

    @Test
    void aHugeCellIsShownCutShort() throws IOException {
        Path f = file("a\n" + "x".repeat(100_000) + "\n");
        DataFormatException e = failure(() -> Csv.readNumeric(f));
        assertThat(e).hasMessage(f + " line 2, column a: '" + "x".repeat(40) + "...' is not a number");
        Path g = file("a\n" + "9".repeat(100_000) + "\n");
        assertThat(failure(() -> Csv.readNumeric(g)).getMessage()).hasSizeLessThan(200)
                .endsWith("...' is too large for a double (more than 1.8e308)");
    }

    @Test
    void textAfterAClosingQuoteIsAnError() throws IOException {
        Path f = file("a,b\n1,\"2\"x\n");
        assertThatThrownBy(() -> Csv.readNumeric(f)).hasMessage(f
                + " line 2: text follows the closing quote of a quoted cell (write \"\" for a quote inside a cell)");
    }

    @Test
    void aGzFileThatIsNotGzipSaysSo() throws IOException {
        Path f = Files.writeString(dir.resolve("x.csv.gz"), "a,b\n1,2\n");
        assertThatThrownBy(() -> Csv.readNumeric(f)).isInstanceOf(DataFormatException.class)
                .hasMessage(f + ": is not a gzip file (Not in GZIP format)");
    }

    @Test
    void aMissingFileIsAnIoErrorNamingIt() {
        Path f = dir.resolve("nope.csv");
        assertThatThrownBy(() -> Csv.readNumeric(f)).isInstanceOf(UncheckedIOException.class)
                .hasMessage("cannot read " + f + ": no such file");
    }
}
