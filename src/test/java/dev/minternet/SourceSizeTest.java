package dev.minternet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** docs/architecture.md: no source file over 800 lines (split by concern instead). */
class SourceSizeTest {
    static final int MAX_LINES = 800;

    @Test
    void noSourceFileIsLongerThan800Lines() throws IOException {
        List<String> tooLong = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                long lines = Files.readAllLines(f).size();
                if (lines > MAX_LINES) {
                    tooLong.add(f + " (" + lines + " lines)");
                }
            }
        }
        assertThat(tooLong).as("files over %d lines (split them by concern; docs/architecture.md)", MAX_LINES)
                .isEmpty();
    }

    @Test
    void theCheckSeesTheTree() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".java")).count()).isGreaterThan(300);
        }
    }
}
