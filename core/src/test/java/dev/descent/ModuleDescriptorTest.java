package dev.descent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The module exports the library and keeps the kernels to itself. */
class ModuleDescriptorTest {
    @Test
    void theKernelsAreNotExportedAndNothingButTheJdkIsRequired() throws IOException {
        ModuleDescriptor core;
        try (InputStream in = Files.newInputStream(Path.of("target/classes/module-info.class"))) {
            core = ModuleDescriptor.read(in);
        }
        assertThat(core.name()).isEqualTo("dev.descent.core");
        var exported = core.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
        assertThat(exported).contains("dev.descent", "dev.descent.nn", "dev.descent.optim", "dev.descent.train")
                .doesNotContain("dev.descent.kernel");
        assertThat(core.requires()).allMatch(r -> r.name().startsWith("java.") || r.name().startsWith("jdk."));
    }
}
