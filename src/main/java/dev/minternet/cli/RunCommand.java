package dev.minternet.cli;

import dev.minternet.node.Partitioning;
import dev.minternet.node.World;
import dev.minternet.scenario.Limits;
import dev.minternet.scenario.RunGuard;
import dev.minternet.scenario.Scenario;
import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.scenario.ScenarioRunner;
import dev.minternet.scenario.ScenarioSplit;
import dev.minternet.scenario.WorldBuilder;
import dev.minternet.tls.KeyLogFile;
import dev.minternet.trace.JsonLinesSink;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import dev.minternet.sim.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** minternet run SCENARIO: plays a scenario and prints every terminal's output. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a scenario: build its world, play its timeline, print each command's output "
                + "prefixed with simulated time and node as the simulation reaches it. On a terminal a progress line on "
                + "stderr; Ctrl-C stops cleanly (exit 130) and still writes the trace and pcaps; exit 1 when a timeline "
                + "command failed.",
                "Example: minternet run examples/hello-internet.yaml",
                "Example: minternet run examples/datacenter.yaml --pcap-dir pcaps --trace trace.jsonl --keep-going",
                "Example: minternet run examples/dns.yaml --json"})
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

    @Option(names = "--json", description = "Print one JSON object instead of the lines: the lines, each command's exit "
            + "status, the simulated time, events, per-link and per-node drops (deterministic, for scripts).")
    boolean json;

    @Option(names = "--keep-going", description = "Exit 0 even when a timeline command exits non-zero (by default the run "
            + "then exits 1).")
    boolean keepGoing;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Null without --threads: one thread (the world is split all the same when the scenario can be). */
    Integer threads;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads of a partitioned run (docs/partitioning.md): the world is split by topology into "
                    + "regions, cutting the links with the longest delays, the same split whatever N and without "
                    + "--threads, so every N (1 too) prints and writes the same bytes as the run without it. A scenario "
                    + "using what is not audited for it (services, DNS, LANs...) says why in one line and runs on one "
                    + "thread, in one region.")
    void setThreads(int v) {
        threads = (int) Checks.range(spec, "--threads", v, 1, 1024);
    }

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
        // The world is split whenever the scenario can be (docs/partitioning.md), with or without
        // --threads: one split, so every thread count and the plain run write the same bytes.
        int[] regions = null;
        String why = ScenarioSplit.refusal(s);
        if (why == null) {
            regions = ScenarioSplit.regions(s, ScenarioSplit.REGIONS);
            if (regions == null) {
                why = "no link with a delay can be cut into regions";
            }
        }
        if (why != null && threads != null && threads > 1) {
            System.err.println("minternet: --threads " + threads + ": " + why + "; running on one thread");
        }
        World world = WorldBuilder.build(s, regions);
        // One thread (no --threads, --threads 1) runs the regions' events in the same order on the
        // calling thread, as a world of one region runs (no lanes, windows or barriers).
        int lanes = regions == null || threads == null ? 1 : Math.min(threads, Partitioning.of(world).regions());
        if (lanes > 1) {
            Partitioning.of(world).runOn(threads);
        }
        RunGuard guard = RunGuard.install(world, limits);
        OutputStream traceOut = null;
        KeyLogFile keys = Outputs.keyLog(world, keylog);
        RunSummary summary = json ? new RunSummary() : null;
        ScenarioRunner runner = null;
        LiveOutput live = null;
        boolean interrupted;
        long t1;
        try {
            if (trace != null) {
                traceOut = new BufferedOutputStream(Files.newOutputStream(trace), 1 << 16);
                world.trace().subscribe(new JsonLinesSink(traceOut));
            }
            live = LiveOutput.start(System.out, System.err, System.console() != null);
            runner = new ScenarioRunner(s, world, live.out(), outputFolder).limitOutput(limits.outputLines());
            live.track(runner, s.durationNs());
            if (summary != null) {
                runner.transcript(summary.collector());
            }
            if (pcapDir != null) {
                runner.captureAll(pcapDir);
            }
            t1 = System.nanoTime();
            try (CtrlC ctrlC = CtrlC.on(runner::interrupt)) {
                runner.run();
            } catch (OutOfMemoryError e) {
                throw guard.outOfMemory();
            }
            interrupted = runner.interrupted();
        } finally {
            if (live != null) {
                live.close();
            }
            if (traceOut != null) {
                traceOut.close();
            }
            if (keys != null) {
                keys.close();
            }
        }
        long t2 = System.nanoTime();
        List<ScenarioRunner.Job> failed = runner.jobs().stream().filter(j -> j.done() && !j.killed() && j.exitCode() != 0).toList();
        int exit = interrupted ? 130 : failed.isEmpty() || keepGoing ? 0 : 1;
        PrintStream out = live.out();
        if (summary != null) {
            out.println(summary.json(s, world, runner, exit, interrupted));
        }
        if (stats) {
            out.printf("--- stats: %d events, simulated %.6f s, setup %.3f s wall, run %.3f s wall%n",
                    world.sim().eventsExecuted(), world.sim().now() / 1e9, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
        }
        if (stats && regions != null) {
            Partitioning p = Partitioning.of(world);
            out.printf("--- partitioned: %d regions on %d threads, lookahead %s%n", p.regions(), lanes,
                    lanes > 1 ? Durations.seconds(p.lookahead(threads)) : "none (one thread)");
        }
        out.flush();
        if (exit == 1) {
            ScenarioRunner.Job f = failed.get(0);
            System.err.println(Failures.oneLine("minternet: " + (failed.size() == 1 ? "a timeline command" : failed.size()
                    + " timeline commands") + " failed, first: " + f.node() + "$ " + f.command() + " (exit " + f.exitCode()
                    + " at " + Durations.seconds(f.startNs()) + "); --keep-going exits 0"));
        }
        return exit;
    }
}
