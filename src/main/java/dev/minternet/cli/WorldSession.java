package dev.minternet.cli;

import dev.minternet.node.World;
import dev.minternet.scenario.DefaultWorld;
import dev.minternet.scenario.Limits;
import dev.minternet.scenario.RunGuard;
import dev.minternet.scenario.Scenario;
import dev.minternet.scenario.ScenarioException;
import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.scenario.WorldBuilder;
import dev.minternet.shell.Session;
import dev.minternet.tls.KeyAlgorithm;
import dev.minternet.trace.JsonLinesSink;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options {@code shell} and {@code exec} share: which world (the built-in default internet,
 * {@code --world FILE} or a scenario named on the line), its seed, and where the trace, the
 * captures and the commands' files go. {@link #open} builds the world and a {@link Session} on it.
 */
final class WorldSession implements AutoCloseable {
    @Option(names = "--world", paramLabel = "FILE", description = "A scenario file instead of the built-in default world "
            + "(its faults happen at their times; its timeline's commands do not run).")
    Path world;

    @Option(names = "--seed", description = "Override the world's seed.")
    Long seed;

    @Option(names = "--trace", paramLabel = "FILE", description = "Write every trace event as JSON lines.")
    Path trace;

    @Option(names = "--pcap-dir", paramLabel = "DIR", description = "Capture every interface into DIR/NODE-IFACE.pcap.")
    Path pcapDir;

    @Option(names = "--out", paramLabel = "DIR", description = "Where commands write (tcpdump -w, curl -o): only under "
            + "DIR (default: --pcap-dir if given, else the current directory).")
    Path outDir;

    @Mixin
    LimitOptions limitOptions;

    private OutputStream traceOut;
    Scenario scenario;
    /** The world's certificate keys: Ed25519, or ECDSA P-256 where real browsers connect (live). */
    KeyAlgorithm keys = KeyAlgorithm.ED25519;

    /** Builds the world of {@code positional} (a scenario named on the line) or {@code --world}, and a session on it. */
    Session open(Path positional, PrintWriter out, String node, double speed) throws ScenarioException, IOException {
        if (positional != null && world != null) {
            throw CliError.usage("give the world once: either SCENARIO or --world FILE");
        }
        Path file = positional != null ? positional : world;
        Limits limits = limitOptions.limits();
        Scenario s = file == null ? DefaultWorld.load() : ScenarioLoader.load(file, limits);
        if (seed != null) {
            s = s.withSeed(seed);
        }
        scenario = s;
        Outputs.file("--trace", trace);
        Outputs.dir("--pcap-dir", pcapDir);
        Outputs.dir("--out", outDir);
        World w = WorldBuilder.build(s, keys);
        RunGuard.install(w, limits);
        String start = node != null ? node : Session.defaultNode(s);
        if (w.node(start) == null) {
            throw CliError.usage("--node: no node named '" + start + "' in " + s.name());
        }
        if (trace != null) {
            traceOut = new BufferedOutputStream(Files.newOutputStream(trace), 1 << 16);
            w.trace().subscribe(new JsonLinesSink(traceOut));
        }
        Session session = new Session(s, w, out, outDir != null ? outDir : pcapDir != null ? pcapDir : Path.of(""), start, speed);
        if (pcapDir != null) {
            session.runner().captureAll(pcapDir);
        }
        return session;
    }

    @Override
    public void close() throws IOException {
        if (traceOut != null) {
            traceOut.close();
        }
    }
}
