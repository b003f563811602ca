package dev.minternet.tools;

import java.nio.file.Path;

/** Where a running tool prints, and how it ends. */
public interface Terminal {
    /** Prints one line of output (no trailing newline). */
    void println(String line);

    /** The tool has finished with {@code code} (0 = success, as the real tool's exit status). */
    void exit(int code);

    /** Registers what to do on Ctrl-C (the run ends while the tool is still going). */
    default void onInterrupt(Runnable r) {
    }

    /** Where an output file named on the command line goes (tcpdump -w). */
    default Path outputPath(String name) {
        return Path.of(name);
    }
}
