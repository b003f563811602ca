package dev.minternet.cli;

import dev.minternet.scenario.RunLimitException;
import dev.minternet.scenario.ScenarioException;
import dev.minternet.scenario.Visible;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import picocli.CommandLine;

/**
 * Turns whatever a command throws into the one line the user sees (DESIGN.md decision 10): no
 * Java exception reaches the terminal unless {@code --debug} asks for the stack trace. Scenario
 * errors print as they are ({@code file:line:column: field: problem}), everything else after
 * {@code minternet: }; file system errors use the words the C library uses ("No such file or
 * directory"), as the shell would print them.
 */
final class Failures {
    private Failures() {
    }

    /** Prints {@code t} on {@code err} and returns the exit status: 2 for usage, 1 for runtime. */
    static int report(Throwable t, PrintWriter err, boolean debug) {
        Throwable c = t;
        while (c instanceof CommandLine.ExecutionException && c.getCause() != null) {
            c = c.getCause();
        }
        int code;
        String line;
        if (c instanceof ScenarioException s) {
            line = s.getMessage();
            code = 2;
        } else if (c instanceof CliError e) {
            line = "minternet: " + e.getMessage();
            code = e.exitCode;
        } else if (c instanceof RunLimitException e) {
            line = "minternet: " + e.getMessage();
            code = 1;
        } else if (c instanceof IOException e) {
            line = "minternet: " + describe(e);
            code = 1;
        } else if (c instanceof OutOfMemoryError) {
            line = "minternet: out of memory: raise -Xmx (e.g. MINTERNET_JAVA_OPTS=-Xmx8g) or shrink the scenario";
            code = 1;
        } else if (c instanceof StackOverflowError) {
            line = "minternet: internal error: the stack overflowed (a bug: run with --debug and report it)";
            code = 1;
        } else {
            String m = c.getMessage();
            line = "minternet: internal error" + (m == null || m.isBlank() ? "" : ": " + m)
                    + " (a bug: run with --debug and report it)";
            code = 1;
        }
        err.println(oneLine(line));
        if (debug) {
            t.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    /** {@code path: reason}, as the C library says it. */
    static String describe(IOException e) {
        String reason;
        if (e instanceof NoSuchFileException) {
            reason = "No such file or directory";
        } else if (e instanceof AccessDeniedException) {
            reason = "Permission denied";
        } else if (e instanceof FileAlreadyExistsException) {
            reason = "File exists";
        } else if (e instanceof NotDirectoryException) {
            reason = "Not a directory";
        } else if (e instanceof DirectoryNotEmptyException) {
            reason = "Directory not empty";
        } else if (e instanceof FileSystemException f && f.getReason() != null) {
            reason = f.getReason();
        } else {
            reason = e.getMessage() == null ? "input/output error" : e.getMessage();
        }
        String file = e instanceof FileSystemException f ? f.getFile() : null;
        return file == null ? reason : file + ": " + reason;
    }

    /** One line, control characters made visible, at most a thousand characters. */
    static String oneLine(String s) {
        return Visible.shorten(Visible.escape(s.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ")), 1000);
    }
}
