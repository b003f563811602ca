package dev.minternet.scenario;

import dev.minternet.units.Units;
import java.util.List;
import java.util.Locale;

/**
 * The bounds on what a scenario may ask of the machine that runs it (docs/design.md decision 10). A
 * scenario is a document from a stranger; each of these stops it, with a one-line error naming
 * the bound and how to raise it, long before it can exhaust memory or time. Only the person
 * running minternet raises them, on the command line ({@code --limit NAME=VALUE}): a scenario
 * cannot lift the bounds that protect the machine it runs on.
 *
 * <table>
 *   <caption>Limits and defaults</caption>
 *   <tr><th>name</th><th>default</th><th>what it bounds</th></tr>
 *   <tr><td>scenario-size</td><td>3 MiB</td><td>the scenario file, checked before it is read</td></tr>
 *   <tr><td>yaml-depth</td><td>64</td><td>nesting of YAML lists and mappings, checked while parsing</td></tr>
 *   <tr><td>nodes</td><td>10,000</td><td>hosts and routers in the world</td></tr>
 *   <tr><td>links</td><td>20,000</td><td>links in the world</td></tr>
 *   <tr><td>global-routers</td><td>2,000</td><td>routers (and multi-homed hosts) that {@code routing: global}
 *       computes all-pairs shortest paths over: its memory grows with their square</td></tr>
 *   <tr><td>packets</td><td>100,000,000</td><td>IP datagrams sent and forwarded by all nodes in one run</td></tr>
 *   <tr><td>output-lines</td><td>1,000,000</td><td>lines the simulated terminals print in one run</td></tr>
 * </table>
 */
public record Limits(long scenarioBytes, int yamlDepth, int nodes, int links, int globalRouters, long packets,
                     long outputLines) {
    public static final Limits DEFAULT = new Limits(3L << 20, 64, 10_000, 20_000, 2_000, 100_000_000L, 1_000_000L);

    /** The names {@code --limit} takes, in the order of the table above. */
    public static final List<String> NAMES =
            List.of("scenario-size", "yaml-depth", "nodes", "links", "global-routers", "packets", "output-lines");

    /** The largest value any limit takes: far beyond what a machine holds, so it is never "no limit". */
    static final long CEILING = 1L << 40;

    /** One {@code NAME=VALUE} from the command line. */
    public record Setting(String name, long value) {
        /**
         * Parses {@code NAME=VALUE}; sizes take units ({@code scenario-size=8MiB}). Throws
         * IllegalArgumentException with a one-line message naming what is allowed.
         */
        public static Setting parse(String text) {
            int eq = text.indexOf('=');
            String name = eq < 0 ? text.strip() : text.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            if (eq < 0 || !NAMES.contains(name)) {
                throw new IllegalArgumentException("expected NAME=VALUE with NAME one of " + String.join(", ", NAMES)
                        + ", got '" + Yaml.oneLine(text) + "'");
            }
            String v = text.substring(eq + 1).strip();
            long value;
            if (name.equals("scenario-size")) {
                value = Units.bytes(v);
            } else if (v.matches("\\d{1,15}")) {
                value = Long.parseLong(v);
            } else {
                throw new IllegalArgumentException(name + " must be a whole number, got '" + Yaml.oneLine(v) + "'");
            }
            long max = name.equals("yaml-depth") ? 10_000 : CEILING;
            if (value < 1 || value > max) {
                throw new IllegalArgumentException(name + " must be between 1 and " + max + " (got " + value + ")");
            }
            return new Setting(name, value);
        }
    }

    /** These limits with {@code s} applied. */
    public Limits with(Setting s) {
        long v = s.value();
        int i = (int) Math.min(v, Integer.MAX_VALUE);
        return switch (s.name()) {
            case "scenario-size" -> new Limits(v, yamlDepth, nodes, links, globalRouters, packets, outputLines);
            case "yaml-depth" -> new Limits(scenarioBytes, i, nodes, links, globalRouters, packets, outputLines);
            case "nodes" -> new Limits(scenarioBytes, yamlDepth, i, links, globalRouters, packets, outputLines);
            case "links" -> new Limits(scenarioBytes, yamlDepth, nodes, i, globalRouters, packets, outputLines);
            case "global-routers" -> new Limits(scenarioBytes, yamlDepth, nodes, links, i, packets, outputLines);
            case "packets" -> new Limits(scenarioBytes, yamlDepth, nodes, links, globalRouters, v, outputLines);
            case "output-lines" -> new Limits(scenarioBytes, yamlDepth, nodes, links, globalRouters, packets, v);
            default -> throw new IllegalArgumentException("unknown limit " + s.name());
        };
    }

    /** These limits with every setting applied in order. */
    public Limits with(List<Setting> settings) {
        Limits l = this;
        for (Setting s : settings) {
            l = l.with(s);
        }
        return l;
    }

    /** How the user raises limit {@code name}: the words every limit error ends with. */
    public static String howToRaise(String name) {
        return "raise it with --limit " + name + "=N";
    }

    /** {@code 10,000}: limits are read by people. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
