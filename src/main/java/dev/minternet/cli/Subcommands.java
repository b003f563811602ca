package dev.minternet.cli;

/**
 * Finds the command a command line names without building the command tree, so that
 * {@link Main#commandLine(Main, String...)} builds only that branch. The root and {@code bench}
 * take no option with a value, so the first word not starting with {@code -} is the command.
 */
final class Subcommands {
    private Subcommands() {
    }

    /** The index of the first word at or after {@code from} that is not an option, or -1. */
    static int word(String[] args, int from) {
        if (args == null || from < 0) {
            return -1;
        }
        for (int i = from; i < args.length; i++) {
            if (args[i].equals("--")) {
                return -1; // what follows is positional: leave it to picocli
            }
            if (!args[i].startsWith("-")) {
                return i;
            }
        }
        return -1;
    }

    /** {@code args[i]}, or null when {@code i} is -1. */
    static String nameAt(String[] args, int i) {
        return i < 0 ? null : args[i];
    }
}
