package dev.minternet.shell;

import dev.minternet.browser.Browser;
import dev.minternet.browser.Urls;
import dev.minternet.browser.Narrator;
import dev.minternet.browser.VisitRun;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.scenario.Loc;
import dev.minternet.scenario.Scenario;
import dev.minternet.scenario.ScenarioRunner;
import dev.minternet.scenario.ScenarioRunner.Job;
import dev.minternet.scenario.ScenarioRunner.Wait;
import dev.minternet.scenario.Visible;
import dev.minternet.sim.Durations;
import dev.minternet.tools.Tool;
import dev.minternet.tools.registry.ToolRegistry;
import dev.minternet.trace.TraceEvent;
import dev.minternet.trace.TraceSink;
import dev.minternet.units.Units;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A person at the keyboard of a simulated world: the commands of {@code minternet shell} and
 * {@code minternet exec}, read a line at a time. Simulated time stands still at the prompt and
 * advances while a command runs, until it exits ({@code CMD &} returns at once; {@code sleep} and
 * {@code wait} advance it too). Commands go through the same {@link ScenarioRunner} as a
 * scenario's timeline, so a session prints the lines and traces the events of a scenario whose
 * timeline has the same commands at the same times; the prompt comes back one nanosecond after
 * a command exits, so that the next one is typed after everything of that instant.
 *
 * <p>With a {@code speed} the clock is paced to the wall clock (1 = real time: {@code ping}
 * prints a line a second until Ctrl-C); without, it runs as fast as it can.
 */
public final class Session {
    /** The longest a foreground command runs before the shell interrupts it: an hour, as a run without a duration. */
    static final long COMMAND_LIMIT_NS = ScenarioRunner.DEFAULT_LIMIT_NS;
    /** The longest wall-clock nap of the pacer, so Ctrl-C is seen at once. */
    private static final long NAP_NS = 20_000_000L;
    static final Loc TYPED = new Loc("<shell>", 0, 0);

    /** The shell's own commands, for help and completion. */
    static final Map<String, String> BUILTINS = new LinkedHashMap<>();

    static {
        BUILTINS.put("help", "help [NAME]: this list, or what one command or tool does");
        BUILTINS.put("on", "on NODE: type the next commands on NODE (or just NODE)");
        BUILTINS.put("visit", "visit [--explain] URL...: a browser on this node loads the page, narrated");
        BUILTINS.put("sleep", "sleep TIME: let simulated time pass (5s, 200ms, 2 = seconds)");
        BUILTINS.put("wait", "wait [%JOB...]: until every background job (or the jobs named) has finished");
        BUILTINS.put("jobs", "jobs: the background jobs (CMD & runs CMD in the background)");
        BUILTINS.put("time", "time: the simulated clock");
        BUILTINS.put("link", "link down|up NAME: fail a link or bring it back");
        BUILTINS.put("crash", "crash NODE: the node loses power");
        BUILTINS.put("restore", "restore NODE: the node boots again");
        BUILTINS.put("nodes", "nodes: the nodes of the world");
        BUILTINS.put("links", "links: the links of the world");
        BUILTINS.put("echo", "echo [-n] WORD...: prints the words ($? is the last command's exit status)");
        BUILTINS.put("true", "true: does nothing, successfully (status 0)");
        BUILTINS.put("false", "false: does nothing, unsuccessfully (status 1)");
        BUILTINS.put("exit", "exit: leave the shell (also Ctrl-D)");
    }

    private final Scenario scenario;
    private final World world;
    private final ScenarioRunner runner;
    private final PrintWriter out;
    private PrintWriter notices;
    private final double speed;
    private final List<Job> background = new ArrayList<>();
    private final List<Integer> numbers = new ArrayList<>();
    private final Map<String, Browser> browsers = new LinkedHashMap<>();
    private Node node;
    private int nextJob = 1;
    private int lastExit;
    /** How long a foreground command may run in simulated time before the shell interrupts it. */
    private long commandLimitNs = COMMAND_LIMIT_NS;

