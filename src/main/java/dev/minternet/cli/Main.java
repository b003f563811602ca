package dev.minternet.cli;

import dev.minternet.scenario.DefaultWorld;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The minternet command line. Every failure of every command ends as one line on stderr,
 * {@code minternet: ...} (or a scenario's {@code file:line:column: ...}), with exit status 2 for
 * a bad command line or scenario and 1 for a failed run ({@link Failures}); {@code --debug}
 * adds the stack trace.
 *
 * <p>The subcommands are listed in {@link #COMMANDS} rather than in the annotation: picocli reads
 * every annotated command of the tree when it builds it (a seventh of {@code visit}'s start-up
 * when all were read), so a command line that names a command builds only that branch
 * ({@link #commandLine(Main, String...)}); help, version and mistakes build the whole tree.
 *
 * <p>A command line that is {@code visit} and URLs only (the most common one) does not go through
 * picocli at all ({@link VisitCommand#plain}): building even that one branch was the largest part of
 * {@code visit}'s start-up left on its main thread (bench/compare/README.md, "Fast start, fifth
 * pass"). It runs the same command with the same defaults, and a failure is reported the same way.
 * So does {@code bench dumbbell} with its own options only ({@link BenchCommand.DumbbellBench#plain}),
 * the ns-3 comparison's command line, whose whole process is timed (bench/compare/README.md).
 */
@Command(name = "minternet", mixinStandardHelpOptions = true, version = "minternet 0.1.0",
        description = "A deterministic, discrete-event internet in one JVM, speaking real wire formats.")
public final class Main implements Runnable {
    /** The subcommands by name (each class's {@code @Command} name), in the order the help lists them. */
    static final Map<String, Class<?>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("run", RunCommand.class);
        COMMANDS.put("check", CheckCommand.class);
        COMMANDS.put("world", WorldCommand.class);
        COMMANDS.put("tools", ToolsCommand.class);
        COMMANDS.put("bench", BenchCommand.class);
        COMMANDS.put("plot", PlotCommand.class);
        COMMANDS.put("visit", VisitCommand.class);
        COMMANDS.put("sweep", SweepCommand.class);
        COMMANDS.put("shell", ShellCommand.class);
        COMMANDS.put("exec", ExecCommand.class);
        COMMANDS.put("live", LiveCommand.class);
        COMMANDS.put("why", WhyCommand.class);
        COMMANDS.put("help", CommandLine.HelpCommand.class);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private boolean debug;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "On failure, print the stack trace after the one-line error.")
    void setDebug(boolean on) {
        debug = on;
    }

    public static void main(String[] args) {
        readAhead(args); // first: the reading thread starts as early as it can
        // Netty logs through java.util.logging, where its probing ends anyway (slf4j is bound to
        // its no-op logger, which Netty refuses, and there is no Log4J): named at once, the probe's
        // old-format slf4j classes and failed lookups are skipped (10-13 ms of a visit's main thread)
        io.netty.util.internal.logging.InternalLoggerFactory.setDefaultFactory(
                io.netty.util.internal.logging.JdkLoggerFactory.INSTANCE);
        System.exit(execute(args));
    }

    /**
     * `visit` and `world show` without {@code --world} read the built-in default world on a second
     * thread while picocli reads the command line ({@link DefaultWorld#readAhead}); a visit's also
     * mints the world's certificate authorities there. Measured in bench/compare/README.md ("Fast
     * start, fourth pass").
     */
    static void readAhead(String[] args) {
        int at = Subcommands.word(args, 0);
        if (at < 0) {
            return;
        }
        for (String a : args) {
            if (a.equals("--world") || a.startsWith("--world=")) {
                return;
            }
        }
        if (args[at].equals("visit")) {
            DefaultWorld.readAhead(true);
        } else if (args[at].equals("world") && "show".equals(Subcommands.nameAt(args, Subcommands.word(args, at + 1)))) {
            DefaultWorld.readAhead(false);
        }
    }

    /** Runs the CLI and returns the exit code (for tests). */
    public static int execute(String... args) {
        Callable<Integer> plain = VisitCommand.plain(args);
        if (plain == null) {
            plain = BenchCommand.DumbbellBench.plain(args);
        }
        return plain != null ? runPlain(plain) : executeParsed(args);
    }

    /**
     * Runs a command given by {@link VisitCommand#plain} or {@link BenchCommand.DumbbellBench#plain} as
     * picocli would run it: its exit status is what {@code call} returns; what it throws is reported by
     * {@link Failures} on a writer made as picocli makes its own (the stderr encoding picocli picks; it
     * is built only then). {@code --debug} was not given, so it is off.
     */
    static int runPlain(Callable<Integer> command) {
        try {
            return command.call();
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            return Failures.report(e, new CommandLine(CommandLine.Model.CommandSpec.create()).getErr(), false);
        }
    }

    /** Runs the CLI through picocli (every command line but a plain visit's or dumbbell's). */
    static int executeParsed(String... args) {
        Main main = new Main();
        CommandLine cl = commandLine(main, args);
        if (cl.getSubcommands().containsKey("visit")) {
            VisitCommand.listUrlsInHelp(cl.getSubcommands().get("visit"));
        }
        Examples.attach(cl);
        cl.setParameterExceptionHandler((ex, given) -> {
            String hint = ex instanceof CommandLine.UnmatchedArgumentException
                    ? " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')" : "";
            // an option's own check (a setter that refuses its value) says what is wrong in its words,
            // not picocli's "Could not invoke ... with ..." around it
            String message = ex.getMessage();
            for (Throwable c = ex.getCause(); c != null; c = c.getCause()) {
                if (c instanceof CliError) {
                    message = c.getMessage();
                    break;
                }
            }
            ex.getCommandLine().getErr().println(Failures.oneLine("minternet: " + message + hint));
            if (main.debug) {
                ex.printStackTrace(ex.getCommandLine().getErr());
            }
            ex.getCommandLine().getErr().flush();
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> Failures.report(ex, cmd.getErr(), main.debug));
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError | StackOverflowError e) {
            // thrown past picocli's handlers (it catches Exception only)
            return Failures.report(e, cl.getErr(), main.debug);
        }
    }

    /** The whole command tree (for help and tests). */
    public static CommandLine commandLine(Main main) {
        return commandLine(main, (String[]) null);
    }

    /**
     * The command tree for {@code args}: when its first word (the root's options take no value)
     * names a command other than {@code help}, only that command's branch, else the whole tree.
     * The branch parses and runs exactly as it does in the whole tree.
     */
    static CommandLine commandLine(Main main, String... args) {
        int at = Subcommands.word(args, 0);
        String only = at < 0 ? null : args[at];
        if (only != null && (!COMMANDS.containsKey(only) || only.equals("help"))) {
            only = null;
        }
        CommandLine cl = new CommandLine(main);
        for (Map.Entry<String, Class<?>> e : COMMANDS.entrySet()) {
            if (only == null || only.equals(e.getKey())) {
                Object command = e.getValue();
                if (command == BenchCommand.class) {
                    command = BenchCommand.commandLine(only == null ? null : Subcommands.nameAt(args, Subcommands.word(args, at + 1)));
                }
                cl.addSubcommand(e.getKey(), command);
            }
        }
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
