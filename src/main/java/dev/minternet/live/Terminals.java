package dev.minternet.live;

import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.tools.Terminal;
import dev.minternet.tools.Tool;
import dev.minternet.tools.registry.ToolRegistry;
import java.util.ArrayList;
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
    private long nextId = 1;

    Terminals(Live live) {
        this.live = live;
    }

    /** What a command printed from line {@code from} on, and whether it has ended (and how). */
    record Output(List<String> lines, int next, boolean done, int exit) {
    }

    /** Starts {@code line} on {@code nodeName}; returns the run's id. */
    long start(String nodeName, String line) {
        if (line.length() > 4096) {
            throw new IllegalArgumentException("command line too long");
        }
        Run run;
        synchronized (this) {
            long active = runs.values().stream().filter(r -> !r.done).count();
            if (active >= MAX_RUNNING) {
                throw new IllegalArgumentException("too many commands running (" + MAX_RUNNING + "); stop one first");
            }
            run = new Run(nextId++);
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
        Run run = new Run(0);
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
            return new Output(List.copyOf(run.lines.subList(f, run.lines.size())), run.lines.size(), run.done, run.exit);
        }
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

    private static void launch(World world, String nodeName, String line, Run run) {
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

    /** One command's terminal: its lines, its end, its Ctrl-C handler. */
    private static final class Run implements Terminal {
        final long id;
        final List<String> lines = new ArrayList<>();
        volatile boolean done;
        volatile int exit;
        private Runnable onInterrupt;

        Run(long id) {
            this.id = id;
        }

        @Override
        public synchronized void println(String line) {
            if (lines.size() < MAX_LINES) {
                lines.add(line);
            } else if (lines.size() == MAX_LINES) {
                lines.add("[output cut at " + MAX_LINES + " lines]");
            }
        }

        @Override
        public synchronized void exit(int code) {
            if (!done) {
                exit = code;
                done = true;
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
