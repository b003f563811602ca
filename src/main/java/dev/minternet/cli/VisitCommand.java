package dev.minternet.cli;

import dev.minternet.browser.Diagram;
import dev.minternet.browser.Har;
import dev.minternet.browser.JoinNarration;
import dev.minternet.dhcp.DhcpClient;
import dev.minternet.browser.HtmlReport;
import dev.minternet.browser.Narrator;
import dev.minternet.browser.Rerouting;
import dev.minternet.browser.Urls;
import dev.minternet.browser.VisitRun;
import dev.minternet.ip.NetInterface;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.scenario.DefaultWorld;
import dev.minternet.scenario.Limits;
import dev.minternet.scenario.RunGuard;
import dev.minternet.scenario.Scenario;
import dev.minternet.scenario.ScenarioException;
import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.scenario.Visible;
import dev.minternet.scenario.WorldBuilder;
import dev.minternet.scenario.WorldGuide;
import dev.minternet.tls.KeyLogFile;
import dev.minternet.trace.JsonLinesSink;
import dev.minternet.trace.PcapWriter;
import dev.minternet.trace.TraceEvent;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** minternet visit URL: a browser on the laptop loads a page; the trace tells the story. */
@Command(name = "visit", mixinStandardHelpOptions = true,
        description = "Load a web page in a browser on the laptop of the default world (or --world) and narrate "
                + "every step from the trace: DNS, TCP, TLS, HTTP, NAT, firewall, load balancer, servers, sub-resources.")