    /**
     * A session on {@code world}, built from {@code scenario}, whose faults (not its commands)
     * happen at their times. Output goes to {@code out}: each line a terminal prints as it is,
     * what happens to the world after {@code * }.
     *
     * @param outputFolder where commands may write ({@code tcpdump -w}), or null for nowhere
     * @param speed simulated seconds per wall second, or 0 to run as fast as possible
     */
    public Session(Scenario scenario, World world, PrintWriter out, Path outputFolder, String startNode,
                   double speed) {
        this.scenario = scenario;
        this.world = world;
        this.out = out;
        this.notices = out;
        this.runner = new ScenarioRunner(scenario, world, null, outputFolder).transcript((t, n, sep, text) -> {
            if (sep.equals("|")) {
                out.println(text);
            } else if (sep.equals("*")) {
                notices.println("* " + text);
                notices.flush();
            }
            if (speed > 0) {
                out.flush();
            }
        });
        this.speed = speed;
        this.node = world.node(startNode);
        if (node == null) {
            throw new IllegalArgumentException("no node named '" + startNode + "' (nodes: " + String.join(", ", nodeNames()) + ")");
        }
        for (Scenario.TimelineEntry e : scenario.timeline()) {
            if (!(e instanceof Scenario.RunCommand)) {
                world.sim().scheduleAt(e.atNs(), () -> runner.perform(e));
            }
        }
    }

    /** The node a shell starts on: {@code laptop} when the world has one, else the first host, else the first node. */
    public static String defaultNode(Scenario s) {
        for (Scenario.NodeSpec n : s.nodes()) {
            if (n.name().equals("laptop")) {
                return n.name();
            }
        }
        for (Scenario.NodeSpec n : s.nodes()) {
            if (n.kind() == Scenario.NodeKind.HOST) {
                return n.name();
            }
        }
        return s.nodes().isEmpty() ? "" : s.nodes().get(0).name();
    }

    /**
     * Where what happens to the world ({@code * link wan failed (down)}) and the shell's own
     * remarks go: {@code minternet exec} keeps them off the command's output.
     */
    public Session notices(PrintWriter w) {
        this.notices = w;
        return this;
    }

    /** The runner the commands go through ({@link ScenarioRunner#captureAll}, limits). */
    public ScenarioRunner runner() {
        return runner;
    }

    /** {@code laptop$ }. */
    public String prompt() {
        return node.name() + "$ ";
    }

    /** A shorter limit than the hour a foreground command may run, for tests that type many lines. */
    void commandLimit(long ns) {
        commandLimitNs = ns;
    }

    /** The exit status of the last command, as {@code $?}. */
    public int lastExit() {
        return lastExit;
    }

    /** Ctrl-C from any thread: the clock stops and the foreground command is interrupted. */
    public void interrupt() {
        runner.interrupt();
    }

    public World world() {
        return world;
    }

    /** The node of the prompt. */
    public Node node() {
        return node;
    }

    public Scenario scenario() {
        return scenario;
    }

    List<String> nodeNames() {
        return world.nodes().stream().map(Node::name).toList();
    }

    List<String> linkNames() {
        return world.links().stream().map(l -> l.name()).toList();
    }

    /**
     * Runs one line; returns false when it asks to leave. Errors in what was typed are printed
     * the way a shell prints them and set the exit status, as in bash.
     */
    public boolean execute(String line) {
        runner.clearInterrupt();
        try {
            return dispatch(line.strip());
        } finally {
            reportDone();
            out.flush();
        }
    }

    private boolean dispatch(String line) {
        if (line.isEmpty() || line.startsWith("#")) {
            return true;
        }
        List<String[]> list = list(line);
        if (list == null) {
            return fail(syntaxError == null ? "sh: syntax error: unexpected end of file"
                    : "sh: syntax error near unexpected token `" + syntaxError + "'", 2);
        }
        return list.size() > 1 ? runList(list) : dispatchOne(list.get(0)[1]); // `a;` is `a`
    }

