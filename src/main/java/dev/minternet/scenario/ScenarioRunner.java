package dev.minternet.scenario;

import dev.minternet.files.FilePolicy;
import dev.minternet.ip.NetInterface;
import dev.minternet.link.Link;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.scenario.Scenario.LinkState;
import dev.minternet.scenario.Scenario.RunCommand;
import dev.minternet.scenario.Scenario.TimelineEntry;
import dev.minternet.sim.Durations;
import dev.minternet.tools.Terminal;
import dev.minternet.tools.Tool;
import dev.minternet.tools.registry.ToolRegistry;
import dev.minternet.trace.PcapWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Plays a scenario's timeline on its world and prints what each terminal shows, each line
 * prefixed with the simulated time and the node:
 * <pre>
 *    1.000000 laptop | PING server (203.0.113.10) 56(84) bytes of data.
 * </pre>
 * When the timeline is done and nothing is left to simulate (or the scenario's duration is
 * reached), commands still running are interrupted, as Ctrl-C would, so they print their summary.
 */
public final class ScenarioRunner {
    /** Upper bound on a run without an explicit duration. */
    public static final long DEFAULT_LIMIT_NS = 3600 * Durations.S;

    private final Scenario scenario;
    private final World world;
    private final PrintStream out;
    private final FilePolicy files;
    private final List<Running> running = new ArrayList<>();
    private final List<PcapWriter> captures = new ArrayList<>();
    private final int nameWidth;
    private int lastExit;

    /** A command in progress on a node's terminal. */
    private final class Running implements Terminal {
        final Node node;
        final String command;
        final List<Runnable> interrupts = new ArrayList<>();
        boolean exited;
        int exitCode;

        Running(Node node, String command) {
            this.node = node;
            this.command = command;
        }

        @Override
        public void println(String line) {
            print(node.name(), "|", line);
        }

        @Override
        public void exit(int code) {
            if (!exited) {
                exited = true;
                exitCode = code;
                lastExit = code;
                if (world.trace().enabled()) {
                    world.trace().emit(node.name(), "tool", "exit", "command", command, "code", code);
                }
            }
        }

        @Override
        public void onInterrupt(Runnable r) {
            interrupts.add(r);
        }

        @Override
        public FilePolicy files() {
            return files;
        }
    }

    /**
     * @param outputDir the output folder ({@code --out}): where the timeline's commands write
     *     ({@code tcpdump -w}, {@code curl -o}, {@code nc -l -o}); null lets them write nothing
     *     but /dev/null. They read from the scenario's folder ({@link Scenario#folder()}).
     */
    public ScenarioRunner(Scenario scenario, World world, PrintStream out, Path outputDir) {
        this.scenario = scenario;
        this.world = world;
        this.out = out;
        this.files = FilePolicy.of(scenario.folder(), outputDir);
        int w = 0;
        for (TimelineEntry e : scenario.timeline()) {
            if (e instanceof RunCommand r) {
                w = Math.max(w, r.node().length());
            }
        }
        this.nameWidth = Math.max(w, 1);
    }

    /** Captures every interface of every node into {@code dir}/NODE-IFACE.pcap. */
    public void captureAll(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Node n : world.nodes()) {
            for (NetInterface i : n.ip().interfaces()) {
                PcapWriter w = new PcapWriter(dir.resolve(n.name() + "-" + i.name() + ".pcap"), world.epoch());
                captures.add(w);
                i.addTap((d, outgoing) -> w.write(world.sim().now(), d, d.length));
            }
        }
    }

    /** Runs the whole timeline; returns the exit status of the last command that finished. */
    public int run() {
        List<TimelineEntry> entries = new ArrayList<>(scenario.timeline());
        entries.sort(Comparator.comparingLong(TimelineEntry::atNs)); // stable: file order within an instant
        for (TimelineEntry e : entries) {
            world.sim().scheduleAt(e.atNs(), () -> perform(e));
        }
        boolean leftover;
        long limit;
        if (scenario.durationNs() >= 0) {
            limit = scenario.durationNs();
            world.sim().runUntil(limit);
            leftover = false;
        } else {
            limit = DEFAULT_LIMIT_NS;
            leftover = world.sim().runWithin(limit);
        }
        if (leftover) {
            print("*", "*", "run stopped at the " + Durations.seconds(limit) + " limit; set `duration:` to change it");
        }
        for (Running r : running) {
            if (!r.exited) {
                for (Runnable i : r.interrupts) {
                    i.run();
                }
                if (!r.exited) {
                    r.exit(130);
                }
            }
        }
        for (PcapWriter w : captures) {
            w.close();
        }
        world.trace().close();
        out.flush();
        return lastExit;
    }

    private void perform(TimelineEntry e) {
        if (e instanceof RunCommand r) {
            Node node = world.node(r.node());
            print(node.name(), "$", r.command());
            Running term = new Running(node, r.command());
            running.add(term);
            if (world.trace().enabled()) {
                world.trace().emit(node.name(), "tool", "start", "command", r.command());
            }
            List<String> words;
            try {
                words = ToolRegistry.split(r.command());
            } catch (IllegalArgumentException x) {
                term.println("sh: " + x.getMessage());
                term.exit(2);
                return;
            }
            if (words.isEmpty()) {
                term.exit(0);
                return;
            }
            Tool tool = ToolRegistry.get(words.get(0));
            if (tool == null) {
                term.println("sh: " + words.get(0) + ": command not found");
                term.exit(127);
                return;
            }
            tool.start(node, words.subList(1, words.size()), term);
        } else if (e instanceof Scenario.NodeState s) {
            Node n = world.node(s.node());
            if (s.up()) {
                n.restore();
            } else {
                n.crash();
            }
            print("*", "*", "node " + n.name() + (s.up() ? " restored (booted again)" : " crashed"));
        } else if (e instanceof LinkState s) {
            Link l = world.link(s.link());
            l.setUp(s.up());
            print("*", "*", "link " + l.name() + " " + (s.up() ? "restored (up)" : "failed (down)"));
        }
    }

    private void print(String node, String sep, String line) {
        long t = world.sim().now();
        out.println(String.format(Locale.ROOT, "%4d.%06d %-" + nameWidth + "s %s %s", t / Durations.S,
                (t % Durations.S) / Durations.US, node, sep, line).stripTrailing());
    }
}
