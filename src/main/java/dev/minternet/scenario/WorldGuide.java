package dev.minternet.scenario;

import dev.minternet.scenario.Scenario.LinkSpec;
import dev.minternet.scenario.Scenario.NodeSpec;
import dev.minternet.scenario.Scenario.ServiceSpec;
import dev.minternet.scenario.Scenario.ZoneSpec;
import dev.minternet.sim.Durations;
import dev.minternet.wire.Ip4;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Record;

/**
 * A world as a newcomer wants to see it before exploring it ({@code minternet world show}): a map
 * of its links as a tree from the first host, the services each node runs, the DNS names its zones
 * hold and the URLs those names reach. Everything is read from the scenario, never from a list
 * kept beside it, so that a world without a load balancer shows none and a new service type shows
 * up through its {@link ServiceType#summary}.
 */
public final class WorldGuide {
    private WorldGuide() {
    }

    /** A DNS name, the address its A record holds and the node that has that address (or null). */
    public record Name(String name, String address, String node) {
    }

    /**
     * The whole text {@code world show} prints; each URL follows {@code visit}, the command that
     * visits it ({@code minternet visit}, with {@code --world FILE} for another world).
     */
    public static String show(Scenario s, String visit) {
        StringBuilder out = new StringBuilder();
        out.append(s.name()).append(": ").append(s.description()).append('\n');
        out.append("routing: ").append(s.routing().name().toLowerCase(Locale.ROOT)).append(", seed ").append(s.seed())
                .append(", start ").append(s.start()).append('\n');
        map(s, out);
        nodes(s, out);
        links(s, out);
        services(s, out);
        List<Name> names = names(s);
        if (!names.isEmpty()) {
            out.append("\nDNS names (").append(names.size()).append("):\n");
            for (Name n : names) {
                out.append(String.format(Locale.ROOT, "  %-28s A %-16s %s%n", n.name(), n.address(),
                        n.node() == null ? "(no node has this address)" : n.node()));
            }
        }
        List<String> urls = urls(s);
        out.append("\nURLs to visit (").append(urls.size()).append("):\n");
        if (urls.isEmpty()) {
            out.append("  none: no DNS name points at a web server, an application server or a load balancer\n");
        }
        for (String u : urls) {
            out.append("  ").append(visit).append(' ').append(u).append('\n');
        }
        if (!s.timeline().isEmpty()) {
            out.append("\ntimeline (").append(s.timeline().size()).append(" entries)\n");
        }
        StringBuilder shown = new StringBuilder();
        for (String line : out.toString().split("\n", -1)) {
            shown.append(Visible.escape(line)).append('\n');
        }
        shown.setLength(shown.length() - 1);
        return shown.toString();
    }

    /**
     * Every address-record name of the world's zones (in zone order, each once), with the node
     * that holds its address.
     */
    public static List<Name> names(Scenario s) {
        Map<Integer, String> owner = owners(s);
        List<Name> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        if (s.dns() == null) {
            return out;
        }
        for (ZoneSpec z : s.dns().zones()) {
            if (z.records() == null) {
                continue;
            }
            for (Record r : z.records()) {
                if (r instanceof ARecord a) {
                    String name = a.getName().toString(true);
                    int addr = Ip4.parse(a.getAddress().getHostAddress());
                    if (seen.add(name + " " + addr)) {
                        out.add(new Name(name, Ip4.str(addr), owner.get(addr)));
                    }
                }
            }
        }
        return out;
    }

    /**
     * The URLs a user can visit: for each DNS name whose address belongs to a node, one URL per
     * service of that node that a URL reaches (the port left out where it is the scheme's default).
     */
    public static List<String> urls(Scenario s) {
        Map<String, NodeSpec> byName = new LinkedHashMap<>();
        for (NodeSpec n : s.nodes()) {
            byName.put(n.name(), n);
        }
        Set<String> out = new LinkedHashSet<>();
        for (Name n : names(s)) {
            NodeSpec node = n.node() == null ? null : byName.get(n.node());
            if (node == null) {
                continue;
            }
            for (ServiceSpec svc : node.services()) {
                String scheme = ServiceTypes.scheme(svc);
                if (scheme == null) {
                    continue;
                }
                boolean defaultPort = svc.port() == ("https".equals(scheme) || "wss".equals(scheme) ? 443 : 80);
                out.add(scheme + "://" + n.name() + (defaultPort ? "" : ":" + svc.port()) + "/");
            }
        }
        return List.copyOf(out);
    }

