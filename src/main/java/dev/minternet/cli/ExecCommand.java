package dev.minternet.cli;

import dev.minternet.shell.Session;
import dev.minternet.tools.registry.ToolRegistry;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** minternet exec: one command on one node, like docker exec or Mininet's NODE CMD. */
@Command(name = "exec", mixinStandardHelpOptions = true,
        description = {"Run one command on one node of the default world (or a scenario's) and print its output as "
                + "its terminal shows it; the exit status is the command's.",
                "Example: minternet exec laptop -- curl -sI https://www.example.com/",
                "Example: minternet exec examples/hello-internet.yaml laptop -- ping -c 3 server"})
public final class ExecCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "[SCENARIO] NODE -- COMMAND", description = "The node, then after -- the "
            + "command line (a scenario file may come first).")
    List<String> words;

    long atNs;

    @Option(names = "--at", paramLabel = "TIME", converter = Checks.Duration.class,
            description = "When the command is typed, in simulated time (default 0s; at most 24h).")
    void setAt(long ns) {
        atNs = Checks.atMost(spec, "--at", ns, VisitCommand.MAX_WAIT_NS);
    }

    @Mixin
    WorldSession worldSession;

    @Override
    public Integer call() throws Exception {
        List<String> raw = spec.commandLine().getParseResult().originalArgs();
        int dashes = raw.indexOf("--");
        int commandWords = dashes < 0 ? 0 : raw.size() - dashes - 1;
        int before = words.size() - commandWords;
        if (commandWords == 0 || before < 1 || before > 2) {
            throw CliError.usage("exec: expected [SCENARIO] NODE -- COMMAND (e.g. minternet exec laptop -- ping -c 3 server)");
        }
        Path scenario = before == 2 ? Path.of(words.get(0)) : null;
        String node = words.get(before - 1);
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8));
        try (WorldSession ws = worldSession) {
            Session s;
            try {
                s = ws.open(scenario, out, null, 0);
            } finally {
                out.flush();
            }
            if (s.world().node(node) == null) {
                throw CliError.usage("exec: no node named '" + node + "' in " + ws.scenario.name());
            }
            s.notices(err);
            StringBuilder line = new StringBuilder(node);
            for (String w : words.subList(before, words.size())) {
                line.append(' ').append(quote(w));
            }
            try (CtrlC c = CtrlC.on(s::interrupt)) {
                s.runner().advance(atNs);
                s.execute(line.toString());
            } finally {
                s.close();
                err.flush();
            }
            return s.lastExit();
        }
    }

    /**
     * A word as the shell would need it typed: quoted when it holds a space, a quote, a backslash
     * or what the shell would read as an operator ({@code | ; < > &}: a URL's query, a filter).
     */
    static String quote(String w) {
        if (!w.isEmpty() && w.chars().noneMatch(c -> Character.isWhitespace(c) || c == '\'' || c == '"' || c == '\\'
                || ToolRegistry.isOperator(c))) {
            return w;
        }
        return "'" + w.replace("'", "'\\''") + "'";
    }
}
