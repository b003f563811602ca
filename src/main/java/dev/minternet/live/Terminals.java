package dev.minternet.live;

import dev.minternet.browser.Browser;
import dev.minternet.browser.Urls;
import dev.minternet.browser.BrowserEvents;
import dev.minternet.browser.Diagram;
import dev.minternet.browser.Har;
import dev.minternet.browser.HtmlReport;
import dev.minternet.browser.Narrator;
import dev.minternet.browser.VisitRun;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.tools.Terminal;
import dev.minternet.tools.Tool;
import dev.minternet.tools.registry.ToolRegistry;
import dev.minternet.trace.TraceEvent;
import dev.minternet.trace.TraceSink;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Commands typed into a node's terminal in the web view. Each runs on the simulation thread as the
 * shell would run it on that node, its output collected for the page to fetch. A command may run
 * for a while in simulated time (ping, traceroute); the page polls for new lines and may
 * interrupt it (Ctrl-C). Bounded: at most {@link #MAX_RUNNING} commands at once and
 * {@link #MAX_LINES} lines kept per command. Commands cannot write files (their file area is
 * none), so a page cannot touch the machine.
 */
final class Terminals {
    static final int MAX_RUNNING = 16;
    static final int MAX_LINES = 10_000;
    /** Finished runs kept for the page to read their last lines. */
    static final int MAX_KEPT = 64;

    private final Live live;
    private final Map<Long, Run> runs = new LinkedHashMap<>();
    /** One browser per node, kept across visits (its caches and connections), simulation thread only. */
    private final Map<String, Browser> browsers = new HashMap<>();
    private long nextId = 1;

    Terminals(Live live) {
        this.live = live;
    }

    /** What a command printed from line {@code from} on, and whether it has ended (and how). */
    record Output(List<String> lines, int next, boolean done, int exit, boolean report) {
    }

    /** What a finished {@code visit} left: its HTML report (waterfall, sequence diagram, steps) and its HAR. */
    record Report(String html, String har) {
    }

    /** Hears a command's output as it is printed (on the simulation thread): for the WebSocket terminal. */
    interface Watcher {
        void line(String line);

        void done(int exit, boolean report);
    }

    /** Starts {@code line} on {@code nodeName}; returns the run's id. */
    long start(String nodeName, String line) {
        return start(nodeName, line, null);
    }

    /** Starts {@code line} on {@code nodeName}, {@code watcher} (or null) hearing each line and the end; returns the run's id. */
    long start(String nodeName, String line, Watcher watcher) {
        if (line.length() > 4096) {
            throw new IllegalArgumentException("command line too long");
        }
        Run run;
        synchronized (this) {
            long active = runs.values().stream().filter(r -> !r.done).count();
            if (active >= MAX_RUNNING) {
                throw new IllegalArgumentException("too many commands running (" + MAX_RUNNING + "); stop one first");
            }
            run = new Run(nextId++, watcher);
            runs.put(run.id, run);
            while (runs.size() > MAX_KEPT) {
                Long oldest = runs.keySet().iterator().next();
                if (!runs.get(oldest).done) {
                    break;
                }
                runs.remove(oldest);
            }
        }
        live.submit(() -> launch(live.world(), nodeName, line, run));
        return run.id;
    }

    /** Runs {@code line} on {@code nodeName} and returns what it printed, for commands that end at once (ip route, ss). */
    List<String> now(String nodeName, String line) {
        Run run = new Run(0, null);
        live.call(() -> {
            launch(live.world(), nodeName, line, run);
            return null;
        });
        if (!run.done) {
            live.submit(run::interrupt);
        }
        synchronized (run) {
            return List.copyOf(run.lines);
        }
    }

    /**
     * Runs each of {@code lines} on {@code nodeName} in one turn of the simulation thread (so they
     * read the node at one simulated instant) and returns what each printed; commands that do not
     * end at once are interrupted. Null when the simulation has not answered within {@code ms} (a
     * busy machine): the caller keeps its last reading.
     */
    Reading now(String nodeName, List<String> lines, long ms) {
        long[] at = new long[1];
        List<Run> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            out.add(new Run(0, null));
        }
        try {
            live.call(() -> {
                at[0] = live.world().sim().now();
                for (int i = 0; i < lines.size(); i++) {
                    launch(live.world(), nodeName, lines.get(i), out.get(i));
                    out.get(i).interrupt();
                }
                return null;
            }, ms);
        } catch (IllegalStateException notInTime) {
            return null;
        }
        List<List<String>> read = new ArrayList<>();
        for (Run r : out) {
            synchronized (r) {
                read.add(List.copyOf(r.lines));
            }
        }
        return new Reading(at[0], read);
    }

    /** What commands printed, read at simulated instant {@code simNs}. */
    record Reading(long simNs, List<List<String>> lines) {
    }

    Output output(long id, int from) {
        Run run;
        synchronized (this) {
            run = runs.get(id);
        }
        if (run == null) {
            throw new IllegalArgumentException("no such command (id " + id + ")");
        }
        synchronized (run) {
            int f = Math.max(0, Math.min(from, run.lines.size()));
            return new Output(List.copyOf(run.lines.subList(f, run.lines.size())), run.lines.size(), run.done, run.exit,
                    run.report != null);
        }
    }

    /** Whether command {@code id} is known and still running. */
    boolean running(long id) {
        Run run;
        synchronized (this) {
            run = runs.get(id);
        }
        return run != null && !run.done;
    }

    /** The report of the visit run {@code id}, or null when it has none (yet). */
    Report report(long id) {
        Run run;
        synchronized (this) {
            run = runs.get(id);
        }
        return run == null ? null : run.report;
    }

    /**
     * The report of the visit run {@code id} as far as it has gone (its HAR null while it runs), or
     * null when the run is no visit: drawn on the caller's thread from a copy of the trace events the
     * visit heard so far, so the simulation thread only appends to that list.
     */
    Report reportSoFar(long id) {
        Run run;
        synchronized (this) {
            run = runs.get(id);
        }
        if (run == null) {
            return null;
        }
        Report done = run.report;
        SoFar s = run.soFar;
        if (done != null || s == null || run.done) {
            return done;
        }
        return s.report();
    }

    /** Ctrl-C: the command's interrupt handler runs on the simulation thread, as in the shell. */
    void interrupt(long id) {
        Run run;
        synchronized (this) {
            run = runs.get(id);
        }
        if (run == null) {
            throw new IllegalArgumentException("no such command (id " + id + ")");
        }
        live.submit(run::interrupt);
    }

    private void launch(World world, String nodeName, String line, Run run) {
        Node node = world.node(nodeName);
        if (node == null) {
            run.println("minternet: no node named " + nodeName);
            run.exit(2);
            return;
        }
        List<String> words;
        try {
            words = ToolRegistry.split(line);
        } catch (IllegalArgumentException e) {
            run.println("sh: " + e.getMessage());
            run.exit(2);
            return;
        }
        if (words.isEmpty()) {
            run.exit(0);
            return;
        }
        if (words.get(0).equals("visit")) {
            visit(world, node, words.subList(1, words.size()), run);
            return;
        }
        Tool tool = ToolRegistry.get(words.get(0));
        if (tool == null) {
            run.println("sh: " + words.get(0) + ": command not found");
            run.exit(127);
            return;
        }
        try {
            tool.start(node, words.subList(1, words.size()), run);
        } catch (IllegalArgumentException e) {
            run.println(words.get(0) + ": " + e.getMessage());
            run.exit(2);
        }
    }

    /**
     * {@code visit URL...}: the node's browser loads each page in turn, as {@code minternet visit}
     * and the shell's {@code visit} do; the narration's numbered steps are printed as they happen
     * ({@link Progress}), and when the last page has loaded, the rest (waterfall, page load time);
     * the HTML report and HAR are kept for the page.
     */
    private void visit(World world, Node node, List<String> args, Run run) {
        boolean explain = args.contains("--explain");
        List<String> urls = new ArrayList<>();
        for (String a : args) {
            if (a.equals("--explain")) {
                continue;
            }
            if (a.startsWith("-")) {
                run.println("visit: unknown option " + a + " (usage: visit [--explain] URL...)");
                run.exit(2);
                return;
            }
            urls.add(Urls.addressBar(a));
        }
        if (urls.isEmpty()) {
            run.println("usage: visit [--explain] URL...");
            run.exit(2);
            return;
        }
        List<TraceEvent> events = new ArrayList<>();
        Map<String, String> book = VisitRun.addressBook(world);
        Progress progress = new Progress(events, node.name(), book, explain, run);
        SoFar soFar = new SoFar(node.name(), book);
        run.soFar = soFar;
        TraceSink sink = e -> {
            events.add(e);
            soFar.add(e);
            progress.heard(e);
        };
        world.trace().subscribe(sink);
        Browser browser = browsers.computeIfAbsent(node.name(), k -> new Browser(node));
        int[] started = {0};
        Runnable[] next = new Runnable[1];
        run.onInterrupt(() -> {
            world.trace().unsubscribe(sink);
            run.println("^C");
            run.exit(130);
        });
        next[0] = () -> {
            if (run.done) {
                return;
            }
            if (started[0] < urls.size()) {
                run.println("loading " + urls.get(started[0]) + " ...");
                browser.visit(urls.get(started[0]++), next[0]);
                return;
            }
            world.trace().unsubscribe(sink);
            List<Narrator.Visit> visits = new Narrator(events, node.name(), book).visits();
            boolean ok = true;
            List<List<Diagram.Msg>> msgs = new ArrayList<>();
            for (Narrator.Visit v : visits) {
                ok &= v.ok();
                for (String l : progress.rest(v)) {
                    run.println(l);
                }
                msgs.add(Diagram.messages(events, node.name(), v, book));
            }
            run.report = new Report(HtmlReport.page(events, visits, msgs, node.name()),
                    Har.of(events, node.name(), visits, world.epoch()));
            run.exit(ok ? 0 : 1);
        };
        next[0].run();
    }

    /**
     * The narration of a visit printed as it happens: the trace is narrated again (at most once
     * per {@link #EVERY_NS} of simulated time, on the visiting node's events) and each step is
     * printed once the next one has begun (until then its duration and details may still grow);
     * when the visit ends, {@link #rest} gives the remaining steps and the end (waterfall, load time).
     */
    private static final class Progress {
        static final long EVERY_NS = 2_000_000L;
        private final List<TraceEvent> events;
        private final String node;
        private final Map<String, String> book;
        private final boolean explain;
        private final Run run;
        /** Per visit number: steps printed so far (the visit's header line is printed with the first). */
        private final Map<Integer, Integer> shown = new HashMap<>();
        private long last = -EVERY_NS;

        Progress(List<TraceEvent> events, String node, Map<String, String> book, boolean explain, Run run) {
            this.events = events;
            this.node = node;
            this.book = book;
            this.explain = explain;
            this.run = run;
        }

        void heard(TraceEvent e) {
            if (!e.node().equals(node) || e.time() - last < EVERY_NS || run.done) {
                return;
            }
            last = e.time();
            for (Narrator.Visit v : new Narrator(events, node, book).visits()) {
                int settled = v.steps().size() - 1;
                Integer done = shown.get(v.number());
                if (settled <= 0 || done != null && settled <= done) {
                    continue;
                }
                if (done == null) {
                    run.println("Visit " + v.number() + ": " + v.url());
                    done = 0;
                }
                for (String l : Narrator.steps(v, explain, done, settled)) {
                    run.println(l);
                }
                shown.put(v.number(), settled);
            }
        }

        /** What is left to print of the finished visit {@code v}. */
        List<String> rest(Narrator.Visit v) {
            Integer done = shown.get(v.number());
            return Narrator.render(v, explain, done == null, done == null ? 0 : done);
        }
    }

    /**
     * A running visit's trace events, copied for the web server's threads (the visit panel draws the
     * waterfall and the sequence diagram from them while the visit runs); the last drawing is kept
     * until more events come.
     */
    private static final class SoFar {
        private final String node;
        private final Map<String, String> book;
        private final List<TraceEvent> events = new ArrayList<>();
        private int drawnAt = -1;
        private Report drawn;

        SoFar(String node, Map<String, String> book) {
            this.node = node;
            this.book = book;
        }

        synchronized void add(TraceEvent e) {
            events.add(e);
        }

        Report report() {
            List<TraceEvent> copy;
            synchronized (this) {
                if (drawnAt == events.size()) {
                    return drawn;
                }
                copy = List.copyOf(events);
            }
            List<Narrator.Visit> visits = new Narrator(copy, node, book).visits();
            if (visits.isEmpty()) {
                return null;
            }
            List<List<Diagram.Msg>> msgs = new ArrayList<>();
            for (Narrator.Visit v : visits) {
                msgs.add(Diagram.messages(copy, node, v, book));
            }
            Narrator.Visit last = visits.get(visits.size() - 1);
            boolean running = copy.stream().noneMatch(e -> e.isAny(BrowserEvents.PAGE_LOADED, BrowserEvents.FAILED)
                    && e.node().equals(node) && e.num(BrowserEvents.VISIT) == last.number());
            Report r = new Report(HtmlReport.page(copy, visits, msgs, node, running), null);
            synchronized (this) {
                if (copy.size() > drawnAt) {
                    drawnAt = copy.size();
                    drawn = r;
                }
            }
            return r;
        }
    }

    /** One command's terminal: its lines, its end, its Ctrl-C handler. */
    private static final class Run implements Terminal {
        final long id;
        final List<String> lines = new ArrayList<>();
        volatile boolean done;
        volatile int exit;
        volatile Report report;
        /** A visit's events so far, for its report while it runs; null for other commands. */
        volatile SoFar soFar;
        private final Watcher watcher;
        private Runnable onInterrupt;

        Run(long id, Watcher watcher) {
            this.id = id;
            this.watcher = watcher;
        }

        @Override
        public synchronized void println(String line) {
            String kept = lines.size() < MAX_LINES ? line
                    : lines.size() == MAX_LINES ? "[output cut at " + MAX_LINES + " lines]" : null;
            if (kept != null) {
                lines.add(kept);
                if (watcher != null) {
                    watcher.line(kept);
                }
            }
        }

        @Override
        public synchronized void exit(int code) {
            if (!done) {
                exit = code;
                done = true;
                if (watcher != null) {
                    watcher.done(code, report != null);
                }
            }
        }

        @Override
        public void onInterrupt(Runnable r) {
            onInterrupt = r;
        }

        void interrupt() {
            if (done) {
                return;
            }
            if (onInterrupt != null) {
                onInterrupt.run();
            } else {
                println("^C");
                exit(130);
            }
        }
    }
}
