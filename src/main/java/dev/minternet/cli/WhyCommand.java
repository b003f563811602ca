package dev.minternet.cli;

import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.scenario.DefaultWorld;
import dev.minternet.scenario.Scenario;
import dev.minternet.scenario.ScenarioException;
import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.scenario.Visible;
import dev.minternet.scenario.Why;
import dev.minternet.scenario.WorldBuilder;
import dev.minternet.sim.Durations;
import dev.minternet.wire.Ip4;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** minternet why: why a packet does or does not get from a node to an address, hop by hop, checked by a probe. */
@Command(name = "why", mixinStandardHelpOptions = true,
        description = {"Explain whether a packet from node SRC reaches DST[:PORT] and is answered: each hop on the way "
                + "there and back (routes, NAT, firewall rules, security groups, network ACLs, a listening socket) with the "
                + "rule that decided, then a real probe in the simulation (a TCP SYN, a UDP datagram or a ping) that "
                + "confirms the verdict or says that they disagree. Exit 0 when open, 1 when blocked or refused, 3 when "
                + "the analysis and the probe disagree.",
                "Example: minternet why examples/cloud-three-tier.yaml app-1 db:5432"})
public final class WhyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "2..3", paramLabel = "[SCENARIO] SRC DST[:PORT]", description = "A scenario file (optional), "
            + "the node that sends, and the destination: a node name or address, with a port for tcp and udp.")
    List<String> words;

    Why.Proto proto;

    @Option(names = "--proto", paramLabel = "tcp|udp|icmp", description = "The protocol (default: tcp with a port, "
            + "icmp without).")
    void setProto(String p) {
        switch (p) {
            case "tcp" -> proto = Why.Proto.TCP;
            case "udp" -> proto = Why.Proto.UDP;
            case "icmp" -> proto = Why.Proto.ICMP;
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Invalid value for option "
                    + "'--proto': expected tcp, udp or icmp but was '" + Visible.escape(p) + "'");
        }
    }

    @Option(names = "--world", paramLabel = "FILE", description = "A scenario file instead of the built-in default world.")
    Path world;

    long atNs = Durations.S;

    @Option(names = "--at", paramLabel = "TIME", converter = Checks.Duration.class,
            description = "When to look and probe, in simulated time (default 1s, once services have started; at most 24h).")
    void setAt(long ns) {
        atNs = Checks.atMost(spec, "--at", ns, VisitCommand.MAX_WAIT_NS);
    }

    @Option(names = "--no-probe", description = "Only the analysis: send no probe.")
    boolean noProbe;

    @Mixin
    LimitOptions limitOptions;

    @Override
    public Integer call() throws ScenarioException {
        Path file = words.size() == 3 ? Path.of(words.get(0)) : world;
        if (words.size() == 3 && world != null) {
            throw CliError.usage("why: give the scenario once (a file or --world, not both)");
        }
        String srcName = words.get(words.size() - 2);
        String target = words.get(words.size() - 1);
        Scenario s = file == null ? DefaultWorld.load() : ScenarioLoader.load(file, limitOptions.limits());
        World w = WorldBuilder.build(s);
        Node src = w.node(srcName);
        if (src == null) {
            throw CliError.usage("why: no node named '" + Visible.escape(srcName) + "' in " + Visible.escape(s.name()));
        }
        int colon = target.lastIndexOf(':');
        String host = colon >= 0 ? target.substring(0, colon) : target;
        int port = -1;
        if (colon >= 0) {
            String p = target.substring(colon + 1);
            if (!p.matches("\\d{1,5}") || Integer.parseInt(p) < 1 || Integer.parseInt(p) > 65535) {
                throw CliError.usage("why: bad port '" + Visible.escape(p) + "' (expected 1-65535)");
            }
            port = Integer.parseInt(p);
        }
        Why.Proto pr = proto != null ? proto : port > 0 ? Why.Proto.TCP : Why.Proto.ICMP;
        if (pr != Why.Proto.ICMP && port < 0) {
            throw CliError.usage("why: " + pr.name().toLowerCase(Locale.ROOT) + " needs a port (e.g. "
                    + Visible.escape(host) + ":443)");
        }
        if (pr == Why.Proto.ICMP && port > 0) {
            throw CliError.usage("why: icmp has no ports (write " + Visible.escape(host) + " alone)");
        }
        int dst = w.resolve(host);
        if (dst == 0) {
            throw CliError.usage("why: unknown destination '" + Visible.escape(host) + "' (a node name or an address)");
        }
        if (src.ip().isLocalAddress(dst)) {
            throw CliError.usage("why: " + Visible.escape(host) + " is " + Visible.escape(srcName)
                    + " itself; ask about another node");
        }
        w.sim().runUntil(atNs);
        Why.Verdict v = Why.analyze(w, s.cloud(), src, dst, port, pr, Why.SOURCE_PORT);
        StringBuilder out = new StringBuilder();
        out.append("why ").append(srcName).append(" -> ").append(Ip4.str(dst))
                .append(pr == Why.Proto.ICMP ? "" : ":" + port).append(" (").append(pr.name().toLowerCase(Locale.ROOT))
                .append(")\n");
        out.append("the way there:\n");
        v.forward().forEach(l -> out.append("  ").append(l).append('\n'));
        out.append("the way back:\n");
        v.back().forEach(l -> out.append("  ").append(l).append('\n'));
        out.append("verdict: ").append(v.summary()).append('\n');
        if (!v.advice().isEmpty()) {
            out.append("fix: ").append(v.advice()).append('\n');
        }
        int status = v.outcome() == Why.Outcome.OPEN ? 0 : 1;
        if (!noProbe) {
            Why.Probe p = Why.probe(w, src, dst, port, pr, Why.SOURCE_PORT);
            boolean agree = p.outcome() == v.outcome();
            out.append("probe: ").append(pr == Why.Proto.TCP ? "a TCP SYN" : pr == Why.Proto.UDP ? "a UDP datagram"
                    : "a ping").append(" from ").append(srcName).append(" at ")
                    .append(String.format(Locale.ROOT, "%.3f", atNs / 1e9)).append(" s: ").append(p.detail())
                    .append(" -> ").append(p.outcome().lower())
                    .append(agree ? " (agrees)" : " (DISAGREES with the analysis: " + v.outcome().lower() + ")")
                    .append('\n');
            if (!agree) {
                status = 3;
            }
        }
        for (String line : out.toString().split("\n")) {
            System.out.println(Visible.escape(line));
        }
        System.out.flush();
        return status;
    }
}
