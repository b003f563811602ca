package dev.minternet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The minternet command line. Every failure of every command ends as one line on stderr,
 * {@code minternet: ...} (or a scenario's {@code file:line:column: ...}), with exit status 2 for
 * a bad command line or scenario and 1 for a failed run ({@link Failures}); {@code --debug}
 * adds the stack trace.
 */
@Command(name = "minternet", mixinStandardHelpOptions = true, version = "minternet 0.1.0",
        description = "A deterministic, discrete-event internet in one JVM, speaking real wire formats.",
        subcommands = {RunCommand.class, CheckCommand.class, WorldCommand.class, ToolsCommand.class, BenchCommand.class,
                PlotCommand.class, VisitCommand.class, SweepCommand.class, ShellCommand.class, ExecCommand.class, LiveCommand.class, WhyCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private boolean debug;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "On failure, print the stack trace after the one-line error.")
    void setDebug(boolean on) {
        debug = on;
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns the exit code (for tests). */
    public static int execute(String... args) {
        Main main = new Main();
        CommandLine cl = new CommandLine(main);
        VisitCommand.listUrlsInHelp(cl.getSubcommands().get("visit"));
        Examples.attach(cl);
        cl.setParameterExceptionHandler((ex, given) -> {
            String hint = ex instanceof CommandLine.UnmatchedArgumentException
                    ? " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')" : "";
            ex.getCommandLine().getErr().println(Failures.oneLine("minternet: " + ex.getMessage() + hint));
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

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