    /** The operator a list's syntax error is near (bash's message names it). */
    private String syntaxError;

    /**
     * {@code line} cut at its list operators outside quotes ({@code ;}, {@code &&}, {@code ||}):
     * each part with the operator before it (null for the first); null on a list bash would not
     * read (an operator with no command before it, or {@code &&}/{@code ||} with none after).
     */
    List<String[]> list(String line) {
        List<String[]> parts = new ArrayList<>();
        String before = null;
        int start = 0;
        int from = 0;
        while (true) {
            int i = ToolRegistry.operatorIndex(line.substring(from));
            String op = i < 0 ? null : ToolRegistry.operator(line.substring(from + i));
            if (op == null) {
                break;
            }
            i += from;
            from = i + op.length();
            if (!op.equals(";") && !op.equals("&&") && !op.equals("||")) {
                continue; // a pipe, a redirection or '&': part of the command (refused, or run, below)
            }
            String part = line.substring(start, i).strip();
            if (part.isEmpty()) {
                syntaxError = op;
                return null;
            }
            parts.add(new String[] {before, part});
            before = op;
            start = from;
        }
        String last = line.substring(start).strip();
        if (!last.isEmpty()) {
            parts.add(new String[] {before, last});
        } else if (before != null && !before.equals(";")) {
            syntaxError = null; // `a &&`: bash -c's end of file (a prompt would ask for more)
            return null;
        }
        return parts;
    }

    /**
     * A list, as bash runs one: each command after the one before it has finished; after {@code &&}
     * only when the last status was 0, after {@code ||} only when it was not; {@code $?} is the
     * status when the command starts. Ctrl-C ends the whole list.
     */
    private boolean runList(List<String[]> list) {
        if (list.get(list.size() - 1)[1].endsWith("&")) {
            return fail("sh: a list in the background is not supported here: put '&' after one command", 2);
        }
        for (String[] part : list) {
            if ("&&".equals(part[0]) && lastExit != 0 || "||".equals(part[0]) && lastExit == 0) {
                continue;
            }
            interrupted = false;
            if (!dispatchOne(part[1])) {
                return false;
            }
            if (interrupted) {
                break;
            }
        }
        return true;
    }

    /** Whether the line being run ends in "< /dev/null": its command's input ends at once. */
    private boolean stdinNull;

    /** Set when Ctrl-C stopped the last foreground command or sleep: a list stops there. */
    private boolean interrupted;