    private static Map<Integer, String> owners(Scenario s) {
        Map<Integer, String> owner = new LinkedHashMap<>();
        for (LinkSpec l : s.links()) {
            if (l.a().address() != null) { // an IPv6-only link has no IPv4 owner to record
                owner.putIfAbsent(l.a().address().address(), l.a().node());
                owner.putIfAbsent(l.b().address().address(), l.b().node());
            }
        }
        return owner;
    }

    /** One branch of the map: a link, or the cable (or radio) between a node and its switch (access point). */
    private record Edge(String a, String b, String label) {
    }

    /** The links, then each LAN's ports as edges to the switch or access point, named {@code NAME (switch)}. */
    private static List<Edge> edges(Scenario s) {
        List<Edge> out = new ArrayList<>();
        for (LinkSpec l : s.links()) {
            out.add(new Edge(l.a().node(), l.b().node(), label(l)));
        }
        for (Scenario.LanSpec lan : s.lans()) {
            String hub = lan.name() + (lan.wifi() == null ? " (switch)" : " (access point)");
            for (Scenario.LanPort p : lan.ports()) {
                long delay = p.delayNs() >= 0 ? p.delayNs() : lan.delayNs();
                String rate = rate(p.rateBps() > 0 ? p.rateBps() : lan.bandwidthBps());
                if (p.trunkTo() != null) {
                    out.add(new Edge(hub, p.trunkTo() + " (switch)", "trunk " + rate + " " + delay(delay)));
                } else if (p.end() != null) {
                    out.add(new Edge(p.end().node(), hub, lan.name() + " " + rate + " " + delay(delay)));
                }
            }
        }
        return out;
    }

    /** A node's LAN interfaces as the nodes section prints them: {@code eth0=192.168.1.1/24}, {@code eth0=dhcp}. */
    private static String lanAddresses(Scenario s, String node) {
        StringBuilder sb = new StringBuilder();
        for (Scenario.LanSpec lan : s.lans()) {
            for (Scenario.LanPort p : lan.ports()) {
                if (p.end() == null || !p.end().node().equals(node)) {
                    continue;
                }
                sb.append(' ').append(p.end().iface()).append('=');
                if (p.dhcp()) {
                    sb.append("dhcp").append(p.leased() != 0 ? "(" + Ip4.str(p.leased()) + ")" : "");
                } else {
                    sb.append(p.end().address());
                }
                if (p.ipv6() != null) {
                    sb.append(',').append(p.ipv6());
                }
            }
        }
        return sb.toString();
    }

    /**
     * The links (and LAN cables) as a tree, breadth first from the first host (the first node when
     * there is no host); links that close a loop are listed after the tree, and nodes no link reaches last.
     */
    private static void map(Scenario s, StringBuilder out) {
        if (s.nodes().isEmpty()) {
            return;
        }
        String root = s.nodes().get(0).name();
        for (NodeSpec n : s.nodes()) {
            if (n.kind() == Scenario.NodeKind.HOST) {
                root = n.name();
                break;
            }
        }
        List<Edge> edges = edges(s);
        Map<String, List<Edge>> children = new LinkedHashMap<>();
        Set<String> reached = new LinkedHashSet<>();
        List<Edge> loops = new ArrayList<>();
        boolean[] used = new boolean[edges.size()];
        Deque<String> queue = new ArrayDeque<>();
        reached.add(root);
        queue.add(root);
        while (!queue.isEmpty()) {
            String at = queue.poll();
            for (int i = 0; i < used.length; i++) {
                Edge l = edges.get(i);
                String other = l.a().equals(at) ? l.b() : l.b().equals(at) ? l.a() : null;
                if (other == null || used[i]) {
                    continue;
                }
                used[i] = true;
                if (reached.add(other)) {
                    children.computeIfAbsent(at, k -> new ArrayList<>()).add(l);
                    queue.add(other);
                } else {
                    loops.add(l);
                }
            }
        }
        out.append("\nmap (from ").append(root).append("; each branch a link: name, rate, one-way delay):\n");
        out.append("  ").append(root).append('\n');
        branch(root, "  ", children, out);
        if (!loops.isEmpty()) {
            out.append("  links that close a loop:\n");
            for (Edge l : loops) {
                out.append("    ").append(l.a()).append(" -- ").append(l.label()).append(" -- ")
                        .append(l.b()).append('\n');
            }
        }
        List<String> alone = new ArrayList<>();
        for (NodeSpec n : s.nodes()) {
            if (!reached.contains(n.name())) {
                alone.add(n.name());
            }
        }
        if (!alone.isEmpty()) {
            out.append("  not linked to ").append(root).append(": ").append(String.join(", ", alone)).append('\n');
        }
    }

