package dev.minternet.tools;

import dev.minternet.node.Node;
import java.util.List;

/**
 * A tool whose command line is single-letter flags only ({@code ss -tlnp}, {@code netstat -an}):
 * one parser for both {@code minternet check} and the run, and on a bad line {@code NAME:
 * message}, the usage line and status 1; an unknown option (getopt's "invalid option -- 'Q'" or
 * "unrecognized option '--foo'") is followed by the real tool's usage text, with its status, when
 * the tool has one ({@link #usage}).
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
            for (String w : argv) {
                if (w.startsWith("--") && w.length() > 2) {
                    throw new IllegalArgumentException("unrecognized option '" + w + "'");
                }
            }
            a = Args.withOperands(argv, flags);
            operands(a);
        } catch (IllegalArgumentException e) {
            if (e instanceof Refusal r) {
                term.println(r.getMessage()); // in the tool's own words, its name included where it says it
                term.exit(r.code);
                return;
            }
            term.println(name + ": " + e.getMessage());
            String resource = usage();
            boolean unknown = e instanceof Args.BadOption || e.getMessage().startsWith("unrecognized option");
            if (unknown && resource != null) {
                try (java.io.InputStream in = FlagsTool.class.getResourceAsStream(resource)) {
                    String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                    text.substring(0, text.length() - 1).lines().forEach(term::println);
                } catch (java.io.IOException io) {
                    throw new java.io.UncheckedIOException(io);
                }
                term.exit(usageStatus());
                return;
            }
            term.println("usage: " + synopsis);
            term.exit(1);
            return;
        }
        run(node, a, term);
    }

    /** The resource holding the real tool's usage text (printed after an unknown option), or null. */
    String usage() {
        return null;
    }

    /** The status the real tool exits with after its usage text. */
    int usageStatus() {
        return 1;
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