public final class VisitCommand implements Callable<Integer> {
    /** More visits than anyone reads; bounds the run (each visit may take up to two minutes). */
    static final int MAX_REPEAT = 1000;
    /** The latest first visit and the longest pause: a day of simulated time. */
    static final long MAX_WAIT_NS = 24 * 3600 * 1_000_000_000L;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "URL", description = "Pages to visit, one after another; without a scheme "
            + "https:// is meant (www.example.com), an IP address as host skips DNS.")
    List<String> urls;

    int repeat = 1;

    @Option(names = "--repeat", paramLabel = "N", description = "Visit the URLs N times in the same run (default 1, "
            + "at most " + MAX_REPEAT + "); later visits use the browser's DNS and HTTP caches.")
    void setRepeat(int n) {
        repeat = (int) Checks.range(spec, "--repeat", n, 1, MAX_REPEAT);
    }

    @Option(names = "--world", paramLabel = "FILE", description = "A scenario file instead of the built-in default world "
            + "(its timeline is ignored; its faults are not).")
    Path world;

    @Option(names = "--from", paramLabel = "NODE", description = "The node the browser runs on (default laptop).")
    String from = "laptop";

    long atNs = 1_000_000_000L;

    @Option(names = "--at", paramLabel = "TIME", converter = Checks.Duration.class, description = "When the first visit "
            + "starts (default 1s, after the load balancer's first health checks; at most 24h).")
    void setAt(long ns) {
        atNs = Checks.atMost(spec, "--at", ns, MAX_WAIT_NS);
    }

    long gapNs = 1_000_000_000L;

    @Option(names = "--gap", paramLabel = "TIME", converter = Checks.Duration.class,
            description = "Pause between visits (default 1s, at most 24h).")
    void setGap(long ns) {
        gapNs = Checks.atMost(spec, "--gap", ns, MAX_WAIT_NS);
    }

    @Option(names = "--cold-boot", description = "Boot the browser's node with no address: it joins the network by DHCP "
            + "(DISCOVER, OFFER, REQUEST, ACK, an ARP check) before the first visit, which starts once it has its address "
            + "(or at --at, if later); the narration tells the joining first.")
    boolean coldBoot;

    @Option(names = "--crash", paramLabel = "NODE@TIME", converter = Checks.TimedConverter.class,
            description = "Crash a node at a simulated time, e.g. web-2@0s (repeatable).")
    List<Checks.Timed> crashes = new ArrayList<>();

    @Option(names = "--fail", paramLabel = "LINK@TIME", converter = Checks.TimedConverter.class,
            description = "Fail a link at a simulated time, e.g. peering@0s (repeatable).")
    List<Checks.Timed> fails = new ArrayList<>();

    @Option(names = "--fail-ipv6", paramLabel = "NODE@TIME", converter = Checks.TimedConverter.class,
            description = "Break IPv6 on a node at a simulated time, e.g. dc-edge@0s (repeatable): its IPv6 neither receives "
                    + "nor forwards from then on while its IPv4 goes on (a black hole for IPv6 only), so Happy Eyeballs falls "
                    + "back to IPv4 after its 250 ms connection attempt delay.")
    List<Checks.Timed> ipv6Fails = new ArrayList<>();

    @Option(names = "--trace", paramLabel = "FILE", description = "Write every trace event as JSON lines.")
    Path trace;

    @Option(names = "--pcap-dir", paramLabel = "DIR", description = "Capture every interface into DIR/NODE-IFACE.pcap.")
    Path pcapDir;

    @Option(names = "--keylog", paramLabel = "FILE",
            description = "Write every TLS connection's secrets to FILE (SSLKEYLOGFILE format), so that Wireshark and "
                    + "tshark (-o tls.keylog_file:FILE) decrypt the captures.")
    Path keylog;

    @Option(names = "--html", paramLabel = "FILE", description = "Write one self-contained HTML page: waterfall, sequence "
            + "diagram of the messages and the steps.")
    Path html;

    @Option(names = "--har", paramLabel = "FILE", description = "Write the visits as an HTTP Archive (HAR 1.2) with every "
            + "request's headers, sizes and timings, for Chromium's devtools and other HAR viewers.")
    Path har;

    @Option(names = "--mermaid", paramLabel = "FILE", description = "Write the messages as a Mermaid sequence diagram.")
    Path mermaid;

    @Option(names = "--quiet", description = "Print only each visit's page load time.")
    boolean quiet;

    @Option(names = "--explain", description = "Add one plain-words sentence to every step.")
    boolean explain;

    @Mixin
    LimitOptions limitOptions;

    /**
     * The command for {@code visit URL...} with no option, built without picocli ({@link Main#runPlain}),
     * or null for any other command line (picocli reads those). Every word after {@code visit} must
     * be a URL that picocli too would take as one: not empty, not an option ({@code -...}), not an
     * argument file ({@code @...}). Everything else keeps the defaults picocli would leave;
     * {@code PlainVisitTest} holds both the same.
     */
    static VisitCommand plain(String... args) {
        if (args == null || args.length < 2 || !args[0].equals("visit")) {
            return null;
        }
        List<String> given = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.isEmpty() || a.charAt(0) == '-' || a.charAt(0) == '@') {
                return null;
            }
            given.add(a);
        }
        VisitCommand v = new VisitCommand();
        v.urls = given;
        v.limitOptions = new LimitOptions();
        return v;
    }

    /** The help section that lists the default world's URLs, before the examples. */
    static final String SECTION_URLS = "urls";

    /**
     * Adds to {@code visit --help} the URLs of the default world, read from it when the help is
     * shown, so that the list is the one {@code world show} prints.
     */
    static void listUrlsInHelp(CommandLine visit) {
        visit.getHelpSectionMap().put(SECTION_URLS, help -> {
            StringBuilder sb = new StringBuilder(
                    "\nURLs of the default world (minternet world show lists them with its map):\n");
            try {
                for (String u : WorldGuide.urls(DefaultWorld.load())) {
                    sb.append("  ").append(u).append('\n');
                }
            } catch (ScenarioException e) {
                sb.append("  (the default world did not load: ").append(e.getMessage()).append(")\n");
            }
            return sb.toString();
        });
        List<String> keys = new ArrayList<>(visit.getHelpSectionKeys());
        keys.add(keys.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER_HEADING), SECTION_URLS);
        visit.setHelpSectionKeys(keys);
    }

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
        urls = urls.stream().map(Urls::addressBar).toList();
        for (String u : urls) {
            checkUrl(u);
        }
        urls = urls.stream().map(Urls::canonical).toList();
        Limits limits = limitOptions.limits();
        if (world == null && DefaultWorld.readingAhead()) {
            initialiseAhead();
        }
        Scenario s = world == null ? DefaultWorld.load() : ScenarioLoader.load(world, limits);
        List<Scenario.TimelineEntry> keep = new ArrayList<>();
        for (Scenario.TimelineEntry e : s.timeline()) {
            if (!(e instanceof Scenario.RunCommand)) {
                keep.add(e);
            }
        }
        List<Scenario.LanSpec> lans = coldBoot ? coldBoot(s) : s.lans();
        s = new Scenario(s.file(), s.name(), s.description(), s.seed(), s.start(), s.routing(), s.durationNs(), s.nodes(),
                s.links(), keep, s.dns(), s.certificates(), lans, s.cloud(), s.attacks(), s.warmUpNs());
        Outputs.file("--trace", trace);
        Outputs.dir("--pcap-dir", pcapDir);
        Outputs.file("--html", html);
        Outputs.file("--mermaid", mermaid);
        Outputs.file("--har", har);
        Outputs.file("--keylog", keylog);
        World w = WorldBuilder.build(s);
        Node node = w.node(from);
        if (node == null) {
            throw CliError.usage("--from: no node named '" + from + "' in " + s.name() + " (nodes: "
                    + names(w.nodes().stream().map(Node::name).toList()) + ")");
        }
        for (Scenario.TimelineEntry e : keep) {
            schedule(w, e);
        }
        for (Checks.Timed c : crashes) {
            Node n = w.node(c.name());
            if (n == null) {
                throw CliError.usage("--crash " + c.name() + "@...: no node named '" + c.name() + "' (nodes: "
                        + names(w.nodes().stream().map(Node::name).toList()) + ")");
            }
            w.sim().scheduleAt(c.atNs(), n::crash);
        }
        for (Checks.Timed f : fails) {
            var link = w.link(f.name());
            if (link == null) {
                throw CliError.usage("--fail " + f.name() + "@...: no link named '" + f.name() + "' (links: "
                        + names(w.links().stream().map(l -> l.name()).toList()) + ")");
            }
            w.sim().scheduleAt(f.atNs(), () -> link.setUp(false));
        }
        for (Checks.Timed f : ipv6Fails) {
            Node n = w.node(f.name());
            if (n == null) {
                throw CliError.usage("--fail-ipv6 " + f.name() + "@...: no node named '" + f.name() + "' (nodes: "
                        + names(w.nodes().stream().map(Node::name).toList()) + ")");
            }
            if (!n.ip6().enabled()) {
                throw CliError.usage("--fail-ipv6 " + f.name() + "@...: " + f.name() + " has no IPv6 in " + s.name());
            }
            w.sim().scheduleAt(f.atNs(), () -> n.ip6().setDown(true));
        }
        List<TraceEvent> events = new ArrayList<>();
        w.trace().subscribe(events::add);
        RunGuard guard = RunGuard.install(w, limits);
        OutputStream traceOut = null;
        KeyLogFile keys = Outputs.keyLog(w, keylog);
        JsonLinesSink traceSink = null;
        List<PcapWriter> captures = new ArrayList<>();
        long[] joinedNs = {-1};
        List<String> plan = new ArrayList<>();
        for (int r = 0; r < repeat; r++) {
            plan.addAll(urls);
        }
        try {
            if (trace != null) {
                traceOut = new BufferedOutputStream(Files.newOutputStream(trace), 1 << 16);
                traceSink = new JsonLinesSink(traceOut);
                w.trace().subscribe(traceSink);
            }
            if (pcapDir != null) {
                for (Node n : w.nodes()) {
                    for (NetInterface i : n.ip().interfaces()) {
                        PcapWriter pw = new PcapWriter(pcapDir.resolve(n.name() + "-" + i.name() + ".pcap"), w.epoch(),
                                i.linkType());
                        captures.add(pw);
                        World ww = w;
                        i.addTap((d, outgoing) -> pw.write(ww.sim().now(), d, d.length));
                    }
                }
            }
            try {
                if (coldBoot) {
                    DhcpClient dhcp = node.service(DhcpClient.class);
                    World ww = w;
                    VisitRun.play(w, node, plan, atNs, gapNs, start -> dhcp.whenBound(() -> {
                        joinedNs[0] = ww.sim().now();
                        ww.sim().scheduleAt(Math.max(ww.sim().now(), atNs), start);
                    }));
                } else {
                    VisitRun.play(w, node, plan, atNs, gapNs);
                }
            } catch (OutOfMemoryError e) {
                throw guard.outOfMemory();
            }
        } finally {
            for (PcapWriter pw : captures) {
                pw.close();
            }
            if (traceOut != null) {
                traceSink.close(); // flushes the sink's own buffer: without it the last 64 KiB of the trace were lost
                traceOut.close();
            }
            if (keys != null) {
                keys.close();
            }
        }
        Map<String, String> nodeOf = VisitRun.addressBook(w);
        List<Narrator.Visit> visits = new Narrator(events, node.name(), nodeOf).visits();
        if (har != null) {
            Files.writeString(har, Har.of(events, node.name(), visits, w.epoch()));
        }
        if (html != null || mermaid != null) {
            List<List<Diagram.Msg>> msgs = new ArrayList<>();
            for (Narrator.Visit v : visits) {
                msgs.add(Diagram.messages(events, node.name(), v, nodeOf));
            }
            if (html != null) {
                Files.writeString(html, HtmlReport.page(events, visits, msgs, node.name()));
            }
            if (mermaid != null) {
                Files.writeString(mermaid, Diagram.mermaid(visits, msgs, node.name()));
            }
        }
        if (!quiet) {
            long first = visits.isEmpty() ? Long.MAX_VALUE : visits.get(0).startNs();
            for (String l : Rerouting.before(events, node.name(), nodeOf, first)) {
                out.println(Visible.escape(l));
            }
        }
        if (coldBoot) {
            long until = !visits.isEmpty() ? visits.get(0).startNs() : joinedNs[0] >= 0 ? joinedNs[0] : w.sim().now();
            List<String> join = JoinNarration.lines(events, node.name(), until, nodeOf);
            for (String l : quiet ? join.subList(join.size() - 1, join.size()) : join) {
                out.println(Visible.escape(l));
            }
            if (!quiet) {
                out.println();
            }
        }
        boolean ok = true;
        for (Narrator.Visit v : visits) {
            ok &= v.ok();
            if (quiet) {
                out.println(Visible.escape("Visit " + v.number() + ": " + v.url() + ": page " + v.outcome()
                        + " in " + String.format(Locale.ROOT, "%.3f ms", v.loadNs() / 1e6)));
            } else {
                for (String l : Narrator.render(v, explain)) {
                    out.println(Visible.escape(l));
                }
                out.println();
            }
        }
        return ok && visits.size() == plan.size() ? 0 : 1;
    }

    /**
     * What the main thread does while the default world is read on its own thread (Main's
     * {@code readAhead}), which it would otherwise wait for: static initialisers the visit runs later
     * anyway, the costliest ones (measured on JDK 25 under load: Netty's buffers, which probe the
     * platform, 30-40 ms of CPU; its HTTP compressor, which loads brotli's native library, 15 ms; H2
     * and its sandbox, 25 ms). Initialising a class earlier changes nothing the simulation does.
     */
    static void initialiseAhead() {
        for (Class<?> c : List.of(io.netty.buffer.Unpooled.class, io.netty.buffer.ByteBufUtil.class,
                io.netty.handler.codec.http.HttpContentCompressor.class)) {
            try {
                Class.forName(c.getName(), true, c.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        dev.minternet.services.db.DatabaseServer.initialiseAhead();
    }

    /** A page address the browser can load: http or https, a host, a port that exists. */
    static void checkUrl(String url) {
        try {
            Urls.canonical(url);
        } catch (IllegalArgumentException e) {
            throw CliError.usage("URL '" + url + "': " + e.getMessage());
        }
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            u = null;
        }
        String scheme = u == null || u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (u == null || !(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null || u.getPort() > 65535) {
            throw CliError.usage("URL '" + url + "': expected an http:// or https:// address with a host, e.g. "
                    + "https://www.example.com/");
        }
    }

    /** The scenario's LANs with the browser's node's DHCP ports holding no lease at 0 s (they boot with no address). */
    private List<Scenario.LanSpec> coldBoot(Scenario s) {
        List<Scenario.LanSpec> out = new ArrayList<>();
        boolean any = false;
        for (Scenario.LanSpec l : s.lans()) {
            List<Scenario.LanPort> ports = new ArrayList<>();
            for (Scenario.LanPort p : l.ports()) {
                boolean mine = p.dhcp() && p.end() != null && p.end().node().equals(from);
                any |= mine;
                ports.add(mine ? p.coldBoot() : p);
            }
            out.add(new Scenario.LanSpec(l.name(), l.stp(), l.bandwidthBps(), l.delayNs(), l.mtu(), List.copyOf(ports), l.loc(),
                    l.wifi(), l.slaacRouter(), l.dhcp()));
        }
        if (!any) {
            throw CliError.usage("--cold-boot: " + from + " gets no address by DHCP in " + s.name() + " (no 'NODE dhcp' port on"
                    + " a switch of its lans:), so it has nothing to join");
        }
        return out;
    }

    /** The first names of a list, for an error message. */
    private static String names(List<String> all) {
        return all.size() <= 10 ? String.join(", ", all) : String.join(", ", all.subList(0, 10)) + " and "
                + (all.size() - 10) + " more";
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
