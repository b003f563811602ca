package dev.minternet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The minternet command line. */
@Command(name = "minternet", mixinStandardHelpOptions = true, version = "minternet 0.1.0",
        description = "A deterministic, discrete-event internet in one JVM, speaking real wire formats.",
        subcommands = {RunCommand.class, CheckCommand.class, WorldCommand.class, ToolsCommand.class, BenchCommand.class,
                PlotCommand.class, VisitCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns the exit code (for tests). */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("minternet: " + ex);
            return 1;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