    private static void branch(String at, String indent, Map<String, List<Edge>> children, StringBuilder out) {
        List<Edge> kids = children.getOrDefault(at, List.of());
        for (int i = 0; i < kids.size(); i++) {
            Edge l = kids.get(i);
            boolean last = i == kids.size() - 1;
            String other = l.a().equals(at) ? l.b() : l.a();
            out.append(indent).append(last ? "└─ " : "├─ ").append(l.label()).append(" ── ").append(other).append('\n');
            branch(other, indent + (last ? "   " : "│  "), children, out);
        }
    }

    private static String label(LinkSpec l) {
        return (l.name() == null ? "" : l.name() + " ") + rate(l.bandwidthBps()) + " " + delay(l.delayNs());
    }

    private static void nodes(Scenario s, StringBuilder out) {
        out.append("\nnodes (").append(s.nodes().size()).append("):\n");
        for (NodeSpec n : s.nodes()) {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "  %-16s %-6s", n.name(),
                    n.kind().name().toLowerCase(Locale.ROOT)));
            for (LinkSpec l : s.links()) {
                if (l.a().node().equals(n.name())) {
                    sb.append(' ').append(l.a().iface()).append('=').append(addresses(l.a()));
                }
                if (l.b().node().equals(n.name())) {
                    sb.append(' ').append(l.b().iface()).append('=').append(addresses(l.b()));
                }
            }
            sb.append(lanAddresses(s, n.name()));
            out.append(sb).append('\n');
        }
    }

    /** An end's addresses: IPv4, IPv6 or both ("10.0.12.1/30,2001:db8:12::1/64"); a link-local-only end as its fe80 address. */
    private static String addresses(Scenario.Endpoint e) {
        String v6 = e.address6() != null ? e.address6().toString() : e.linkLocal() != null ? e.linkLocal() + "/64" : null;
        if (e.address() == null) {
            return v6;
        }
        return v6 == null ? e.address().toString() : e.address() + "," + v6;
    }

    private static void links(Scenario s, StringBuilder out) {
        out.append("\nlinks (").append(s.links().size()).append("):\n");
        for (LinkSpec l : s.links()) {
            out.append(String.format(Locale.ROOT, "  %-16s %-14s %-18s <-> %-14s %-18s %9s %10s%s%s%n", l.name(),
                    l.a().node(), addresses(l.a()), l.b().node(), addresses(l.b()), rate(l.bandwidthBps()),
                    delay(l.delayNs()), l.cost() != 1 ? "  cost " + l.cost() : "",
                    l.loss() > 0 ? "  loss " + l.loss() * 100 + "%" : ""));
        }
    }

    private static void services(Scenario s, StringBuilder out) {
        List<String> lines = new ArrayList<>();
        for (NodeSpec n : s.nodes()) {
            for (ServiceSpec svc : n.services()) {
                lines.add(String.format(Locale.ROOT, "  %-16s %s", n.name(), ServiceTypes.describe(svc)));
            }
        }
        out.append("\nservices (").append(lines.size()).append("):\n");
        for (String l : lines) {
            out.append(l).append('\n');
        }
    }

    /** A bit rate as a person writes it: {@code 100 Mbit/s}. */
    public static String rate(long bps) {
        if (bps % 1_000_000_000L == 0) {
            return bps / 1_000_000_000L + " Gbit/s";
        }
        if (bps % 1_000_000L == 0) {
            return bps / 1_000_000L + " Mbit/s";
        }
        if (bps % 1_000L == 0) {
            return bps / 1_000L + " kbit/s";
        }
        return bps + " bit/s";
    }

    /** A delay in milliseconds: {@code 2 ms}, {@code 0.200 ms}. */
    public static String delay(long ns) {
        if (ns % Durations.MS == 0) {
            return ns / Durations.MS + " ms";
        }
        return String.format(Locale.ROOT, "%.3f ms", ns / 1e6);
    }
}
