package dev.minternet.cli;

import dev.minternet.scenario.DefaultWorld;
import dev.minternet.scenario.Scenario;
import dev.minternet.scenario.ScenarioException;
import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.sim.Durations;
import dev.minternet.wire.Ip4;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** minternet world show|export: the built-in default internet (or another world file). */
@Command(name = "world", mixinStandardHelpOptions = true, description = "Show or export the built-in default internet.",
        subcommands = {WorldCommand.Show.class, WorldCommand.Export.class})
public final class WorldCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Print the default world's YAML (a starting point: minternet world export > my.yaml).")
    static final class Export implements Runnable {
        @Override
        public void run() {
            System.out.print(DefaultWorld.text());
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print a world's nodes and links.")
    static final class Show implements Callable<Integer> {
        @Option(names = "--world", paramLabel = "FILE", description = "Another world file (default: the built-in one).")
        Path world;

        @picocli.CommandLine.Mixin
        LimitOptions limitOptions;

        @Override
        public Integer call() throws ScenarioException {
            Scenario s = world == null ? DefaultWorld.load() : ScenarioLoader.load(world, limitOptions.limits());
            System.out.println(dev.minternet.scenario.Visible.escape(s.name() + ": " + s.description()));
            System.out.println("routing: " + s.routing().name().toLowerCase(Locale.ROOT) + ", seed " + s.seed() + ", start " + s.start());
            System.out.println();
            System.out.println("nodes (" + s.nodes().size() + "):");
            for (Scenario.NodeSpec n : s.nodes()) {
                StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "  %-16s %-6s", n.name(),
                        n.kind().name().toLowerCase(Locale.ROOT)));
                for (Scenario.LinkSpec l : s.links()) {
                    if (l.a().node().equals(n.name())) {
                        sb.append(' ').append(l.a().iface()).append('=').append(l.a().address());
                    }
                    if (l.b().node().equals(n.name())) {
                        sb.append(' ').append(l.b().iface()).append('=').append(l.b().address());
                    }
                }
                System.out.println(sb);
            }
            System.out.println();
            System.out.println("links (" + s.links().size() + "):");
            for (Scenario.LinkSpec l : s.links()) {
                System.out.printf(Locale.ROOT, "  %-16s %-14s %-18s <-> %-14s %-18s %9s %10s%s%s%n", l.name(),
                        l.a().node(), l.a().address(), l.b().node(), l.b().address(), rate(l.bandwidthBps()),
                        delay(l.delayNs()), l.cost() != 1 ? "  cost " + l.cost() : "",
                        l.loss() > 0 ? "  loss " + l.loss() * 100 + "%" : "");
            }
            if (!s.timeline().isEmpty()) {
                System.out.println();
                System.out.println("timeline (" + s.timeline().size() + " entries)");
            }
            return 0;
        }

        static String rate(long bps) {
            if (bps % 1_000_000_000L == 0) {
                return bps / 1_000_000_000L + " Gbit/s";
            }
            if (bps % 1_000_000L == 0) {
                return bps / 1_000_000L + " Mbit/s";
            }
            return bps + " bit/s";
        }

        static String delay(long ns) {
            if (ns % Durations.MS == 0) {
                return ns / Durations.MS + " ms";
            }
            return String.format(Locale.ROOT, "%.3f ms", ns / 1e6);
        }

        static String addr(int a) {
            return Ip4.str(a);
        }
    }
}
