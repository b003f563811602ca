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
 * A command whose node crashes dies with it and prints nothing more. Control characters in what
 * a terminal prints are made visible ({@link Visible}) before they reach the real terminal.
 */
public final class ScenarioRunner {
    /** Upper bound on a run without an explicit duration. */
    public static final long DEFAULT_LIMIT_NS = 3600 * Durations.S;

    private final Scenario scenario;
    private final World world;
    private final PrintStream out;
    private final FilePolicy files;
    private final List<Running> running = new ArrayList<>();
    private final java.util.Set<Node> watched = new java.util.HashSet<>();
    private final List<PcapWriter> captures = new ArrayList<>();
    private final int nameWidth;
    private int lastExit;
    private long linesLeft = Long.MAX_VALUE;
    private long linesAllowed = Long.MAX_VALUE;

    /** A command in progress on a node's terminal. */
    private final class Running implements Terminal {
        final Node node;
        final String command;
        final List<Runnable> interrupts = new ArrayList<>();
        java.util.function.Consumer<String> input;
        boolean exited;
        /** The node crashed under it: it prints nothing more and has no exit status to report. */
        boolean killed;
        int exitCode;

        Running(Node node, String command) {
            this.node = node;
            this.command = command;
        }

        @Override
        public void println(String line) {
            if (!killed) {
                print(node.name(), "|", line);
            }
        }

        /**
         * The node lost power: the process is gone. Its interrupt handlers still run, so the tool
         * lets go of its timers and sockets and does not come back when the node boots again,
         * but whatever it would print (a ping summary) is lost with the process.
         */
        void kill() {
            if (exited) {
                return;
            }
            killed = true;
            for (Runnable i : interrupts) {
                i.run();
            }
            exited = true;
            exitCode = 137; // SIGKILL, as a shell would report it
            if (world.trace().enabled()) {
                world.trace().emit(node.name(), "tool", "killed", "command", command);
            }
        }

        @Override
        public void exit(int code) {
            if (!exited && !killed) {
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
        public void onInput(java.util.function.Consumer<String> lines) {
            input = lines;
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
            } else if (e instanceof Scenario.Input in) {
                w = Math.max(w, in.node().length());
            }
        }
        this.nameWidth = Math.max(w, 1);
    }

    /**
     * Stops the run with a {@link RunLimitException} once the terminals have printed more than
     * {@code lines} lines (a command in a loop must not fill the user's disk or terminal).
     */
    public ScenarioRunner limitOutput(long lines) {
        linesAllowed = lines;
        linesLeft = lines;
        return this;
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
            if (watched.add(node)) {
                node.onCrash(() -> {
                    for (Running p : running) {
                        if (p.node == node) {
                            p.kill();
                        }
                    }
                });
            }
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
        } else if (e instanceof Scenario.Input in) {
            type(world.node(in.node()), in);
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

    /**
     * Types a line on a node's terminal, shown after {@code >}: the latest command still running
     * there that reads its input gets it (Ctrl-D: the end of its input).
     */
    private void type(Node node, Scenario.Input in) {
        print(node.name(), ">", in.line());
        for (int i = running.size() - 1; i >= 0; i--) {
            Running r = running.get(i);
            if (r.node == node && !r.exited && r.input != null) {
                java.util.function.Consumer<String> reader = r.input;
                if (in.endOfInput()) {
                    r.input = null;
                }
                reader.accept(in.endOfInput() ? null : in.line());
                return;
            }
        }
        print(node.name(), "|", "(no command on " + node.name() + " reads its input: the line is lost)");
    }

    /** One prefixed line per line of {@code text}: a newline inside it cannot forge an unprefixed line. */
    private void print(String node, String sep, String text) {
        long t = world.sim().now();
        String prefix = String.format(Locale.ROOT, "%4d.%06d %-" + nameWidth + "s %s ", t / Durations.S,
                (t % Durations.S) / Durations.US, node, sep);
        int from = 0;
        while (true) {
            int nl = text.indexOf('\n', from);
            String line = nl < 0 ? text.substring(from) : text.substring(from, nl);
            if (--linesLeft < 0) {
                out.flush();
                throw new RunLimitException("the run printed more than " + Limits.count(linesAllowed)
                        + " lines by simulated time " + Durations.seconds(t) + " (" + Limits.howToRaise("output-lines") + ")");
            }
            out.println((prefix + Visible.escape(line)).stripTrailing());
            if (nl < 0) {
                return;
            }
            from = nl + 1;
        }
    }
}
