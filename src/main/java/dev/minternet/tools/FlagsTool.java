package dev.minternet.tools;

import dev.minternet.node.Node;
import java.util.List;

/**
 * A tool whose command line is single-letter flags only ({@code ss -tlnp}, {@code netstat -an}):
 * one parser for both {@code minternet check} and the run, and on a bad line {@code NAME:
 * message}, the usage line and status 1.
 */
abstract class FlagsTool implements Tool {
    private final String name;
    private final String synopsis;
    private final String flags;

    FlagsTool(String name, String synopsis, String flags) {
        this.name = name;
        this.synopsis = synopsis;
        this.flags = flags;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String synopsis() {
        return synopsis;
    }

    @Override
    public final void validate(List<String> argv) {
        operands(Args.withOperands(argv, flags));
    }

    @Override
    public final void start(Node node, List<String> argv, Terminal term) {
        Args a;
        try {
            a = Args.withOperands(argv, flags);
            operands(a);
        } catch (Refusal r) {
            term.println(r.getMessage()); // in the tool's own words, its name included where it says it
            term.exit(r.code);
            return;
        } catch (IllegalArgumentException e) {
            term.println(name + ": " + e.getMessage());
            term.println("usage: " + synopsis);
            term.exit(1);
            return;
        }
        run(node, a, term);
    }

    /** Checks the arguments that are not flags: by default there are none. */
    void operands(Args a) {
        if (!a.operands.isEmpty()) {
            throw new IllegalArgumentException("unexpected argument '" + a.operands.get(0) + "'");
        }
    }

    /** Runs the command with its parsed flags; ends it through {@link Terminal#exit}. */
    abstract void run(Node node, Args flags, Terminal term);
}
