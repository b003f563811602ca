package dev.minternet.tools.vtysh;

import dev.minternet.routing.bgp.BgpConfig;
import dev.minternet.routing.bgp.BgpMessage;
import dev.minternet.routing.bgp.BgpMessage.Prefix;
import dev.minternet.routing.bgp.BgpSession;
import dev.minternet.routing.bgp.BgpSpeaker;
import dev.minternet.routing.bgp.BgpSpeaker.Path;
import dev.minternet.routing.bgp.RibEntry;
import dev.minternet.wire.Ip4;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * FRRouting 8.4's BGP show commands: {@code show bgp summary}, {@code show ip bgp} and
 * {@code show ip bgp A.B.C.D[/N]}, laid out as vtysh prints them. Memory figures are FRR's
 * per-entry sizes (192 bytes per RIB node, 724 KiB per peer), not measured.
 */
final class BgpShow {
    private static final DateTimeFormatter CTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT).withZone(ZoneOffset.UTC);

    private BgpShow() {
    }

    static List<String> summary(BgpSpeaker sp, long nowNs) {
        List<String> out = new ArrayList<>();
        out.add("");
        out.add("IPv4 Unicast Summary (VRF default):");
        out.add("BGP router identifier " + Ip4.str(sp.config().routerId()) + ", local AS number " + sp.config().as()
                + " vrf-id 0");
        out.add("BGP table version " + sp.tableVersion());
        long entries = ribNodes(sp);
        out.add("RIB entries " + entries + ", using " + entries * 192 + " bytes of memory");
        out.add("Peers " + sp.sessions().size() + ", using " + sp.sessions().size() * 724L + " KiB of memory");
        out.add("");
        out.add("Neighbor        V         AS   MsgRcvd   MsgSent   TblVer  InQ OutQ  Up/Down State/PfxRcd   PfxSnt Desc");
        for (BgpSession s : sp.sessions()) {
            boolean up = s.state() == BgpSession.State.ESTABLISHED;
            String since = !s.everUp() ? "never" : uptime(nowNs - (up ? s.upSinceNs() : s.downSinceNs()));
            String desc = s.neighbor().description() == null ? "N/A" : s.neighbor().description();
            if (desc.length() > 20) {
                desc = desc.substring(0, 20);
            }
            out.add(String.format(Locale.ROOT, "%-16s4 %10d %9d %9d %8d %4d %4d %8s %12s %8d %s",
                    Ip4.str(s.peer()), s.neighbor().remoteAs(), s.messagesReceived(), s.messagesSent(), 0, 0, 0,
                    since, up ? Integer.toString(s.prefixesReceived()) : s.state().text, up ? s.prefixesSent() : 0,
                    desc));
        }
        out.add("");
        out.add("Total number of neighbors " + sp.sessions().size());
        return out;
    }

    /** FRR's uptime: hh:mm:ss under a day, then XdYYhZZm, then XXwYdZZh. */
    static String uptime(long ns) {
        long s = ns / 1_000_000_000L;
        long day = 86400;
        if (s < day) {
            return String.format(Locale.ROOT, "%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
        }
        if (s < 7 * day) {
            return String.format(Locale.ROOT, "%dd%02dh%02dm", s / day, s / 3600 % 24, s / 60 % 60);
        }
        return String.format(Locale.ROOT, "%02dw%dd%02dh", s / (7 * day), s / day % 7, s / 3600 % 24);
    }

    /** Nodes of the routing table's radix tree: FRR counts the branching nodes too. */
    static long ribNodes(BgpSpeaker sp) {
        Node root = null;
        for (RibEntry e : sp.rib()) {
            root = insert(root, e.prefix());
        }
        return count(root);
    }

    private static final class Node {
        final Prefix p;
        Node[] child = new Node[2];

        Node(Prefix p) {
            this.p = p;
        }
    }

    private static int bit(int addr, int i) {
        return addr >>> (31 - i) & 1;
    }

    private static Node insert(Node n, Prefix p) {
        if (n == null) {
            return new Node(p);
        }
        if (n.p.equals(p)) {
            return n;
        }
        if (n.p.length() < p.length() && n.p.contains(p.network())) {
            int b = bit(p.network(), n.p.length());
            n.child[b] = insert(n.child[b], p);
            return n;
        }
        int common = 0;
        int max = Math.min(n.p.length(), p.length());
        while (common < max && bit(n.p.network(), common) == bit(p.network(), common)) {
            common++;
        }
        if (common == p.length()) {
            Node x = new Node(p);
            x.child[bit(n.p.network(), common)] = n;
            return x;
        }
        Node branch = new Node(new Prefix(p.network(), common));
        branch.child[bit(n.p.network(), common)] = n;
        branch.child[bit(p.network(), common)] = new Node(p);
        return branch;
    }

    /** FRR's lines above a BGP table (IPv4 or IPv6 unicast): version, router ID, the codes, the column heads. */
    static List<String> tableHeader(BgpSpeaker sp, long tableVersion) {
        List<String> out = new ArrayList<>();
        out.add("BGP table version is " + tableVersion + ", local router ID is " + Ip4.str(sp.config().routerId())
                + ", vrf id 0");
        out.add("Default local pref 100, local AS " + sp.config().as());
        out.add("Status codes:  s suppressed, d damped, h history, * valid, > best, = multipath,");
        out.add("               i internal, r RIB-failure, S Stale, R Removed");
        out.add("Nexthop codes: @NNN nexthop's vrf id, < announce-nh-self");
        out.add("Origin codes:  i - IGP, e - EGP, ? - incomplete");
        out.add("RPKI validation codes: V valid, I invalid, N Not found");
        out.add("");
        out.add("   Network          Next Hop            Metric LocPrf Weight Path");
        return out;
    }

    private static long count(Node n) {
        return n == null ? 0 : 1 + count(n.child[0]) + count(n.child[1]);
    }

    static List<String> table(BgpSpeaker sp) {
        List<String> out = tableHeader(sp, sp.tableVersion());
        int routes = 0;
        int paths = 0;
        for (RibEntry e : sp.rib()) {
            if (e.paths().isEmpty()) {
                continue;
            }
            routes++;
            boolean first = true;
            for (Path p : e.paths()) {
                paths++;
                StringBuilder sb = new StringBuilder();
                sb.append(p.valid() ? '*' : ' ').append(p == e.best() ? '>' : e.multipath(p) ? '=' : ' ')
                        .append(!p.local() && !p.external() ? 'i' : ' ');
                String net = first ? e.prefix().toString() : "";
                first = false;
                if (net.length() > 17) {
                    sb.append(net).append('\n').append(" ".repeat(20));
                } else {
                    sb.append(String.format(Locale.ROOT, "%-17s", net));
                }
                String nh = p.local() ? "0.0.0.0" : Ip4.str(p.attrs().nextHop());
                sb.append(String.format(Locale.ROOT, "%-16s", nh));
                metricsPathOrigin(sb, p);
                for (String line : sb.toString().split("\n")) {
                    out.add(line);
                }
            }
        }
        return withFooter(out, routes, paths);
    }

    /** A row's Metric, LocPrf, Weight and Path columns and its origin code, as FRR prints them. */
    static void metricsPathOrigin(StringBuilder sb, Path p) {
        sb.append(p.attrs().med() >= 0 ? String.format(Locale.ROOT, "%10d", p.attrs().med()) : " ".repeat(10));
        sb.append(p.attrs().localPref() >= 0 ? String.format(Locale.ROOT, "%7d", p.attrs().localPref())
                : " ".repeat(7));
        sb.append(String.format(Locale.ROOT, "%7d ", p.weight()));
        String path = p.attrs().pathString();
        if (!path.isEmpty()) {
            sb.append(path).append(' ');
        }
        sb.append(originCode(p.attrs().origin()));
    }

    /** FRR's last lines under a table, or its one line for an empty table. */
    static List<String> withFooter(List<String> out, int routes, int paths) {
        if (routes == 0) {
            return List.of("No BGP prefixes displayed, 0 exist");
        }
        out.add("");
        out.add("Displayed  " + routes + " routes and " + paths + " total paths");
        return out;
    }

    private static char originCode(int o) {
        return o == BgpMessage.ORIGIN_IGP ? 'i' : o == BgpMessage.ORIGIN_EGP ? 'e' : '?';
    }

    private static String originName(int o) {
        return o == BgpMessage.ORIGIN_IGP ? "IGP" : o == BgpMessage.ORIGIN_EGP ? "EGP" : "incomplete";
    }

    /** {@code show ip bgp A.B.C.D/N} (exact) or {@code A.B.C.D} (longest match); null: not in the table. */
    static List<String> prefix(BgpSpeaker sp, Prefix exact, int address, Instant epoch) {
        RibEntry e = null;
        if (exact != null) {
            e = sp.entry(exact);
        } else {
            for (RibEntry x : sp.rib()) {
                if (x.prefix().contains(address) && !x.paths().isEmpty()
                        && (e == null || x.prefix().length() > e.prefix().length())) {
                    e = x;
                }
            }
        }
        if (e == null || e.paths().isEmpty()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        out.add("BGP routing table entry for " + e.prefix() + ", version " + e.version());
        int bestIndex = e.paths().indexOf(e.best()) + 1;
        out.add("Paths: (" + e.paths().size() + " available" + (bestIndex > 0 ? ", best #" + bestIndex : ", no best path")
                + ", table default)");
        List<String> adv = new ArrayList<>();
        for (BgpSession s : sp.sessions()) {
            if (s.advertised(e.prefix())) {
                adv.add(Ip4.str(s.peer()));
            }
        }
        if (adv.isEmpty()) {
            out.add("  Not advertised to any peer");
        } else {
            out.add("  Advertised to non peer-group peers:");
            out.add("  " + String.join(" ", adv));
        }
        for (Path p : e.paths()) {
            String path = p.attrs().pathString();
            boolean fromClient = p.from() != null && p.from().neighbor().routeReflectorClient();
            out.add("  " + (path.isEmpty() ? "Local" : path) + (fromClient ? ", (Received from a RR-client)" : ""));
            if (p.local()) {
                out.add("    0.0.0.0 from 0.0.0.0 (" + Ip4.str(sp.config().routerId()) + ")");
            } else {
                out.add("    " + Ip4.str(p.attrs().nextHop()) + (!p.external() && p.igpMetric() > 0
                        ? " (metric " + p.igpMetric() + ")" : "") + " from " + Ip4.str(p.from().peer()) + " ("
                        + Ip4.str(p.routerId()) + ")"); // the ORIGINATOR_ID when present, as FRR
            }
            StringBuilder sb = new StringBuilder("      Origin ").append(originName(p.attrs().origin()));
            if (p.attrs().med() >= 0) {
                sb.append(", metric ").append(p.attrs().med());
            }
            if (p.attrs().localPref() >= 0) {
                sb.append(", localpref ").append(p.attrs().localPref());
            }
            if (p.weight() > 0) {
                sb.append(", weight ").append(p.weight());
            }
            if (p.valid()) {
                sb.append(", valid");
            }
            sb.append(p.local() ? ", sourced, local" : p.external() ? ", external" : ", internal");
            if (e.multipath(p)) {
                sb.append(", multipath");
            }
            if (p == e.best()) {
                sb.append(", best (").append(e.reason()).append(')');
            }
            out.add(sb.toString());
            if (p.attrs().communities().length > 0) {
                StringBuilder c = new StringBuilder("      Community:");
                for (int x : p.attrs().communities()) {
                    c.append(' ').append(BgpMessage.community(x));
                }
                out.add(c.toString());
            }
            if (p.attrs().originatorId() != 0 || p.attrs().clusterList().length > 0) {
                StringBuilder r = new StringBuilder("     ");
                if (p.attrs().originatorId() != 0) {
                    r.append(" Originator: ").append(Ip4.str(p.attrs().originatorId()));
                }
                if (p.attrs().clusterList().length > 0) {
                    r.append(", Cluster list: ");
                    for (int c : p.attrs().clusterList()) {
                        r.append(Ip4.str(c)).append(' '); // FRR prints a space after each
                    }
                }
                out.add(r.toString());
            }
            out.add("      Last update: " + CTIME.format(epoch.plusNanos(p.receivedNs())));
        }
        return out;
    }

    /**
     * {@code show bgp neighbors [A.B.C.D]} in FRR 8.4's layout, the lines this model has the facts
     * for: the header, description, identifiers, state, timers, the capabilities both OPENs carry
     * (4-octet AS, IPv4 unicast), message statistics, the MRAI, the address family's flags
     * ("Route-Reflector Client", "Route-Server Client", "NEXT_HOP is always this router"), accepted
     * prefixes, connections, and the TCP endpoints. FRR's lines about capabilities not modelled
     * (route refresh, graceful restart, add-path, hostname, roles), update groups, threads and file
     * descriptors are left out. Null when {@code only} names no neighbour.
     */
    private static String star(String list) {
        return list == null ? null : "*" + list; // FRR marks a list name that exists with '*'
    }

    /** One address family's part of {@code show bgp neighbors} (FRR's bgp_show_peer_afi, the lines modelled). */
    private static void family(List<String> out, String name, BgpConfig.Neighbor n, String in, String outList, int accepted) {
        out.add(" For address family: " + name);
        if (n.routeReflectorClient()) {
            out.add("  Route-Reflector Client");
        }
        if (n.routeServerClient()) {
            out.add("  Route-Server Client");
        }
        if (n.nextHopSelf()) {
            out.add("  NEXT_HOP is always this router");
        }
        out.add("  Community attribute sent to this neighbor(all)");
        if (in != null) {
            out.add("  Inbound path policy configured");
        }
        if (outList != null) {
            out.add("  Outbound path policy configured");
        }
        if (in != null) {
            out.add("  Incoming update prefix filter list is " + in);
        }
        if (outList != null) {
            out.add("  Outgoing update prefix filter list is " + outList);
        }
        out.add("  " + accepted + " accepted prefixes");
        out.add("");
    }

    static List<String> neighbors(BgpSpeaker sp, Integer only, long nowNs) {
        List<String> out = new ArrayList<>();
        boolean found = false;
        for (BgpSession s : sp.sessions()) {
            if (only != null && s.peer() != only) {
                continue;
            }
            found = true;
            var n = s.neighbor();
            boolean up = s.state() == BgpSession.State.ESTABLISHED;
            out.add("BGP neighbor is " + Ip4.str(s.peer()) + ", remote AS " + n.remoteAs() + ", local AS "
                    + sp.config().as() + ", " + (s.external() ? "external" : "internal") + " link");
            if (n.description() != null) {
                out.add(" Description: " + n.description());
            }
            out.add("  BGP version 4, remote router ID " + Ip4.str(s.remoteId()) + ", local router ID "
                    + Ip4.str(sp.config().routerId()));
            out.add("  BGP state = " + s.state().text + (up ? ", up for " + uptime(nowNs - s.upSinceNs()) : ""));
            long hold = (up ? s.negotiatedHoldNs() : s.configuredHoldNs()) / 1_000_000_000L;
            long ka = (up ? s.negotiatedKeepaliveNs() : s.configuredKeepaliveNs()) / 1_000_000_000L;
            out.add("  Hold time is " + hold + " seconds, keepalive interval is " + ka + " seconds");
            out.add("  Configured hold time is " + s.configuredHoldNs() / 1_000_000_000L
                    + " seconds, keepalive interval is " + s.configuredKeepaliveNs() / 1_000_000_000L + " seconds");
            if (up) {
                out.add("  Neighbor capabilities:");
                out.add("    4 Byte AS: advertised and received");
                out.add("    Address Family IPv4 Unicast: advertised and received");
                if (n.ipv6() || s.peerAnnouncedIpv6()) {
                    out.add("    Address Family IPv6 Unicast:" + (n.ipv6() ? " advertised" : "")
                            + (n.ipv6() && s.peerAnnouncedIpv6() ? " and" : "") + (s.peerAnnouncedIpv6() ? " received" : ""));
                }
            }
            out.add("  Message statistics:");
            out.add("    Inq depth is 0");
            out.add("    Outq depth is 0");
            out.add("                         Sent       Rcvd");
            String[] names = {"", "Opens:", "Updates:", "Notifications:", "Keepalives:"};
            int[] order = {BgpMessage.OPEN, BgpMessage.NOTIFICATION, BgpMessage.UPDATE, BgpMessage.KEEPALIVE};
            long ts = 0;
            long tr = 0;
            for (int t : order) {
                out.add(String.format(Locale.ROOT, "    %-15s%10d %10d", names[t], s.sent(t), s.received(t)));
                ts += s.sent(t);
                tr += s.received(t);
            }
            out.add(String.format(Locale.ROOT, "    %-15s%10d %10d", "Route Refresh:", 0, 0));
            out.add(String.format(Locale.ROOT, "    %-15s%10d %10d", "Capability:", 0, 0));
            out.add(String.format(Locale.ROOT, "    %-15s%10d %10d", "Total:", ts, tr));
            out.add("  Minimum time between advertisement runs is " + s.mrai() / 1_000_000_000L + " seconds");
            out.add("");
            family(out, "IPv4 Unicast", n, star(n.in().prefixList()), star(n.out().prefixList()), s.prefixesReceived());
            if (n.ipv6()) {
                // the IPv6 family's list; a policy naming an IPv4 list only has no IPv6 list of that name (no '*')
                family(out, "IPv6 Unicast", n, n.in().prefixList6() != null ? star(n.in().prefixList6()) : n.in().prefixList(),
                        n.out().prefixList6() != null ? star(n.out().prefixList6()) : n.out().prefixList(),
                        sp.ipv6().accepted(s));
            }
            out.add("  Connections established " + s.establishedCount() + "; dropped " + s.droppedCount());
            out.add(s.external() ? "  External BGP neighbor may be up to 1 hops away."
                    : "  Internal BGP neighbor may be up to 255 hops away.");
            if (s.localPort() >= 0) {
                int local = s.localAddressOfSession();
                out.add("Local host: " + Ip4.str(local) + ", Local port: " + s.localPort());
                out.add("Foreign host: " + Ip4.str(s.peer()) + ", Foreign port: " + s.remotePort());
                out.add("Nexthop: " + Ip4.str(local));
                out.add("Nexthop global: ::");
                out.add("Nexthop local: ::");
                boolean shared = false;
                for (var i : sp.node().ip().interfaces()) {
                    shared |= i.address() == local && i.cidr().contains(s.peer());
                }
                out.add("BGP connection: " + (shared ? "shared network" : "non shared network"));
            }
            out.add("BGP Connect Retry Timer in Seconds: " + sp.config().connectRetryNs() / 1_000_000_000L);
            out.add("");
        }
        return found ? out : null;
    }
}
