package dev.minternet.cli;

import dev.minternet.link.Link;
import dev.minternet.link.LinkCounters;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A figure of one run for {@code minternet sweep}: a counter of the world (simulator events,
 * simulated time, packets and drops on every link, datagrams routers forwarded) or a number read
 * from the run's output by a regular expression, as a person would read it off the screen.
 */
record Metric(String name, Pattern pattern) {
    static final List<String> BUILT_IN = List.of("events", "sim-time", "packets", "drops", "queue-drops", "loss-drops",
            "forwarded");

    /** {@code NAME} (built-in) or {@code NAME=REGEX}. */
    static Metric parse(String text) {
        int eq = text.indexOf('=');
        String name = (eq < 0 ? text : text.substring(0, eq)).strip();
        if (!name.matches("[A-Za-z][A-Za-z0-9_.-]*")) {
            throw new IllegalArgumentException("'" + text + "': a metric is NAME or NAME=REGEX, NAME letters, digits, "
                    + "'.', '_' or '-'");
        }
        if (eq < 0) {
            if (!BUILT_IN.contains(name)) {
                throw new IllegalArgumentException("'" + name + "' is not a built-in metric (" + String.join(", ", BUILT_IN)
                        + "); read others from the output with NAME=REGEX");
            }
            return new Metric(name, null);
        }
        try {
            return new Metric(name, Pattern.compile(text.substring(eq + 1)));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(name + ": not a regular expression: "
                    + e.getDescription() + " near index " + e.getIndex());
        }
    }

    /** The figure as CSV text; empty when the output has no line that matches. */
    String measure(World world, String output) {
        if (pattern == null) {
            return switch (name) {
                case "events" -> Long.toString(world.sim().eventsExecuted());
                case "sim-time" -> String.format(Locale.ROOT, "%.9f", world.sim().now() / 1e9);
                case "packets" -> Long.toString(links(world, LinkCounters::sentPackets));
                case "drops" -> Long.toString(links(world, LinkCounters::dropped));
                case "queue-drops" -> Long.toString(links(world, LinkCounters::droppedQueue));
                case "loss-drops" -> Long.toString(links(world, LinkCounters::droppedLoss));
                case "forwarded" -> Long.toString(forwarded(world));
                default -> throw new IllegalStateException(name);
            };
        }
        String found = "";
        for (String line : output.split("\n")) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                found = m.groupCount() >= 1 ? m.group(1) : m.group();
            }
        }
        found = found == null ? "" : found.strip();
        if (!found.isEmpty() && !found.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
            throw CliError.runtime("--metric " + name + ": the output gave '" + found + "', not a number");
        }
        return found;
    }

    private static long links(World world, ToLongFunction<LinkCounters> what) {
        long sum = 0;
        for (Link l : world.links()) {
            sum += what.applyAsLong(l.channelFromA().counters()) + what.applyAsLong(l.channelFromB().counters());
        }
        return sum;
    }

    private static long forwarded(World world) {
        long sum = 0;
        for (Node n : world.nodes()) {
            sum += n.ip().counters().forwDatagrams;
        }
        return sum;
    }
}
