package dev.descent.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.apache.commons.csv.CSVParser;
import org.junit.jupiter.api.Test;

class TextReaderTest {
    private static TextReader reader(String text) {
        return new TextReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void everyReadAfterTheEndOfTheTextReturnsMinusOne() throws IOException {
        try (TextReader in = reader("a,b\n1,2")) {
            char[] buffer = new char[64];
            assertThat(in.read(buffer, 0, 64)).isEqualTo(7);
            assertThat(new String(buffer, 0, 7)).isEqualTo("a,b\n1,2");
            for (int i = 0; i < 5; i++) {
                assertThat(in.read(buffer, 0, 64)).as("read %d after the end", i + 1).isEqualTo(-1);
                assertThat(in.read()).isEqualTo(-1);
            }
        }
    }

    @Test
    void anEmptyStreamEndsAtOnceAndStaysEnded() throws IOException {
        try (TextReader in = reader("")) {
            assertThat(in.read()).isEqualTo(-1);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void aStreamOfOnlyAByteOrderMarkIsEmpty() throws IOException {
        try (TextReader in = reader("\uFEFF")) {
            assertThat(in.read(new char[8], 0, 8)).isEqualTo(-1);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    /** The records Commons CSV finds in {@code text}, or -1 when it refuses the text. */
    private static long parserRecords(String text, char delimiter) {
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(text))
                .setFormat(CsvRows.format(delimiter)).get()) {
            return parser.stream().count();
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    private static long readerRows(String text, char delimiter) throws IOException {
        try (TextReader in = new TextReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                delimiter, CsvRows.format(delimiter).getIgnoreSurroundingSpaces())) {
            char[] buffer = new char[7];
            while (in.read(buffer, 0, buffer.length) >= 0) {
                // Only the row count matters.
            }
            return in.rowsEnded();
        }
    }

    @Test
    void rowsEndWhereTheParserEndsThemForRandomTextWithQuotes() throws IOException {
        char[] alphabet = {'a', '"', '"', ',', ' ', '\t', '\n', '\r'};
        Random random = new Random(42);
        int compared = 0;
        for (int sample = 0; sample < 20_000; sample++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(24);
            for (int i = 0; i < length; i++) {
                text.append(alphabet[random.nextInt(alphabet.length)]);
            }
            text.append('\n');
            for (char delimiter : new char[] {',', ' '}) {
                long records = parserRecords(text.toString(), delimiter);
                if (records >= 0) {
                    compared++;
                    assertThat(readerRows(text.toString(), delimiter))
                            .as("rows of '%s' split at '%s'", Messages.shown(text.toString()), delimiter)
                            .isEqualTo(records);
                }
            }
        }
        assertThat(compared).isGreaterThan(10_000);
    }

    @Test
    void aQuoteInsideAFieldIsAnOrdinaryCharacterAsForTheParser() throws IOException {
        assertThat(readerRows("a,5\" screen,b\nc,d,e\n", ',')).isEqualTo(2);
        assertThat(readerRows("a, \"x\ny\" ,b\nc\n", ',')).isEqualTo(2);
        assertThat(readerRows("\"say \"\"hi\"\"\nthere\"\n", ',')).isEqualTo(1);
    }
}
