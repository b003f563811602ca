package dev.minternet.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.node.World;
import dev.minternet.trace.EventType;
import dev.minternet.trace.TraceEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One run of an example scenario file shared by the tests of a class, with every interface
 * captured: {@code @RegisterExtension static final ExampleRun run = new ExampleRun(EXAMPLE);}
 * plays it once before the class's tests into a folder of its own (removed after them), and
 * reads like the {@link Runs.Result} it holds. {@link #assertRerunIdentical()} plays it a second
 * time and compares output, trace and every capture byte for byte.
 */
public final class ExampleRun implements BeforeAllCallback, AfterAllCallback {
    private final Path example;
    private Path root;
    private Runs.Result result;

    public ExampleRun(Path example) {
        this.example = example;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        root = Files.createTempDirectory("minternet-example");
        result = Runs.example(example, dir());
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The folder the run wrote its captures and files into. */
    public Path dir() {
        return root.resolve("run1");
    }

    /** The captures the run wrote, by name. */
    public List<Path> pcaps() {
        return PcapFiles.in(dir());
    }

    /** Plays the example again: the same output, trace and captures, byte for byte. */
    public void assertRerunIdentical() {
        Path again = root.resolve("run2");
        Runs.Result second;
        try {
            second = Runs.example(example, again);
        } catch (Exception e) {
            throw new AssertionError(example + " did not run a second time: " + e.getMessage(), e);
        }
        assertThat(second.output()).isEqualTo(result.output());
        assertThat(second.json()).isEqualTo(result.json());
        List<Path> first = pcaps();
        assertThat(PcapFiles.in(again).stream().map(Path::getFileName).toList())
                .isEqualTo(first.stream().map(Path::getFileName).toList());
        for (Path p : first) {
            assertThat(read(again.resolve(p.getFileName()))).as(p.getFileName().toString()).isEqualTo(read(p));
        }
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Runs.Result result() {
        return result;
    }

    public World world() {
        return result.world();
    }

    public List<String> output() {
        return result.output();
    }

    public List<TraceEvent> trace() {
        return result.trace();
    }

    public String json() {
        return result.json();
    }

    public String text() {
        return result.text();
    }

    public List<TraceEvent> events(EventType... types) {
        return result.events(types);
    }

    public List<TraceEvent> events(Predicate<TraceEvent> p) {
        return result.events(p);
    }

    public List<String> terminal(String node) {
        return result.terminal(node);
    }

    public List<String> block(String node, String command, int nth) {
        return result.block(node, command, nth);
    }
}