    private boolean dispatchOne(String line) {
        boolean bg = line.endsWith("&") && !line.endsWith("\\&");
        if (bg) {
            line = line.substring(0, line.length() - 1).strip();
        }
        line = expandStatus(line, lastExit);
        // "< /dev/null" at the end: the command's input is empty (its end comes at once), as
        // `openssl s_client ... </dev/null` and `nc -zv host port </dev/null` are typed
        int lt = ToolRegistry.operatorIndex(line);
        stdinNull = lt > 0 && line.charAt(lt) == '<' && line.substring(lt + 1).strip().equals("/dev/null");
        if (stdinNull) {
            line = line.substring(0, lt).strip();
        }
        String op = ToolRegistry.operator(line); // the trailing & is off already
        if ("|".equals(op) && !BUILTINS.containsKey(firstWord(line))) {
            op = null; // a pipe into grep, head, tail or wc: the command's runner cuts and checks it
        }
        if (op != null) {
            // a shell here runs one command a line and shows its output: no lists, redirections or files
            return fail("sh: '" + op + "' is not supported here: type one command a line (or a list: ;, && and ||),"
                    + " its output piped into grep, head, tail or wc at most (tcpdump -w and curl -o write files)", 2);
        }
        List<String> words;
        try {
            words = ToolRegistry.split(line);
        } catch (IllegalArgumentException e) {
            return fail("minternet: " + e.getMessage(), 2);
        }
        if (words.isEmpty()) {
            return true;
        }
        String first = words.get(0);
        Node on = node;
        if (!BUILTINS.containsKey(first) && ToolRegistry.get(first) == null && world.node(first) != null) {
            on = world.node(first);
            if (words.size() == 1) {
                node = on;
                return ok();
            }
            words = words.subList(1, words.size());
            first = words.get(0);
            line = line.substring(line.indexOf(on.name()) + on.name().length()).strip();
            if (BUILTINS.containsKey(first) && ToolRegistry.operator(line) != null) {
                return fail("sh: '" + ToolRegistry.operator(line) + "' is not supported here: a shell command ("
                        + first + ") takes no pipe or redirection", 2); // "NODE echo | ..." reads as "echo | ..."
            }
        }
        switch (first) {
            case "exit", "quit", "logout" -> {
                return false;
            }
            case "help" -> help(words);
            case "on" -> on(words);
            case "visit" -> visit(on, words.subList(1, words.size()), bg);
            case "sleep" -> sleep(words);
            case "wait" -> waitFor(words);
            case "jobs" -> jobs();
            case "time" -> time();
            case "link" -> link(words);
            case "crash", "restore" -> nodeState(words);
            case "echo" -> {
                boolean newline = words.size() < 2 || !words.get(1).equals("-n");
                String text = String.join(" ", words.subList(newline ? 1 : 2, words.size()));
                if (newline) {
                    out.println(Visible.escape(text));
                } else {
                    out.print(Visible.escape(text));
                }
                ok();
            }
            case "true" -> ok();
            case "false" -> lastExit = 1;
            case "nodes" -> {
                out.println(String.join(" ", nodeNames()));
                ok();
            }
            case "links" -> {
                out.println(String.join(" ", linkNames()));
                ok();
            }
            default -> command(on, line, bg);
        }
        return true;
    }

    /** The first word of {@code line} (empty when none). */
    private static String firstWord(String line) {
        String t = line.strip();
        int sp = t.indexOf(' ');
        return sp < 0 ? t : t.substring(0, sp);
    }

