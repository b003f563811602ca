package dev.minternet.testing;

import dev.minternet.node.World;
import dev.minternet.scenario.Scenario;
import dev.minternet.scenario.ScenarioException;
import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.scenario.ScenarioRunner;
import dev.minternet.scenario.ScenarioSplit;
import dev.minternet.scenario.WorldBuilder;
import dev.minternet.trace.JsonLinesSink;
import dev.minternet.trace.EventType;
import dev.minternet.trace.TraceEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/** Runs a scenario written inline and keeps everything it produced: output lines and trace events. */
public final class Runs {
    private Runs() {
    }

    /** What a run left behind. */
    public record Result(World world, List<String> output, List<TraceEvent> trace, String json) {
        /** The events of any of {@code types}, in trace order. */
        public List<TraceEvent> events(EventType... types) {
            return trace.stream().filter(e -> e.isAny(types)).toList();
        }

        public List<TraceEvent> events(Predicate<TraceEvent> p) {
            return trace.stream().filter(p).toList();
        }

        /** Output lines with the time/node prefix removed (what the terminal showed). */
        public List<String> terminal(String node) {
            List<String> l = new ArrayList<>();
            for (String line : output) {
                String[] f = line.trim().split("\\s+", 3);
                if (f.length >= 2 && f[1].equals(node)) {
                    int bar = line.indexOf(" | ");
                    if (bar >= 0) {
                        l.add(line.substring(bar + 3));
                    } else if (line.endsWith(" |")) {
                        l.add("");
                    }
                }
            }
            return l;
        }

        public String text() {
            return String.join("\n", output);
        }

        /**
         * What the {@code nth} (from 0) timeline run of {@code command} on {@code node} printed,
         * terminal prefixes removed; fails when the command ran fewer times.
         */
        public List<String> block(String node, String command, int nth) {
            List<String> out = new ArrayList<>();
            int seen = -1;
            boolean in = false;
            for (String line : output) {
                String[] f = line.trim().split("\\s+", 3);
                if (f.length < 2 || !f[1].equals(node)) {
                    continue;
                }
                int dollar = line.indexOf(" $ ");
                if (dollar >= 0) {
                    if (in) {
                        break;
                    }
                    in = line.substring(dollar + 3).equals(command) && ++seen == nth;
                } else if (in) {
                    int bar = line.indexOf(" | ");
                    out.add(bar >= 0 ? line.substring(bar + 3) : "");
                }
            }
            if (seen < nth) {
                throw new AssertionError(node + " ran `" + command + "` " + (seen + 1) + " times, not " + (nth + 1));
            }
            return out;
        }
    }

    /**
     * The default world with {@code timelineAndDuration} (a {@code timeline:} section and a
     * {@code duration:} line) in place of its own timeline and duration.
     */
    public static String defaultWorldWith(String timelineAndDuration) {
        return dev.minternet.scenario.DefaultWorld.text().replaceAll("(?s)\ntimeline:.*", "\n")
                .replaceAll("(?m)^duration:.*\n", "") + timelineAndDuration;
    }

    public static Result run(String yaml) {
        return run(yaml, null);
    }

    public static Result run(String yaml, Path outputDir) {
        try {
            Scenario s = ScenarioLoader.parse("test.yaml", yaml);
            return run(s, outputDir, false);
        } catch (ScenarioException e) {
            throw new AssertionError("scenario did not load: " + e.getMessage(), e);
        }
    }

    /**
     * Runs a scenario written inline as if it were the file {@code dir/test.yaml}: the files it
     * names (zone files, sites, seeds) are read from {@code dir}, and its commands write there.
     */
    public static Result runIn(Path dir, String yaml) {
        try {
            return run(ScenarioLoader.parse(dir.resolve("test.yaml").toString(), yaml), dir, false);
        } catch (ScenarioException e) {
            throw new AssertionError("scenario did not load: " + e.getMessage(), e);
        }
    }

    /**
     * Runs the example scenario file {@code example} with every interface captured into
     * {@code outputDir} (created when missing): what the example tests check their pcaps in.
     */
    public static Result example(Path example, Path outputDir) throws IOException, ScenarioException {
        java.nio.file.Files.createDirectories(outputDir);
        Scenario s = ScenarioLoader.load(example);
        return run(s, ScenarioSplit.split(s), outputDir, true); // in the regions `run` plays it in
    }

    public static Result run(Scenario s, Path outputDir, boolean captureAll) {
        return run(s, null, outputDir, captureAll);
    }

    private static Result run(Scenario s, int[] regions, Path outputDir, boolean captureAll) {
        try {
            World w = WorldBuilder.build(s, regions);
            List<TraceEvent> events = new ArrayList<>();
            ByteArrayOutputStream json = new ByteArrayOutputStream();
            JsonLinesSink sink = new JsonLinesSink(json);
            w.trace().subscribe(events::add);
            w.trace().subscribe(sink);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
            ScenarioRunner r = new ScenarioRunner(s, w, ps, outputDir);
            if (captureAll) {
                r.captureAll(outputDir);
            }
            r.run();
            List<String> lines = Arrays.asList(out.toString(StandardCharsets.UTF_8).split("\n", -1));
            if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
                lines = lines.subList(0, lines.size() - 1);
            }
            return new Result(w, lines, events, json.toString(StandardCharsets.UTF_8));
        } catch (ScenarioException e) {
            throw new AssertionError("scenario did not build: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A line of routers between host "a" and host "b": a - r1 - ... - rN - b, every link with
     * the given YAML properties, addresses 10.0.K.1 (left) / 10.0.K.2 (right) on link K.
     */
    public static String chain(int routers, String linkProps, String extraTop, String timeline) {
        StringBuilder sb = new StringBuilder("name: chain\nseed: 7\nrouting: global\n").append(extraTop).append("nodes:\n");
        sb.append("  - {name: a, kind: host}\n");
        for (int i = 1; i <= routers; i++) {
            sb.append("  - {name: r").append(i).append(", kind: router}\n");
        }
        sb.append("  - {name: b, kind: host}\nlinks:\n");
        for (int k = 0; k <= routers; k++) {
            String left = k == 0 ? "a" : "r" + k;
            String right = k == routers ? "b" : "r" + (k + 1);
            sb.append("  - {name: l").append(k).append(", a: ").append(left).append(" 10.0.").append(k).append(".1/24, b: ")
                    .append(right).append(" 10.0.").append(k).append(".2/24").append(linkProps.isEmpty() ? "" : ", " + linkProps)
                    .append("}\n");
        }
        sb.append("timeline:\n").append(timeline);
        return sb.toString();
    }
}
