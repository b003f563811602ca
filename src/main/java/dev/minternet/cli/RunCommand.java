package dev.minternet.cli;

import dev.minternet.files.FilePolicy;
import dev.minternet.node.World;
import dev.minternet.scenario.Scenario;
import dev.minternet.scenario.ScenarioException;
import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.scenario.ScenarioRunner;
import dev.minternet.scenario.WorldBuilder;
import dev.minternet.trace.JsonLinesSink;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** minternet run SCENARIO: plays a scenario and prints every terminal's output. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a scenario: build its world, play its timeline, print each command's output "
                + "prefixed with simulated time and node.")
public final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SCENARIO", description = "Scenario YAML file.")
    Path scenario;

    @Option(names = "--seed", description = "Override the scenario's seed.")
    Long seed;

    @Option(names = "--trace", paramLabel = "FILE", description = "Write every trace event as JSON lines.")
    Path trace;

    @Option(names = "--pcap-dir", paramLabel = "DIR",
            description = "Capture every interface into DIR/NODE-IFACE.pcap (and, without --out, write the timeline's "
                    + "files there too).")
    Path pcapDir;

    @Option(names = "--out", paramLabel = "DIR",
            description = "The output folder: the timeline's commands (tcpdump -w, curl -o, nc -l -o) write only under "
                    + "it, by relative names (default: --pcap-dir if given, else the current directory).")
    Path outDir;

    @Option(names = "--stats", description = "Print wall-clock and event statistics at the end (not deterministic).")
    boolean stats;

    @Override
    public Integer call() throws Exception {
        Scenario s;
        try {
            s = ScenarioLoader.load(scenario);
        } catch (ScenarioException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        if (seed != null) {
            s = s.withSeed(seed);
        }
        long t0 = System.nanoTime();
        World world;
        try {
            world = WorldBuilder.build(s);
        } catch (ScenarioException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        OutputStream traceOut = null;
        if (trace != null) {
            if (trace.toAbsolutePath().getParent() != null) {
                Files.createDirectories(trace.toAbsolutePath().getParent());
            }
            traceOut = new BufferedOutputStream(Files.newOutputStream(trace), 1 << 16);
            world.trace().subscribe(new JsonLinesSink(traceOut));
        }
        PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false, StandardCharsets.UTF_8);
        Path outputFolder = outDir != null ? outDir : pcapDir != null ? pcapDir : Path.of("");
        if (outDir != null) {
            try {
                Files.createDirectories(outDir);
            } catch (java.io.IOException e) {
                System.err.println("minternet run: --out " + outDir + ": "
                        + (Files.exists(outDir) ? "not a directory" : FilePolicy.reason(e)));
                return 2;
            }
        }
        ScenarioRunner runner = new ScenarioRunner(s, world, out, outputFolder);
        if (pcapDir != null) {
            runner.captureAll(pcapDir);
        }
        long t1 = System.nanoTime();
        runner.run();
        long t2 = System.nanoTime();
        if (traceOut != null) {
            traceOut.close();
        }
        if (stats) {
            out.printf("--- stats: %d events, simulated %.6f s, setup %.3f s wall, run %.3f s wall%n",
                    world.sim().eventsExecuted(), world.sim().now() / 1e9, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
        }
        out.flush();
        return 0;
    }
}