    /**
     * {@code $?} replaced by {@code status} outside single quotes (a backslash keeps the dollar),
     * as bash expands it before it splits the line into words.
     */
    static String expandStatus(String line, int status) {
        if (!line.contains("$?")) {
            return line;
        }
        StringBuilder b = new StringBuilder();
        boolean single = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && !single && i + 1 < line.length()) {
                b.append(c).append(line.charAt(++i));
            } else if (c == '\'') {
                single = !single;
                b.append(c);
            } else if (c == '$' && !single && i + 1 < line.length() && line.charAt(i + 1) == '?') {
                b.append(status);
                i++;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private boolean ok() {
        lastExit = 0;
        return true;
    }

    private boolean fail(String message, int code) {
        out.println(Visible.escape(message));
        lastExit = code;
        return true;
    }

    /**
     * {@code help NAME}: the line of one shell command or one tool's synopsis; otherwise bash's
     * answer for a topic it does not know, status 1.
     */
    private void help(List<String> words) {
        if (words.size() == 1) {
            help();
            return;
        }
        int status = 0;
        for (String w : words.subList(1, words.size())) {
            String b = BUILTINS.get(w);
            Tool tool = ToolRegistry.get(w);
            if (b != null) {
                out.println(builtinLine(w, b));
            } else if (tool != null) {
                out.println("  " + tool.synopsis());
            } else {
                out.println(Visible.escape("help: no help topics match `" + w + "'.  Try `help' for the list."));
                status = 1;
            }
        }
        lastExit = status;
    }

    /** A shell command's line in help: its name in a column, then what it does. */
    private static String builtinLine(String name, String text) {
        return String.format(Locale.ROOT, "  %-8s %s", name, text);
    }

    private void help() {
        out.println("Commands run on the node in the prompt; NODE CMD runs one on NODE. CMD & runs it in the background.");
        out.println("Simulated time advances while a command runs; Ctrl-C interrupts it.");
        for (Map.Entry<String, String> b : BUILTINS.entrySet()) {
            out.println(builtinLine(b.getKey(), b.getValue()));
        }
        out.println("Tools (minternet tools):");
        for (Tool t : ToolRegistry.all()) {
            out.println("  " + t.synopsis());
        }
        ok();
    }

    private void on(List<String> words) {
        Node n = words.size() == 2 ? world.node(words.get(1)) : null;
        if (n == null) {
            fail(words.size() == 2 ? "on: no node named '" + words.get(1) + "' (nodes: " + String.join(", ", nodeNames()) + ")"
                    : "usage: on NODE", words.size() == 2 ? 1 : 2);
            return;
        }
        node = n;
        ok();
    }

    /** A tool on a node's terminal, in the foreground until it exits or in the background. */
    private void command(Node on, String line, boolean bg) {
        if (bg) {
            out.println("[" + nextJob + "] " + on.name() + "$ " + Visible.escape(line));
        }
        Job job = runner.perform(new Scenario.RunCommand(world.sim().now(), on.name(), line, TYPED));
        if (stdinNull && job.readsInput()) {
            runner.perform(new Scenario.Input(world.sim().now(), on.name(), Scenario.Input.END_OF_INPUT, TYPED)); // < /dev/null
        }
        if (bg) {
            background.add(job);
            numbers.add(nextJob++);
            lastExit = 0;
            return;
        }
        if (stdin != null && !stdinNull && job.readsInput()) {
            // as bash's foreground command shares its standard input: the rest of the transcript is the
            // command's input, typed now, then the end of input (Ctrl-D)
            String typed;
            while ((typed = stdin.get()) != null) {
                runner.perform(new Scenario.Input(world.sim().now(), on.name(), typed, TYPED));
            }
            runner.perform(new Scenario.Input(world.sim().now(), on.name(), Scenario.Input.END_OF_INPUT, TYPED));
        }
        foreground(job::done, () -> runner.interrupt(job));
        lastExit = job.exitCode();
    }

    /** Where a transcript's lines come from (null on a terminal): a foreground command that reads its input takes the rest. */
    private java.util.function.Supplier<String> stdin;

    /**
     * Reads a transcript's lines from {@code lines} (null at the end): a foreground command that
     * reads its standard input (nc, websocat, mosquitto_pub -l) gets every line after it, as in
     * {@code commands | bash}.
     */
    public void readsFrom(java.util.function.Supplier<String> lines) {
        this.stdin = lines;
    }

    /**
     * Runs the world until {@code done}; on Ctrl-C, when nothing is left to simulate or after an
     * hour, {@code interrupt} stops the command. The prompt comes back a nanosecond later.
     */
    private void foreground(BooleanSupplier done, Runnable interrupt) {
        Wait w = run(done, world.sim().now() + commandLimitNs);
        if (w != Wait.DONE) {
            runner.clearInterrupt();
            interrupted = w == Wait.INTERRUPTED;
            if (w == Wait.IDLE) {
                notices.println("(nothing left to simulate: the command can never finish; interrupted)");
            } else if (w == Wait.LIMIT) {
                notices.println("(still running after " + Durations.seconds(commandLimitNs) + " of simulated time; interrupted)");
            }
            interrupt.run();
        }
        runner.advance(world.sim().after(1));
    }

    /** The clock runs until {@code done}, paced when a speed is set; the events at {@code limitNs} itself do not run. */
    private Wait run(BooleanSupplier done, long limitNs) {
        if (speed <= 0) {
            return runner.await(done, limitNs - 1);
        }
        long sim0 = world.sim().now();
        long wall0 = System.nanoTime();
        while (true) {
            long target = Math.min(limitNs - 1, sim0 + (long) ((System.nanoTime() - wall0) * speed));
            Wait w = runner.await(done, target);
            if (w != Wait.LIMIT || target >= limitNs - 1) {
                return w;
            }
            long due = Math.min(world.sim().nextEventTime(), limitNs - 1);
            long wallDue = wall0 + (long) ((due - sim0) / speed);
            long nap = Math.min(NAP_NS, wallDue - System.nanoTime());
            if (nap > 0) {
                try {
                    Thread.sleep(nap / 1_000_000L, (int) (nap % 1_000_000L));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Wait.INTERRUPTED;
                }
            }
            if (runner.interrupted()) {
                return Wait.INTERRUPTED;
            }
        }
    }

    private void sleep(List<String> words) {
        long ns;
        try {
            if (words.size() != 2) {
                throw new IllegalArgumentException("usage: sleep TIME (5s, 200ms, or seconds)");
            }
            String t = words.get(1);
            ns = t.matches("\\d+(\\.\\d+)?") ? Math.round(Double.parseDouble(t) * 1e9) : Units.durationNs(t);
        } catch (IllegalArgumentException e) {
            fail("sleep: " + e.getMessage(), 1);
            return;
        }
        long until = world.sim().after(ns);
        if (run(() -> false, until) == Wait.INTERRUPTED) {
            runner.clearInterrupt();
            interrupted = true;
            lastExit = 130;
            return;
        }
        runner.advance(until);
        ok();
    }

    /**
     * bash's {@code wait}: without arguments until every background job has finished (status 0);
     * with job specs ({@code %N}, as {@code jobs} numbers them) until those have, its status the
     * last one's. What bash refuses it refuses in bash's words: an option (status 2), a word that
     * is no job spec (1), a job or process that is not there (127; jobs here have no process IDs).
     */
    private void waitFor(List<String> words) {
        List<Job> jobs = new ArrayList<>();
        int status = 0;
        for (String w : words.subList(1, words.size())) {
            if (w.startsWith("-") && w.length() > 1) {
                out.println(Visible.escape("wait: " + w + ": invalid option"));
                fail("wait: usage: wait [%JOB ...]", 2);
                return;
            }
            Job j = null;
            if (w.matches("%\\d{1,9}")) {
                int k = numbers.indexOf(Integer.parseInt(w.substring(1)));
                j = k < 0 ? null : background.get(k);
                if (j == null) {
                    out.println("wait: " + w + ": no such job");
                    status = 127;
                }
            } else if (w.matches("\\d+")) {
                out.println("wait: pid " + w + " is not a child of this shell");
                status = 127;
            } else {
                out.println(Visible.escape("wait: `" + w + "': not a pid or valid job spec"));
                status = 1;
            }
            if (j != null) {
                jobs.add(j);
            }
        }
        if (words.size() > 1 && jobs.isEmpty()) {
            lastExit = status;
            return;
        }
        List<Job> waited = words.size() == 1 ? background : jobs;
        foreground(() -> waited.stream().allMatch(Job::done), () -> {
            for (Job j : waited) {
                runner.interrupt(j);
            }
        });
        lastExit = words.size() == 1 ? 0 : jobs.get(jobs.size() - 1).exitCode();
    }

    private void jobs() {
        for (int i = 0; i < background.size(); i++) {
            Job j = background.get(i);
            out.println(String.format(Locale.ROOT, "[%d]  %-10s %s$ %s &", numbers.get(i), status(j), j.node(),
                    Visible.escape(j.command())));
        }
        ok();
    }

    /** bash's words: Running, Done, Exit N, Killed. */
    private static String status(Job j) {
        if (!j.done()) {
            return "Running";
        }
        return j.killed() ? "Killed" : j.exitCode() == 0 ? "Done" : "Exit " + j.exitCode();
    }

    /** Background jobs that finished since the last prompt, reported once, as bash does. */
    private void reportDone() {
        for (int i = 0; i < background.size(); i++) {
            Job j = background.get(i);
            if (j.done()) {
                out.println(String.format(Locale.ROOT, "[%d]  %-10s %s$ %s", numbers.get(i), status(j), j.node(),
                        Visible.escape(j.command())));
                background.remove(i);
                numbers.remove(i);
                i--;
            }
        }
    }

    private void time() {
        long t = world.sim().now();
        out.println(String.format(Locale.ROOT, "%d.%09d s simulated (%s)", t / Durations.S, t % Durations.S,
                world.epoch().plusNanos(t)));
        ok();
    }

    private void link(List<String> words) {
        if (words.size() != 3 || !(words.get(1).equals("down") || words.get(1).equals("up"))) {
            fail("usage: link down|up NAME", 2);
            return;
        }
        if (world.link(words.get(2)) == null) {
            fail("link: no link named '" + words.get(2) + "' (links: " + String.join(", ", linkNames()) + ")", 1);
            return;
        }
        runner.perform(new Scenario.LinkState(world.sim().now(), words.get(2), words.get(1).equals("up"), TYPED));
        ok();
    }

    private void nodeState(List<String> words) {
        String verb = words.get(0);
        if (words.size() != 2) {
            fail("usage: " + verb + " NODE", 2);
            return;
        }
        if (world.node(words.get(1)) == null) {
            fail(verb + ": no node named '" + words.get(1) + "' (nodes: " + String.join(", ", nodeNames()) + ")", 1);
            return;
        }
        boolean restore = verb.equals("restore");
        if (world.node(words.get(1)).isCrashed() != restore) {
            fail(verb + ": node " + words.get(1) + (restore ? " is running (crash it first)" : " is already down (restore boots it)"), 1);
            return;
        }
        runner.perform(new Scenario.NodeState(world.sim().now(), words.get(1), restore, TYPED));
        ok();
    }

    /** A browser on {@code on} loads each page, one after another; the narrator tells each visit from the trace. */
    private void visit(Node on, List<String> args, boolean bg) {
        boolean explain = false;
        List<String> urls = new ArrayList<>();
        for (String a : args) {
            if (a.equals("--explain")) {
                explain = true;
            } else if (a.startsWith("-")) {
                fail("visit: unknown option " + a + " (usage: visit [--explain] URL...)", 2);
                return;
            } else {
                String u = Urls.addressBar(a);
                try {
                    u = dev.minternet.browser.Urls.canonical(u);
                } catch (IllegalArgumentException e) {
                    fail("visit: '" + a + "': " + e.getMessage(), 2);
                    return;
                }
                if (!validUrl(u)) {
                    fail("visit: '" + a + "': expected an http:// or https:// address with a host", 2);
                    return;
                }
                urls.add(u);
            }
        }
        if (urls.isEmpty() || bg) {
            fail(bg ? "visit: cannot run in the background" : "usage: visit [--explain] URL...", 2);
            return;
        }
        List<TraceEvent> events = new ArrayList<>();
        TraceSink sink = events::add;
        world.trace().subscribe(sink);
        Browser browser = browsers.computeIfAbsent(on.name(), k -> new Browser(on));
        int[] started = {0};
        int[] ended = {0};
        boolean[] abandoned = {false};
        Runnable[] next = new Runnable[1];
        next[0] = () -> {
            if (started[0] < urls.size()) {
                browser.visit(urls.get(started[0]++), () -> {
                    ended[0]++;
                    if (ended[0] == urls.size() && !abandoned[0]) {
                        world.sim().stop();
                    }
                    next[0].run();
                });
            }
        };
        next[0].run();
        try {
            foreground(() -> ended[0] == urls.size(), () -> { });
        } finally {
            abandoned[0] = true; // after Ctrl-C the page goes on loading, but stops no later command

            world.trace().unsubscribe(sink);
        }
        boolean loaded = true;
        for (Narrator.Visit v : new Narrator(events, on.name(), VisitRun.addressBook(world)).visits()) {
            loaded &= v.ok();
            for (String l : Narrator.render(v, explain)) {
                out.println(Visible.escape(l));
            }
        }
        lastExit = loaded ? 0 : 1;
    }

    static boolean validUrl(String url) {
        try {
            URI u = new URI(url);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && u.getHost() != null && u.getPort() <= 65535;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Leaves the world: background jobs are interrupted, captures and the trace closed. */
    public void close() {
        runner.finish();
        out.flush();
    }
}
