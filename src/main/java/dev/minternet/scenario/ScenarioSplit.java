package dev.minternet.scenario;

import dev.minternet.scenario.Scenario.LinkSpec;
import dev.minternet.scenario.Scenario.NodeSpec;
import dev.minternet.tools.registry.ToolRegistry;
import dev.minternet.wire.Ip6;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How {@code run --threads N} splits a scenario's world into regions (docs/partitioning.md): by
 * topology, cutting the links with the largest delays, in regions of about equal node counts; and
 * what it refuses to split. Only what has been audited to touch one node's state per event runs
 * partitioned: hosts and routers, point-to-point links, static and global routing, OSPF, BGP,
 * NAT and firewalls, and the timeline's tools that act on their own node. Anything else (services
 * that reach into other nodes, DNS, LANs, clouds, drills, IPv6 tools that name replies by reading
 * other nodes) keeps the world in one region, with one line saying why.
 */
public final class ScenarioSplit {
    /** Timeline tools that act on their own node only (what they print goes through the ordered output). */
    static final Set<String> TOOLS = Set.of("ping", "traceroute", "tracepath", "tcpdump", "ip", "netstat", "ss", "nc", "sysctl",
            "iptables", "conntrack", "vtysh", "ipcalc");

    /**
     * Regions a scenario is split into, whatever the thread count (so that every thread count,
     * one included, runs the same split and writes the same bytes); threads get groups of them.
     */
    public static final int REGIONS = 4;

    private ScenarioSplit() {
    }

    /**
     * The regions {@code s}'s world is built with wherever a scenario is played (`run` with or
     * without --threads, `sweep`, the example tests): its split when {@link #refusal} accepts it
     * and the topology can be cut, else null (one region). One split for every way of running it,
     * so that they all fire same-nanosecond events in the same order and write the same bytes.
     */
    public static int[] split(Scenario s) {
        return refusal(s) == null ? regions(s, REGIONS) : null;
    }

    /** Why {@code s} cannot run partitioned, in a few words, or null when it can. */
    public static String refusal(Scenario s) {
        if (s.cloud() != null) {
            return "cloud networks (load balancers, resolvers) reach across nodes";
        }
        if (s.attacks() != null) {
            return "the DDoS drill watches several nodes";
        }
        if (s.dns() != null) {
            return "DNS zones and resolvers are not audited for regions yet";
        }
        if (!s.lans().isEmpty()) {
            return "LANs (switches, Wi-Fi, DHCP) are not placed in regions yet";
        }
        if (!s.certificates().isEmpty()) {
            return "services (certificates) are not audited for regions yet";
        }
        for (NodeSpec n : s.nodes()) {
            if (!n.services().isEmpty()) {
                return "services (on " + n.name() + ") are not audited for regions yet";
            }
            if (n.resolver() != null) {
                return "DNS resolvers (on " + n.name() + ") are not audited for regions yet";
            }
        }
        for (Scenario.TimelineEntry e : s.timeline()) {
            if (e instanceof Scenario.Deregister) {
                return "network load balancers reach across nodes";
            }
            if (e instanceof Scenario.RunCommand r) {
                List<String> words;
                try {
                    words = ToolRegistry.split(r.command());
                } catch (IllegalArgumentException x) {
                    continue; // the command fails on its node, as in a sequential run
                }
                if (words.isEmpty()) {
                    continue;
                }
                String tool = words.get(0);
                if (!TOOLS.contains(tool) && ToolRegistry.get(tool) != null) {
                    return "`" + tool + "` (on " + r.node() + ") is not audited for regions yet";
                }
                if ((tool.equals("ping") || tool.equals("traceroute") || tool.equals("nc")) && words.contains("-6")) {
                    return "`" + tool + " -6` names replies by reading other nodes' IPv6 addresses";
                }
                if (tool.equals("tracepath") && words.stream().skip(1).anyMatch(w -> w.startsWith("-") && !w.startsWith("--") && w.contains("6")
                        || Ip6.isAddress(w))) {
                    return "`tracepath` over IPv6 names hops by reading other nodes' IPv6 addresses";
                }
            }
        }
        return null;
    }

    /**
     * The region of each node of {@code s} (in file order) for {@code wanted} regions, or null when
     * the topology cannot be cut (fewer than two regions come out). Deterministic: links are taken
     * from the shortest delay to the longest (file order among equal delays) and join their ends'
     * groups unless the group would pass an equal share of the nodes; a link of zero delay always
     * joins (it cannot be cut: no lookahead). The groups are then dealt, largest first, to the
     * region with the fewest nodes, and the regions numbered by their first node.
     */
    public static int[] regions(Scenario s, int wanted) {
        List<NodeSpec> nodes = s.nodes();
        int n = nodes.size();
        if (wanted < 2 || n < 2) {
            return null;
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < n; i++) {
            index.put(nodes.get(i).name(), i);
        }
        int[] parent = new int[n];
        int[] size = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
            size[i] = 1;
        }
        int cap = (n + wanted - 1) / wanted;
        List<LinkSpec> links = new ArrayList<>(s.links());
        links.sort((x, y) -> Long.compare(x.delayNs(), y.delayNs())); // stable: file order among equals
        for (LinkSpec l : links) {
            int a = find(parent, index.get(l.a().node()));
            int b = find(parent, index.get(l.b().node()));
            if (a != b && (l.delayNs() <= 0 || size[a] + size[b] <= cap)) {
                int lo = Math.min(a, b);
                int hi = Math.max(a, b);
                parent[hi] = lo;
                size[lo] += size[hi];
            }
        }
        List<Integer> groups = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (find(parent, i) == i) {
                groups.add(i);
            }
        }
        groups.sort((x, y) -> size[y] != size[x] ? Integer.compare(size[y], size[x]) : Integer.compare(x, y));
        int regions = Math.min(wanted, groups.size());
        if (regions < 2) {
            return null;
        }
        int[] load = new int[regions];
        int[] regionOfGroup = new int[n];
        for (int g : groups) {
            int best = 0;
            for (int r = 1; r < regions; r++) {
                if (load[r] < load[best]) {
                    best = r;
                }
            }
            regionOfGroup[g] = best;
            load[best] += size[g];
        }
        // number the regions by their first node in file order
        int[] renumber = new int[regions];
        Arrays.fill(renumber, -1);
        int next = 0;
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int r = regionOfGroup[find(parent, i)];
            if (renumber[r] < 0) {
                renumber[r] = next++;
            }
            out[i] = renumber[r];
        }
        return out;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }
}
