package dev.minternet.cli;

import dev.minternet.scenario.Visible;
import dev.minternet.shell.Interactive;
import dev.minternet.shell.Session;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** minternet shell: a prompt on a node of a simulated world. */
@Command(name = "shell", mixinStandardHelpOptions = true,
        description = {"A prompt on a node of the default world (or a scenario's): type the tools of 'minternet tools', "
                + "'visit URL', 'on NODE' or 'NODE CMD', 'CMD &', 'sleep 5s', 'wait', 'time', 'link down NAME', "
                + "'crash NODE'; 'help' lists them. Simulated time advances while a command runs; Ctrl-C interrupts it.",
                "Example: minternet shell examples/hello-internet.yaml",
                "With standard input not a terminal (minternet shell < cmds.txt) it reads one command a line and "
                        + "echoes each after its prompt."})
public final class ShellCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "SCENARIO", description = "A scenario file (same as --world).")
    Path scenario;

    @Option(names = "--node", paramLabel = "NODE", description = "The node of the first prompt (default: laptop, else "
            + "the first host).")
    String node;

    @Option(names = "--history", paramLabel = "FILE", description = "The history file (default ~/.minternet_history).")
    Path history;

    @Option(names = "--speed", paramLabel = "X|max", converter = Checks.Speed.class, description = "Simulated seconds per "
            + "wall second: 1 (real time, the default on a terminal), 10, 0.5, or max (as fast as possible, the default "
            + "when reading a file).")
    Double speed;

    @Mixin
    WorldSession worldSession;

    @Override
    public Integer call() throws Exception {
        boolean interactive = System.console() != null;
        double pace = speed != null ? speed : interactive ? 1 : 0;
        try (WorldSession ws = worldSession) {
            if (interactive) {
                try (Terminal t = TerminalBuilder.builder().system(true).build()) {
                    Session s = ws.open(scenario, t.writer(), node, pace);
                    return Interactive.run(s, t, history != null ? history
                            : Path.of(System.getProperty("user.home"), ".minternet_history"));
                }
            }
            PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
            Session s = ws.open(scenario, out, node, pace);
            return script(s, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), out);
        }
    }

    /** Commands read from a file or a pipe: each echoed after its prompt, as a transcript. Ctrl-C interrupts the running one. */
    static int script(Session s, BufferedReader in, PrintWriter out) throws IOException {
        try (CtrlC c = CtrlC.on(s::interrupt)) {
            s.readsFrom(() -> {
                try {
                    return in.readLine();
                } catch (IOException e) {
                    return null;
                }
            });
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank() || line.strip().startsWith("#")) {
                    continue;
                }
                out.println(s.prompt() + Visible.escape(line.strip()));
                if (!s.execute(line)) {
                    break;
                }
            }
        } finally {
            s.close();
        }
        return s.lastExit();
    }
}
