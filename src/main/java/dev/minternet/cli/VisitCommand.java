package dev.minternet.cli;

import dev.minternet.browser.VisitRun;
import dev.minternet.browser.Diagram;
import dev.minternet.browser.Narrator;
import dev.minternet.ip.NetInterface;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.scenario.DefaultWorld;
import dev.minternet.scenario.Scenario;
import dev.minternet.scenario.ScenarioException;
import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.scenario.Units;
import dev.minternet.scenario.WorldBuilder;
import dev.minternet.trace.JsonLinesSink;
import dev.minternet.trace.PcapWriter;
import dev.minternet.trace.TraceEvent;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** minternet visit URL: a browser on the laptop loads a page; the trace tells the story. */
@Command(name = "visit", mixinStandardHelpOptions = true,
        description = "Load a web page in a browser on the laptop of the default world (or --world) and narrate "
                + "every step from the trace: DNS, TCP, TLS, HTTP, NAT, firewall, load balancer, servers, sub-resources.")
public final class VisitCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "URL", description = "Pages to visit, one after another.")
    List<String> urls;

    @Option(names = "--repeat", paramLabel = "N", description = "Visit the URLs N times in the same run (default 1); "
            + "later visits use the browser's DNS and HTTP caches.")
    int repeat = 1;

    @Option(names = "--world", paramLabel = "FILE", description = "A scenario file instead of the built-in default world "
            + "(its timeline is ignored; its faults are not).")
    Path world;

    @Option(names = "--from", paramLabel = "NODE", description = "The node the browser runs on (default laptop).")
    String from = "laptop";

    @Option(names = "--at", paramLabel = "TIME", description = "When the first visit starts (default 1s, after the load "
            + "balancer's first health checks).")
    String at = "1s";

    @Option(names = "--gap", paramLabel = "TIME", description = "Pause between visits (default 1s).")
    String gap = "1s";

    @Option(names = "--crash", paramLabel = "NODE@TIME", description = "Crash a node at a simulated time, e.g. web-2@0s "
            + "(repeatable).")
    List<String> crashes = new ArrayList<>();

    @Option(names = "--fail", paramLabel = "LINK@TIME", description = "Fail a link at a simulated time, e.g. peering@0s "
            + "(repeatable).")
    List<String> fails = new ArrayList<>();

    @Option(names = "--trace", paramLabel = "FILE", description = "Write every trace event as JSON lines.")
    Path trace;

    @Option(names = "--pcap-dir", paramLabel = "DIR", description = "Capture every interface into DIR/NODE-IFACE.pcap.")
    Path pcapDir;

    @Option(names = "--html", paramLabel = "FILE", description = "Write one self-contained HTML page: waterfall, sequence "
            + "diagram of the messages and the steps.")
    Path html;

    @Option(names = "--mermaid", paramLabel = "FILE", description = "Write the messages as a Mermaid sequence diagram.")
    Path mermaid;

    @Option(names = "--quiet", description = "Print only each visit's page load time.")
    boolean quiet;

    @Option(names = "--explain", description = "Add one plain-words sentence to every step.")
    boolean explain;

    @Override
    public Integer call() throws Exception {
        PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false, StandardCharsets.UTF_8);
        try {
            return visit(out);
        } finally {
            out.flush();
        }
    }

    int visit(PrintStream out) throws Exception {
        Scenario s;
        try {
            s = world == null ? DefaultWorld.load() : ScenarioLoader.load(world);
        } catch (ScenarioException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        List<Scenario.TimelineEntry> keep = new ArrayList<>();
        for (Scenario.TimelineEntry e : s.timeline()) {
            if (!(e instanceof Scenario.RunCommand)) {
                keep.add(e);
            }
        }
        s = new Scenario(s.file(), s.name(), s.description(), s.seed(), s.start(), s.routing(), s.durationNs(), s.nodes(),
                s.links(), keep, s.dns(), s.certificates());
        World w;
        try {
            w = WorldBuilder.build(s);
        } catch (ScenarioException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        Node node;
        try {
            node = w.node(from);
        } catch (RuntimeException e) {
            node = null;
        }
        if (node == null) {
            System.err.println("minternet visit: no node named '" + from + "' in " + s.name());
            return 2;
        }
        long startNs;
        long gapNs;
        try {
            startNs = Units.durationNs(at);
            gapNs = Units.durationNs(gap);
        } catch (IllegalArgumentException e) {
            System.err.println("minternet visit: " + e.getMessage());
            return 2;
        }
        for (Scenario.TimelineEntry e : keep) {
            schedule(w, e);
        }
        for (String c : crashes) {
            String[] p = split(c, "--crash");
            if (p == null) {
                return 2;
            }
            Node n = w.node(p[0]);
            long t = Units.durationNs(p[1]);
            w.sim().scheduleAt(t, n::crash);
        }
        for (String f : fails) {
            String[] p = split(f, "--fail");
            if (p == null) {
                return 2;
            }
            var link = w.link(p[0]);
            long t = Units.durationNs(p[1]);
            w.sim().scheduleAt(t, () -> link.setUp(false));
        }
        List<TraceEvent> events = new ArrayList<>();
        w.trace().subscribe(events::add);
        OutputStream traceOut = null;
        if (trace != null) {
            if (trace.toAbsolutePath().getParent() != null) {
                Files.createDirectories(trace.toAbsolutePath().getParent());
            }
            traceOut = new BufferedOutputStream(Files.newOutputStream(trace), 1 << 16);
            w.trace().subscribe(new JsonLinesSink(traceOut));
        }
        List<PcapWriter> captures = new ArrayList<>();
        if (pcapDir != null) {
            Files.createDirectories(pcapDir);
            for (Node n : w.nodes()) {
                for (NetInterface i : n.ip().interfaces()) {
                    PcapWriter pw = new PcapWriter(pcapDir.resolve(n.name() + "-" + i.name() + ".pcap"), w.epoch());
                    captures.add(pw);
                    World ww = w;
                    i.addTap((d, outgoing) -> pw.write(ww.sim().now(), d, d.length));
                }
            }
        }
        List<String> plan = new ArrayList<>();
        for (int r = 0; r < Math.max(1, repeat); r++) {
            plan.addAll(urls);
        }
        VisitRun.play(w, node, plan, startNs, gapNs);
        for (PcapWriter pw : captures) {
            pw.close();
        }
        if (traceOut != null) {
            traceOut.close();
        }
        java.util.Map<String, String> nodeOf = new java.util.HashMap<>();
        for (Node n : w.nodes()) {
            for (NetInterface i : n.ip().interfaces()) {
                nodeOf.put(dev.minternet.wire.Ip4.str(i.address()), n.name());
            }
        }
        List<Narrator.Visit> visits = new Narrator(events, node.name(), nodeOf).visits();
        if (html != null || mermaid != null) {
            List<List<Diagram.Msg>> msgs = new ArrayList<>();
            for (Narrator.Visit v : visits) {
                msgs.add(Diagram.messages(events, node.name(), v, nodeOf));
            }
            if (html != null) {
                Files.writeString(html, Diagram.html(visits, msgs, node.name(), explain));
            }
            if (mermaid != null) {
                Files.writeString(mermaid, Diagram.mermaid(visits, msgs, node.name()));
            }
        }
        boolean ok = true;
        for (Narrator.Visit v : visits) {
            ok &= v.ok();
            if (quiet) {
                out.println("Visit " + v.number() + ": " + v.url() + ": page " + (v.ok() ? "loaded" : "failed") + " in "
                        + String.format(java.util.Locale.ROOT, "%.3f ms", v.loadNs() / 1e6));
            } else {
                for (String l : Narrator.render(v, explain)) {
                    out.println(l);
                }
                out.println();
            }
        }
        return ok && visits.size() == plan.size() ? 0 : 1;
    }

    private static String[] split(String v, String opt) {
        int i = v.lastIndexOf('@');
        if (i <= 0 || i == v.length() - 1) {
            System.err.println("minternet visit: " + opt + " wants NAME@TIME, e.g. web-2@0s");
            return null;
        }
        return new String[] {v.substring(0, i), v.substring(i + 1)};
    }

    private static void schedule(World w, Scenario.TimelineEntry e) {
        if (e instanceof Scenario.NodeState ns) {
            Node n = w.node(ns.node());
            w.sim().scheduleAt(e.atNs(), ns.up() ? n::restore : n::crash);
        } else if (e instanceof Scenario.LinkState ls) {
            var l = w.link(ls.link());
            w.sim().scheduleAt(e.atNs(), () -> l.setUp(ls.up()));
        }
    }
}
