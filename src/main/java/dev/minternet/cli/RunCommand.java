package dev.minternet.cli;

import dev.minternet.files.FilePolicy;
import dev.minternet.node.World;
import dev.minternet.scenario.Limits;
import dev.minternet.scenario.RunGuard;
import dev.minternet.scenario.Scenario;
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
import picocli.CommandLine.Mixin;
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

    @Option(names = "--keylog", paramLabel = "FILE",
            description = "Write every TLS connection's secrets to FILE (SSLKEYLOGFILE format), so that Wireshark and "
                    + "tshark (-o tls.keylog_file:FILE) decrypt the captures.")
    Path keylog;

    @Option(names = "--stats", description = "Print wall-clock and event statistics at the end (not deterministic).")
    boolean stats;

    @Mixin
    LimitOptions limitOptions;

    @Override
    public Integer call() throws Exception {
        Limits limits = limitOptions.limits();
        Scenario s = ScenarioLoader.load(scenario, limits);
        if (seed != null) {
            s = s.withSeed(seed);
        }
        Outputs.file("--trace", trace);
        Outputs.dir("--pcap-dir", pcapDir);
        Outputs.dir("--out", outDir);
        Outputs.file("--keylog", keylog);
        Path outputFolder = outDir != null ? outDir : pcapDir != null ? pcapDir : Path.of("");
        long t0 = System.nanoTime();
        World world = WorldBuilder.build(s);
        RunGuard guard = RunGuard.install(world, limits);
        PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false, StandardCharsets.UTF_8);
        OutputStream traceOut = null;
        dev.minternet.tls.KeyLogFile keys = Outputs.keyLog(world, keylog);
        try {
            if (trace != null) {
                traceOut = new BufferedOutputStream(Files.newOutputStream(trace), 1 << 16);
                world.trace().subscribe(new JsonLinesSink(traceOut));
            }
            ScenarioRunner runner = new ScenarioRunner(s, world, out, outputFolder).limitOutput(limits.outputLines());
            if (pcapDir != null) {
                runner.captureAll(pcapDir);
            }
            long t1 = System.nanoTime();
            try {
                runner.run();
            } catch (OutOfMemoryError e) {
                throw guard.outOfMemory();
            }
            long t2 = System.nanoTime();
            if (stats) {
                out.printf("--- stats: %d events, simulated %.6f s, setup %.3f s wall, run %.3f s wall%n",
                        world.sim().eventsExecuted(), world.sim().now() / 1e9, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
            }
        } finally {
            out.flush();
            if (traceOut != null) {
                traceOut.close();
            }
            if (keys != null) {
                keys.close();
            }
        }
        return 0;
    }
}
