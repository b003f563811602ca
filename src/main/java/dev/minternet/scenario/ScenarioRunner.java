package dev.minternet.scenario;

import dev.minternet.files.FilePolicy;
import dev.minternet.ip.NetInterface;
import dev.minternet.link.Link;
import dev.minternet.link.ethernet.Switch;
import dev.minternet.node.Node;
import dev.minternet.attack.Drill;
import dev.minternet.node.World;
import dev.minternet.scenario.Scenario.LinkState;
import dev.minternet.scenario.Scenario.RunCommand;
import dev.minternet.scenario.Scenario.TimelineEntry;
import dev.minternet.sim.Durations;
import dev.minternet.tools.Terminal;
import dev.minternet.tools.Tool;
import dev.minternet.tools.ToolEvents;
import dev.minternet.tools.registry.Pipeline;
import dev.minternet.tools.ToolInfo;
import dev.minternet.tools.registry.ToolRegistry;
import dev.minternet.trace.PcapWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

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
 *
 * <p>The runner drives the clock from outside the event loop: before each timeline entry it runs
 * every event due earlier ({@link #advance}), so an entry comes first in its instant. The shell
 * ({@code minternet shell}) drives the same runner with the commands a person types ({@link
 * #perform}, {@link #await}), so a session and a scenario with that timeline print the same
 * lines and trace the same events. {@link #interrupt} (Ctrl-C, from any thread) stops the
 * clock at the next look, every {@value #LOOK_EVERY} events.
 */
public final class ScenarioRunner {
    /** Upper bound on a run without an explicit duration. */
    public static final long DEFAULT_LIMIT_NS = 3600 * Durations.S;
    /** Events between two looks at the Ctrl-C flag (and two progress snapshots). */
    static final long LOOK_EVERY = 1024;

    /**
     * Where the lines go: {@code sep} is {@code $} for a command as typed, {@code |} for what a
     * terminal printed, {@code *} for what happened to the world (faults); {@code text} is one
     * line, control characters already made visible.
     */
    @FunctionalInterface
    public interface Transcript {
        void line(long timeNs, String node, String sep, String text);
    }

    /** A command started on a node's terminal, as the shell's {@code jobs} and {@code run --json} see it. */
    public interface Job {
        String node();

        String command();

        /** When it was typed, in simulated ns. */
        long startNs();

        /** It exited, or died with its node. */
        boolean done();

        /** Its exit status once done: the tool's, 130 when interrupted, 137 when its node crashed. */
        int exitCode();

        /** Its node crashed under it: no exit status of its own. */
        boolean killed();

        /** It reads what is typed on its terminal (its standard input), and has not had Ctrl-D yet. */
        boolean readsInput();
    }

    /** Why {@link #await} returned. */
    public enum Wait {
        /** the condition holds */
        DONE,
        /** {@link #interrupt} was called */
        INTERRUPTED,
        /** nothing is left to simulate: the condition can never hold */
        IDLE,
        /** the time limit came first */
        LIMIT
    }

    private final Scenario scenario;
    private final World world;
    private final PrintStream out;
    private Transcript transcript;
    private final FilePolicy files;
    private final List<Running> running = new ArrayList<>();
    private final Set<Node> watched = new HashSet<>();
    private final List<PcapWriter> captures = new ArrayList<>();
    private final int nameWidth;
    private int lastExit;
    private long linesLeft = Long.MAX_VALUE;
    private long linesAllowed = Long.MAX_VALUE;
    /** Set from any thread (a signal handler); read by the watcher between events. */
    private volatile boolean interrupted;
    private volatile long seenNs;
    private volatile long seenEvents;
    /** When it holds after a command exits, the clock stops ({@link #await}). */
    private BooleanSupplier stopWhen;

    /** A command in progress on a node's terminal. */
    private final class Running implements Terminal, Job {
        final Node node;
        final String command;
        final long startNs;
        final List<Runnable> interrupts = new ArrayList<>();
        Consumer<String> input;
        boolean exited;
        /** The node crashed under it: it prints nothing more and has no exit status to report. */
        boolean killed;
        int exitCode;
        /** What its output is piped into ({@code | grep ...}), or null. */
        Pipeline.Chain pipe;
        /** The pipe took no more (head had its lines): the command ended at its next write (SIGPIPE). */
        boolean pipeClosed;

        Running(Node node, String command) {
            this.node = node;
            this.command = command;
            this.startNs = world.sim().now();
        }

        @Override
        public String node() {
            return node.name();
        }

        @Override
        public String command() {
            return command;
        }

        @Override
        public long startNs() {
            return startNs;
        }

        @Override
        public boolean done() {
            return exited;
        }

        @Override
        public int exitCode() {
            return exitCode;
        }

        @Override
        public boolean killed() {
            return killed;
        }

        @Override
        public boolean readsInput() {
            return !exited && input != null;
        }

        /** Ctrl-C: the tool's interrupt handlers run (ping prints its statistics); 130 if it does not exit. */
        void interrupt() {
            if (exited) {
                return;
            }
            for (Runnable i : interrupts) {
                i.run();
            }
            if (!exited) {
                exit(130);
            }
        }

        @Override
        public void println(String line) {
            if (killed || pipeClosed) {
                return;
            }
            if (pipe == null) {
                print(node.name(), "|", line);
            } else if (!pipe.feed(line, l -> print(node.name(), "|", l))) {
                pipeClosed = true; // SIGPIPE: the command dies, what it would still print is lost
                for (Runnable i : interrupts) {
                    i.run();
                }
                exit(141);
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
                world.trace().emit(node.name(), ToolEvents.KILLED, command);
            }
            ended();
        }

        @Override
        public void exit(int status) {
            if (!exited && !killed) {
                if (pipe != null) {
                    pipe.end(l -> print(node.name(), "|", l)); // tail's lines, counts
                }
                int code = pipe != null ? pipe.status() : status; // a pipeline's status is its last stage's
                exited = true;
                exitCode = code;
                world.sim().ordered(() -> lastExit = code); // the last to exit in the sequential order
                if (world.trace().enabled()) {
                    world.trace().emit(node.name(), ToolEvents.EXIT, command, code);
                }
                ended();
            }
        }

        private void ended() {
            if (stopWhen != null && stopWhen.getAsBoolean()) {
                world.sim().stop();
            }
        }

        @Override
        public void onInterrupt(Runnable r) {
            interrupts.add(r);
        }

        @Override
        public void onInput(Consumer<String> lines) {
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
        this.transcript = this::prefixed;
        world.sim().watch(LOOK_EVERY, this::look);
    }

    /** Sends the lines to {@code t} instead of the prefixed lines on the output stream. */
    public ScenarioRunner transcript(Transcript t) {
        this.transcript = t;
        return this;
    }

    /** Stops the clock at the next look (thread-safe: a Ctrl-C handler calls it). */
    public void interrupt() {
        interrupted = true;
    }

    /** Whether {@link #interrupt} was called since the last {@link #clearInterrupt}. */
    public boolean interrupted() {
        return interrupted;
    }

    public void clearInterrupt() {
        interrupted = false;
    }

    /** The simulated time and events executed at the last look, for a progress line on another thread. */
    public long[] progress() {
        return new long[] {seenNs, seenEvents};
    }

    private void look() {
        seenNs = world.sim().now();
        seenEvents = world.sim().eventsExecuted();
        if (interrupted) {
            world.sim().stop();
        }
    }

    /** Every command started so far, in the order they were typed. */
    public List<Job> jobs() {
        return List.copyOf(running);
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

    /** Captures every interface of every node into {@code dir}/NODE-IFACE.pcap, and every switch port into SWITCH-PORT.pcap. */
    public void captureAll(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Node n : world.nodes()) {
            for (NetInterface i : n.ip().interfaces()) {
                PcapWriter w = new PcapWriter(dir.resolve(n.name() + "-" + i.name() + ".pcap"), world.epoch(),
                        i.linkType());
                captures.add(w);
                i.addTap((d, outgoing) -> w.write(world.sim().now(), d, d.length));
            }
        }
        for (Switch s : world.switches()) {
            for (Switch.Port p : s.ports()) {
                PcapWriter w = new PcapWriter(dir.resolve(s.name() + "-" + p.name() + ".pcap"), world.epoch(),
                        PcapWriter.LINKTYPE_ETHERNET);
                captures.add(w);
                p.addTap((d, outgoing) -> w.write(world.sim().now(), d, d.length));
            }
        }
    }

    /**
     * Runs the whole timeline, then ends the run ({@link #finish}); returns the exit status of
     * the last command that finished. After {@link #interrupt} it stops where it is, interrupts
     * the commands still running and still closes the captures and the trace.
     */
    public int run() {
        try {
            play();
            interruptAll();
        } finally {
            close();
        }
        return lastExit;
    }

    private void play() {
        Drill drill = null;
        if (scenario.attacks() != null) {
            Scenario.AttacksSpec a = scenario.attacks();
            drill = new Drill(world, a.floods(), a.probe(), a.victim(), a.blackhole(), scenario.durationNs());
            drill.start();
        }
        List<TimelineEntry> entries = new ArrayList<>(scenario.timeline());
        entries.sort(Comparator.comparingLong(TimelineEntry::atNs)); // stable: file order within an instant
        long duration = scenario.durationNs();
        boolean beyond = false;
        for (TimelineEntry e : entries) {
            if (e.atNs() > (duration >= 0 ? duration : DEFAULT_LIMIT_NS)) {
                beyond = true;
                break;
            }
            if (!advance(e.atNs())) {
                break;
            }
            perform(e);
        }
        if (!interrupted) {
            if (duration >= 0) {
                world.sim().runUntil(duration);
            } else if ((world.sim().runWithin(DEFAULT_LIMIT_NS) || beyond) && !interrupted) {
                print("*", "*", "run stopped at the " + Durations.seconds(DEFAULT_LIMIT_NS) + " limit; set `duration:` to change it");
            }
        }
        if (interrupted) {
            print("*", "*", "run interrupted (Ctrl-C)");
        }
        if (drill != null) {
            report(drill);
        }
    }

    /** The drill's table on the output, its rows in the trace, and {@code ddos.csv} in the output folder. */
    private void report(Drill drill) {
        drill.traceRows();
        if (out != null) {
            out.println("DDoS drill, per second of simulated time (docs/ddos.md):");
            drill.table().forEach(out::println);
        }
        if (files.outputFolder() != null) {
            try (java.io.OutputStream o = files.create("ddos.csv", false)) {
                o.write(drill.csv().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                print("*", "*", "ddos.csv: " + FilePolicy.reason(e));
            }
        }
    }

    /**
     * Runs every event due before {@code t}, then sets the clock to {@code t}: what is typed next
     * comes first in that instant. Returns false when interrupted on the way.
     */
    public boolean advance(long t) {
        return !interrupted && world.sim().runBefore(t) && !interrupted;
    }

    /**
     * Runs the world until {@code done} holds (checked whenever a command exits), nothing is
     * left to simulate, {@code limitNs} is passed or {@link #interrupt} is called. The clock
     * stays at the last event run.
     */
    public Wait await(BooleanSupplier done, long limitNs) {
        if (done.getAsBoolean()) {
            return Wait.DONE;
        }
        if (interrupted) {
            return Wait.INTERRUPTED;
        }
        stopWhen = done;
        try {
            world.sim().runWithin(limitNs);
        } finally {
            stopWhen = null;
        }
        if (done.getAsBoolean()) {
            return Wait.DONE;
        }
        if (interrupted) {
            return Wait.INTERRUPTED;
        }
        return world.sim().pending() == 0 ? Wait.IDLE : Wait.LIMIT;
    }

    /** Ctrl-C on {@code job}'s terminal: it prints what it prints when interrupted and exits. */
    public void interrupt(Job job) {
        ((Running) job).interrupt();
    }

    /**
     * Ends the run: the commands still running are interrupted, as Ctrl-C would, so they print
     * their summary; the captures and the trace are closed and the output flushed.
     */
    public void finish() {
        try {
            interruptAll();
        } finally {
            close();
        }
    }

    private void interruptAll() {
        for (Running r : List.copyOf(running)) {
            r.interrupt();
        }
    }

    private void close() {
        for (PcapWriter w : captures) {
            w.close();
        }
        world.trace().close();
        if (out != null) {
            out.flush();
        }
    }

    /**
     * Does what a timeline entry says, now: runs a command on a node (and returns it) or applies
     * a fault (and returns null). The entry's time is not looked at.
     */
    public Job perform(TimelineEntry e) {
        if (e instanceof RunCommand r) {
            Node node = world.node(r.node());
            node.enterRegion(); // what the command schedules is its node's (docs/partitioning.md)
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
                world.trace().emit(node.name(), ToolEvents.START, r.command());
            }
            List<String> words;
            try {
                List<String> stages = Pipeline.stages(r.command());
                words = ToolRegistry.split(stages.get(0));
                if (stages.size() > 1) {
                    try {
                        term.pipe = Pipeline.chain(stages.subList(1, stages.size()));
                    } catch (IllegalArgumentException x) {
                        term.println(x.getMessage());
                        term.exit(2);
                        return term;
                    }
                }
            } catch (IllegalArgumentException x) {
                term.println("sh: " + x.getMessage());
                term.exit(2);
                return term;
            }
            if (words.isEmpty()) {
                term.exit(0);
                return term;
            }
            Tool tool = ToolRegistry.get(words.get(0));
            if (tool == null) {
                term.println("sh: " + words.get(0) + ": command not found");
                term.exit(127);
                return term;
            }
            ToolInfo.Info info = ToolInfo.answer(words.get(0), words.subList(1, words.size()));
            if (info != null) { // -V, --help...: the real tool's text, whatever else is on the line
                info.text().lines().forEach(term::println);
                term.exit(info.status());
                return term;
            }
            tool.start(node, words.subList(1, words.size()), term);
            return term;
        } else if (e instanceof Scenario.Input in) {
            world.node(in.node()).enterRegion();
            type(world.node(in.node()), in);
        } else if (e instanceof Scenario.NodeState s) {
            Node n = world.node(s.node());
            n.enterRegion();
            if (s.up()) {
                n.restore();
            } else {
                n.crash();
            }
            print("*", "*", "node " + n.name() + (s.up() ? " restored (booted again)" : " crashed"));
        } else if (e instanceof Scenario.Deregister d) {
            for (Node n : world.nodes()) {
                dev.minternet.services.lb.NetworkLoadBalancer nlb = n.service(dev.minternet.services.lb.NetworkLoadBalancer.class);
                if (nlb != null && nlb.name().equals(d.nlb())) {
                    nlb.deregister(d.target());
                    print("*", "*", "target " + d.target() + " deregistered from network load balancer " + d.nlb()
                            + " (no new flows; its flows go on)");
                    break;
                }
            }
        } else if (e instanceof LinkState s) {
            Link l = world.link(s.link());
            l.setUp(s.up());
            print("*", "*", "link " + l.name() + " " + (s.up() ? "restored (up)" : "failed (down)"));
        }
        return null;
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
                Consumer<String> reader = r.input;
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
        if (world.sim().partitioned()) {
            // another thread may print too: the line waits for the window's end, merged in the sequential order
            world.sim().ordered(() -> print(t, node, sep, text));
            return;
        }
        print(t, node, sep, text);
    }

    private void print(long t, String node, String sep, String text) {
        int from = 0;
        while (true) {
            int nl = text.indexOf('\n', from);
            String line = nl < 0 ? text.substring(from) : text.substring(from, nl);
            if (--linesLeft < 0) {
                out.flush();
                throw new RunLimitException("the run printed more than " + Limits.count(linesAllowed)
                        + " lines by simulated time " + Durations.seconds(t) + " (" + Limits.howToRaise("output-lines") + ")");
            }
            // a tool's trailing spaces are part of what it prints (curl's "> ", host's "Aliases: ")
            transcript.line(t, node, sep, Visible.escape(line));
            if (nl < 0) {
                return;
            }
            from = nl + 1;
        }
    }

    /** {@code    1.000000 laptop | text}: the simulated time, the node and the line. */
    private void prefixed(long t, String node, String sep, String text) {
        String prefix = String.format(Locale.ROOT, "%4d.%06d %-" + nameWidth + "s %s ", t / Durations.S,
                (t % Durations.S) / Durations.US, node, sep);
        out.println(text.isEmpty() ? prefix.stripTrailing() : prefix + text);
    }
}
