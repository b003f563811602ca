package dev.minternet.tools;

import dev.minternet.files.FilePolicy;
import java.util.function.Consumer;

/** Where a running tool prints, and how it ends. */
public interface Terminal {
    /** Prints one line of output (no trailing newline). */
    void println(String line);

    /** The tool has finished with {@code code} (0 = success, as the real tool's exit status). */
    void exit(int code);

    /** Registers what to do on Ctrl-C (the run ends while the tool is still going). */
    default void onInterrupt(Runnable r) {
    }

    /**
     * Registers what to do with each line typed on the terminal while the command runs (its
     * standard input; a scenario's {@code input:} entries type them); {@code null} is the end of
     * input (Ctrl-D). A command that registers nothing does not read its input, and what is typed
     * is lost.
     */
    default void onInput(Consumer<String> lines) {
    }

    /**
     * Which host files the commands on this terminal may read ({@code nc -f}, {@code curl -d @f})
     * and write ({@code tcpdump -w}, {@code curl -o}, {@code nc -l -o}): a scenario's terminals
     * read from its folder and write under the output folder; by default nothing but /dev/null.
     */
    default FilePolicy files() {
        return FilePolicy.NONE;
    }
}
