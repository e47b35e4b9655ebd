package dev.descent.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
}
