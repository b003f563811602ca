package dev.minternet.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Odd command lines typed at every tool ({@link ToolFuzz}: seeded, the same lines every run): no
 * tool may answer one with a Java exception, an exception's text, "internal error", a session that
 * ends or stops answering. A finding prints the line, so it can be typed again in
 * {@code minternet shell}. Longer runs: {@code ToolFuzz.main}.
 */
class ToolArgsFuzzTest {
    /** Lines per tool and world: about 40 s on two cores for the three worlds. */
    static final int LINES = 300;

    @TempDir
    Path out;

    @Test
    @Timeout(240)
    void odd_arguments_on_the_default_world_get_the_tools_own_answers() throws Exception {
        fuzz(null, 20261208L);
    }

    @Test
    @Timeout(240)
    void odd_arguments_on_a_switched_lan_and_an_ipv6_lan_get_the_tools_own_answers() throws Exception {
        fuzz("examples/lan-switching.yaml", 7L);
        fuzz("examples/ipv6-slaac.yaml", 8L);
    }

    private void fuzz(String example, long seed) throws Exception {
        ToolFuzz f = ToolFuzz.of(example, out, 60_000);
        try {
            List<ToolFuzz.Finding> found = f.run(seed, LINES);
            assertThat(found).as("lines a real tool answers in its own words").isEmpty();
        } finally {
            f.close();
        }
    }
}
