package dev.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scenario that fills the heap (a link whose queue never drains) ends with one line naming the
 * simulated time, the world's size and what is queued, exit status 1: in a JVM of its own with a
 * small heap, so the test's JVM is never at risk. Small packets fill it slowly and the guard in
 * the event loop stops the run; 64 KB datagrams fill it in one go and the OutOfMemoryError itself
 * is caught.
 */
class MemoryGuardTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "ping -s {0}")
    @CsvSource({"16, 20000s", "65000, 100s"})
    void a_run_that_exhausts_the_heap_ends_in_one_line(int size, String duration) throws Exception {
        Path f = dir.resolve("queue.yaml");
        Files.writeString(f, """
                name: queue-grows
                duration: %s
                nodes:
                  - {name: a, kind: host}
                  - {name: b, kind: host}
                links:
                  - {a: a 10.0.0.1/24, b: b 10.0.0.2/24, bandwidth: 1kbps, queue: 2000000000}
                timeline:
                  - {at: 1s, on: a, run: "ping -q -s %d -i 0.002 -c 100000000 b"}
                """.formatted(duration, size));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "run", f.toString()))
                .redirectError(dir.resolve("err").toFile()).redirectOutput(new File("/dev/null")).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the run ends").isTrue();
        String err = Files.readString(dir.resolve("err"), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(err).isEqualTo(1);
        assertThat(err).matches("minternet: out of memory at simulated time [0-9.]+s \\([0-9,]+ events\\); the world has"
                + " 2 nodes, [0-9,]+ packets queued: raise -Xmx or shrink the scenario\\n");
    }
}
