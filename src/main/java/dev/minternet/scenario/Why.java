package dev.minternet.scenario;

import dev.minternet.ip.NetInterface;
import dev.minternet.ip.PmtuDisc;
import dev.minternet.ip.Route;
import dev.minternet.netfilter.CtState;
import dev.minternet.netfilter.Firewall;
import dev.minternet.netfilter.FirewallConfig.Action;
import dev.minternet.netfilter.FirewallConfig.Direction;
import dev.minternet.netfilter.Nat;
import dev.minternet.netfilter.NatConfig;
import dev.minternet.netfilter.Netfilter;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.ip.Icmp;
import dev.minternet.sim.Durations;
import dev.minternet.transport.tcp.TcpConnection;
import dev.minternet.transport.tcp.TcpError;
import dev.minternet.transport.tcp.TcpHandler;
import dev.minternet.transport.tcp.TcpListener;
import dev.minternet.transport.tcp.TcpSocket;
import dev.minternet.transport.udp.UdpSocket;
import dev.minternet.wire.IcmpPacket;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ipv4Packet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The reachability analyzer behind {@code minternet why}: follows one packet from a node to an
 * address hop by hop through a built world as its IP layer and netfilter would treat it (each
 * node's firewall chains in order with their conntrack state, routes by longest prefix, NAT at
 * PREROUTING and POSTROUTING, a listening socket at the end), then the answer back, and names the
 * rule that decided at each hop. A world compiled from a {@code cloud:} section is described in
 * its own terms ({@link CloudSpec}: security groups, network ACL rule numbers). {@link #probe}
 * then sends the real thing in the simulation (a TCP SYN, a UDP datagram or an echo request) so
 * that the analysis can be checked against what happens.
 *
 * <p>Modelled: first-match firewall chains with the implicit stateful rule, stateless chains,
 * policies, static and connected routes (and a route provider's), masquerade, port forwards,
 * one-to-one NAT and NAT's drop of unsolicited and untranslated packets. Not modelled: fragments,
 * path MTU, link failures in progress, rate limits, a REJECT's own answer's path (a rejected packet
 * is predicted as refused).
 */
public final class Why {
    /** The source port the analysis and the probe both use, unless told otherwise. */
    public static final int SOURCE_PORT = 49152;
    private static final int MAX_HOPS = 64;
    /** How long the probe waits: a SYN retransmitted once (Linux: after 1 s), answers within 3 s. */
    static final long PROBE_WAIT_NS = 3 * Durations.S;

    private Why() {
    }

    public enum Proto {
        TCP(Ipv4Packet.PROTO_TCP), UDP(Ipv4Packet.PROTO_UDP), ICMP(Ipv4Packet.PROTO_ICMP);

        final int number;

        Proto(int number) {
            this.number = number;
        }

        String lower() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What happens to a connection attempt. */
    public enum Outcome {
        /** It gets through and is answered (SYN-ACK, echo reply, a UDP socket receives it). */
        OPEN,
        /** The destination (or a REJECT rule) answers no (RST, ICMP port unreachable). */
        REFUSED,
        /** Dropped on the way there or back (or no route): the sender hears nothing useful. */
        BLOCKED;

        public String lower() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The analysis: each hop's line on the way there and back, the outcome, the rule that decided
     * it (never empty), where, and what to change.
     */
    public record Verdict(Outcome outcome, List<String> forward, List<String> back, String decidedBy, String at,
                          String summary, String advice) {
    }

    /** The analysed packet: mutable as NAT rewrites it. */
    private static final class Pkt {
        final int proto;
        int src;
        int sport;
        int dst;
        int dport;
        boolean rst;
        boolean icmpError;

        Pkt(int proto, int src, int sport, int dst, int dport) {
            this.proto = proto;
            this.src = src;
            this.sport = sport;
            this.dst = dst;
            this.dport = dport;
        }

        String show() {
            String p = Ipv4Packet.protocolName(proto);
            if (icmpError) {
                return "icmp port unreachable " + Ip4.str(src) + " -> " + Ip4.str(dst);
            }
            if (proto == Ipv4Packet.PROTO_ICMP) {
                return p + " " + Ip4.str(src) + " -> " + Ip4.str(dst);
            }
            return p + (rst ? " RST" : "") + " " + Ip4.str(src) + ":" + sport + " -> " + Ip4.str(dst) + ":" + dport;
        }
    }

    /** A translation made on the way there, undone on the way back. */
    private record Xlat(boolean dnat, int beforeAddr, int beforePort, int afterAddr, int afterPort) {
    }

    /** A firewall's decision. */
    private record Decision(boolean allowed, boolean reject, String label, boolean policy, boolean stateful) {
    }

    /** Where and why a walk stopped. */
    private record Stop(String node, String label, String why, String advice, boolean refused) {
    }

    private static final class Walk {
        final List<String> lines = new ArrayList<>();
        Stop stop;
        Node end;
        String admittedBy;
    }

    /**
     * Analyses {@code proto} from node {@code from} to {@code dst} (port {@code port} for TCP and
     * UDP), source port {@code sport}. {@code cloud} may be null.
     */
    public static Verdict analyze(World w, CloudSpec cloud, Node from, int dst, int port, Proto proto, int sport) {
        Route first = from.ip().route(dst);
        int src = first == null ? from.ip().primaryAddress() : first.iface().address();
        int dport = proto == Proto.ICMP ? 0 : port;
        int sp = proto == Proto.ICMP ? 0 : sport;
        Pkt p = new Pkt(proto.number, src, sp, dst, dport);
        Map<String, Xlat> xlats = new LinkedHashMap<>();
        Walk fwd = walk(w, cloud, from, p, true, xlats, proto, port);
        if (fwd.stop != null && !fwd.stop.refused()) {
            return new Verdict(Outcome.BLOCKED, fwd.lines, List.of("(not reached: the packet never arrives)"),
                    fwd.stop.label(), fwd.stop.node(), "blocked at " + fwd.stop.node() + " by " + fwd.stop.label()
                    + ": " + fwd.stop.why(), fwd.stop.advice());
        }
        Node end = fwd.end;
        Pkt r = new Pkt(p.proto, p.dst, p.dport, p.src, p.sport);
        boolean refused = fwd.stop != null;
        if (refused) {
            if (proto == Proto.TCP) {
                r.rst = true;
            } else {
                r = new Pkt(Ipv4Packet.PROTO_ICMP, p.dst, 0, p.src, 0);
                r.icmpError = true;
            }
        }
        if (proto == Proto.UDP && !refused) {
            return new Verdict(Outcome.OPEN, fwd.lines, List.of("(UDP: the socket has it; an answer is up to the"
                    + " application)"), fwd.admittedBy, end.name(), "open: udp " + port + " on " + end.name()
                    + " receives it (admitted by " + fwd.admittedBy + ")", "");
        }
        Walk back = walk(w, cloud, end, r, false, xlats, proto, port);
        if (back.stop != null) {
            Stop s = back.stop;
            return new Verdict(Outcome.BLOCKED, fwd.lines, back.lines, s.label(), s.node(), "blocked at " + s.node()
                    + " by " + s.label() + ": return traffic to " + Ip4.str(r.dst) + (r.proto == Ipv4Packet.PROTO_ICMP
                    ? "" : ":" + r.dport) + " from " + end.name() + (refused ? " (its refusal)" : "") + ": " + s.why(),
                    s.advice());
        }
        if (refused) {
            return new Verdict(Outcome.REFUSED, fwd.lines, back.lines, fwd.stop.label(), fwd.stop.node(), "refused at "
                    + fwd.stop.node() + ": " + fwd.stop.why(), fwd.stop.advice());
        }
        return new Verdict(Outcome.OPEN, fwd.lines, back.lines, fwd.admittedBy, end.name(), "open: " + proto.lower()
                + (proto == Proto.ICMP ? " echo" : " " + port) + " on " + end.name() + " answers (admitted by "
                + fwd.admittedBy + ")", "");
    }

    private static Walk walk(World w, CloudSpec cloud, Node start, Pkt p, boolean there, Map<String, Xlat> xlats,
                             Proto proto, int port) {
        Walk out = new Walk();
        Node n = start;
        NetInterface in = null;
        for (int hop = 0; hop < MAX_HOPS; hop++) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-15s", n.name()));
            line.append(p.show()).append(": ");
            Netfilter nf = Netfilter.of(n.ip());
            Nat nat = nf == null ? null : nf.nat();
            boolean seen = !there && xlatsSeen(xlats, n);
            Route steered = there || in == null ? null : WhyNlb.steer(n, p.proto, p.src, p.sport, xlats.keySet());
            if (in != null && there) {
                // PREROUTING, first: a network load balancer's translation in a VPC's subnet router.
                String[] stop = new String[1];
                int[] to = WhyNlb.forward(n, p.proto, p.src, p.sport, p.dst, p.dport, line, stop);
                if (stop[0] != null) {
                    out.lines.add(line + "dropped");
                    out.stop = new Stop(n.name(), stop[0], "the listener's target group has no target for this zone",
                            "register a target in the zone, or turn cross-zone load balancing on", false);
                    return out;
                }
                if (to != null) {
                    xlats.put(n.name() + "/nlb", new Xlat(true, p.dst, p.dport, to[0], to[1]));
                    p.dst = to[0];
                    p.dport = to[1];
                }
            }
            if (in != null) {
                // PREROUTING: destination NAT, or undoing a source NAT on the way back.
                if (nat != null) {
                    if (there) {
                        if (in == nat.outside()) {
                            NatConfig.StaticMap sm = nat.config().byPublic(p.dst);
                            NatConfig.PortForward pf = forward(nat.config(), p);
                            if (sm != null) {
                                xlats.put(n.name() + "/dnat", new Xlat(true, p.dst, p.dport, sm.insideAddr(), p.dport));
                                line.append("dnat ").append(Ip4.str(p.dst)).append(" to ").append(Ip4.str(sm.insideAddr()))
                                        .append(" (one-to-one); ");
                                p.dst = sm.insideAddr();
                            } else if (p.dst == nat.outside().address() && pf != null) {
                                xlats.put(n.name() + "/dnat", new Xlat(true, p.dst, p.dport, pf.toAddr(), pf.toPort()));
                                line.append("port forward to ").append(Ip4.str(pf.toAddr())).append(':').append(pf.toPort())
                                        .append("; ");
                                p.dst = pf.toAddr();
                                p.dport = pf.toPort();
                            } else if (p.dst != nat.outside().address()) {
                                out.lines.add(line + "dropped");
                                out.stop = new Stop(n.name(), natName(cloud, n), "unsolicited traffic to "
                                        + Ip4.str(p.dst) + " (NAT lets in only replies, port forwards and public"
                                        + " addresses)", "give the target a public address, a port forward or a"
                                        + " load balancer in front", false);
                                return out;
                            }
                        }
                        xlats.putIfAbsent(n.name() + "/seen", new Xlat(false, 0, 0, 0, 0));
                    } else {
                        Xlat x = xlats.get(n.name() + "/snat");
                        if (x != null && p.dst == x.afterAddr() && (p.icmpError || p.dport == x.afterPort())) {
                            line.append("un-snat to ").append(Ip4.str(x.beforeAddr())).append("; ");
                            p.dst = x.beforeAddr();
                            p.dport = p.icmpError ? 0 : x.beforePort();
                        } else if (in == nat.outside() && !seen && p.dst != nat.outside().address()) {
                            out.lines.add(line + "dropped");
                            out.stop = new Stop(n.name(), natName(cloud, n), "an unsolicited packet (this NAT never saw"
                                    + " the request: the way back differs from the way there)", "make the routes"
                                    + " symmetric", false);
                            return out;
                        }
                    }
                } else if (there) {
                    xlats.putIfAbsent(n.name() + "/seen", new Xlat(false, 0, 0, 0, 0));
                }
                if (n.ip().isLocalAddress(p.dst)) {
                    Decision d = check(cloud, n, Direction.IN, p, state(there, seen, p));
                    line.append(d.label());
                    out.lines.add(line.toString());
                    if (!d.allowed()) {
                        out.stop = blocked(cloud, n, d, p, there, proto, Direction.IN);
                        return out;
                    }
                    out.end = n;
                    out.admittedBy = d.label().startsWith("admitted by ") ? d.label().substring("admitted by ".length())
                            : "no firewall on " + n.name();
                    if (there) {
                        String listening = listening(n, proto, p.dport);
                        if (listening != null) {
                            out.lines.add(String.format(Locale.ROOT, "%-15s", n.name()) + listening);
                            out.stop = new Stop(n.name(), listening, listening, "start a service on "
                                    + proto.lower() + " port " + p.dport + " on " + n.name() + ", or aim at the port"
                                    + " it listens on", true);
                        } else {
                            out.lines.add(String.format(Locale.ROOT, "%-15s", n.name()) + (proto == Proto.ICMP
                                    ? "echo request answered by the kernel" : proto.lower() + " port " + p.dport
                                    + " is listening"));
                        }
                    }
                    return out;
                }
                if (!n.ip().isForwarding()) {
                    out.lines.add(line + "dropped: a host does not forward");
                    out.stop = new Stop(n.name(), "host " + n.name() + " (not a router)", "the packet is not for "
                            + n.name() + " and a host does not forward", "route it to a router", false);
                    return out;
                }
                if (steered == null && n.ip().route(p.dst) == null) {
                    // Linux routes before the FORWARD hook: no route means ICMP unreachable, no filtering.
                    out.lines.add(line + "no route");
                    out.stop = noRoute(cloud, n, p);
                    return out;
                }
                Decision d = check(cloud, n, Direction.FORWARD, p, state(there, seen, p));
                line.append(d.label());
                if (!d.allowed()) {
                    out.lines.add(line.toString());
                    out.stop = blocked(cloud, n, d, p, there, proto, Direction.FORWARD);
                    return out;
                }
            } else {
                Decision d = check(cloud, n, Direction.OUT, p, state(there, !there, p));
                line.append(d.label());
                if (!d.allowed()) {
                    out.lines.add(line.toString());
                    out.stop = blocked(cloud, n, d, p, there, proto, Direction.OUT);
                    return out;
                }
                if (there) {
                    xlats.putIfAbsent(n.name() + "/seen", new Xlat(false, 0, 0, 0, 0));
                }
            }
            line.append("; ");
            Route r = steered != null ? steered : n.ip().route(p.dst);
            if (r == null) {
                out.lines.add(line + "no route");
                out.stop = noRoute(cloud, n, p);
                return out;
            }
            line.append("route ").append(r.length() == 0 ? "default" : Ip4.str(r.network()) + "/" + r.length());
            if (r.gateway() != 0) {
                line.append(" via ").append(Ip4.str(r.gateway()));
            }
            line.append(" dev ").append(r.iface().name());
            CloudSpec.CloudNode routeOf = cloud == null ? null : cloud.nodes().get(n.name());
            String routeLabel = routeOf == null ? null
                    : routeOf.route(Ip4.str(r.network()) + "/" + r.length());
            if (routeLabel != null) {
                line.append(" (").append(routeLabel).append(")");
            }
            if (steered != null) {
                line.append(" (policy route: the answer of a network load balancer's flow goes back to the router"
                        + " that translated it)");
            }
            Xlat nx = there ? null : xlats.get(n.name() + "/nlb");
            if (nx != null && p.src == nx.afterAddr() && p.sport == nx.afterPort()) {
                line.append("; un-dnat to ").append(Ip4.str(nx.beforeAddr())).append(':').append(nx.beforePort())
                        .append(" (network load balancer)");
                p.src = nx.beforeAddr();
                p.sport = nx.beforePort();
            }
            // POSTROUTING: source NAT, or undoing a destination NAT on the way back.
            if (nat != null) {
                if (there && r.iface() == nat.outside() && p.src != nat.outside().address()) {
                    NatConfig.StaticMap sm = nat.config().byInside(p.src);
                    int to;
                    if (sm != null) {
                        to = sm.publicAddr();
                    } else if (nat.config().masquerade()) {
                        to = nat.outside().address();
                    } else {
                        out.lines.add(line + "; dropped: not translated");
                        out.stop = new Stop(n.name(), natName(cloud, n), Ip4.str(p.src) + " has no public address here",
                                "give " + Ip4.str(p.src) + " a public address (public-ip), or route its subnet's"
                                        + " internet traffic to a NAT gateway", false);
                        return out;
                    }
                    xlats.put(n.name() + "/snat", new Xlat(false, p.src, p.sport, to, p.sport));
                    line.append("; snat to ").append(Ip4.str(to));
                    p.src = to;
                } else if (!there) {
                    Xlat x = xlats.get(n.name() + "/dnat");
                    if (x != null && p.src == x.afterAddr() && (p.icmpError || p.sport == x.afterPort())) {
                        line.append("; un-dnat to ").append(Ip4.str(x.beforeAddr()));
                        p.src = x.beforeAddr();
                        p.sport = p.icmpError ? 0 : x.beforePort();
                    } else if (r.iface() == nat.outside() && p.src != nat.outside().address()
                            && nat.config().byPublic(p.src) == null) {
                        out.lines.add(line + "; dropped: not translated");
                        out.stop = new Stop(n.name(), natName(cloud, n), "the answer from " + Ip4.str(p.src)
                                + " would leave untranslated", "make the way back pass the NAT the request passed",
                                false);
                        return out;
                    }
                }
            }
            out.lines.add(line.toString());
            NetInterface peer = nextHop(w, r, p.dst);
            Node next = peer == null ? null : w.node(peer.nodeName());
            if (next == null || !r.iface().isUp()) {
                out.stop = new Stop(n.name(), "interface " + r.iface().name() + " of " + n.name(), "the link is down or"
                        + " leads nowhere", "restore the link", false);
                return out;
            }
            n = next;
            in = peer;
        }
        out.stop = new Stop(n.name(), "the routes", "a routing loop (more than " + MAX_HOPS + " hops)", "fix the routes",
                false);
        return out;
    }

    /**
     * The interface the packet enters next: the other end of a point-to-point link; on an Ethernet
     * segment (switches, an access point), the NIC that holds the next hop's address (the gateway,
     * else the destination), as ARP would find it; null when none does.
     */
    static NetInterface nextHop(World w, Route r, int dst) {
        NetInterface out = r.iface();
        if (out.peer() != null || !out.isEthernet()) {
            return out.peer();
        }
        int hop = r.gateway() != 0 ? r.gateway() : dst;
        for (Node n : w.nodes()) {
            for (NetInterface i : n.ip().interfaces()) {
                if (i != out && i.isEthernet() && i.address() == hop) {
                    return i;
                }
            }
        }
        return null;
    }

    private static Stop noRoute(CloudSpec cloud, Node n, Pkt p) {
        CloudSpec.CloudNode cn = cloud == null ? null : cloud.nodes().get(n.name());
        if (cn != null && cn.role() == CloudSpec.Role.PEERING) {
            return new Stop(n.name(), cn.what(), "no route to " + Ip4.str(p.dst) + ": " + cn.policy(),
                    "peer the two VPCs directly (or use a transit gateway)", false);
        }
        if (cn != null && (cn.role() == CloudSpec.Role.TGW_ROUTE_TABLE || cn.role() == CloudSpec.Role.TGW_ATTACHMENT)) {
            return new Stop(n.name(), cn.what(), "no route to " + Ip4.str(p.dst) + ": " + cn.policy(),
                    cn.role() == CloudSpec.Role.TGW_ROUTE_TABLE ? "propagate the destination VPC's attachment to the"
                            + " route table, or add a static route to it" : "associate the attachment with a route"
                            + " table of the transit gateway", false);
        }
        boolean subnet = cn != null && cn.role() == CloudSpec.Role.SUBNET;
        String where = subnet ? "the route table of " + cn.what() : "the routing table of " + n.name();
        return new Stop(n.name(), where, "no route to " + Ip4.str(p.dst), subnet ? "add a route to " + Ip4.str(p.dst)
                + " (a gateway: igw, a NAT gateway or a peering) to the subnet's route table"
                : "add a route to " + Ip4.str(p.dst) + " on " + n.name() + (isPrivate(p.dst) ? " (" + Ip4.str(p.dst)
                + " is a private address, RFC 1918: across the internet, reach it through a public address in front"
                + " of it, such as a load balancer's or a port forward)" : ""), false);
    }

    /** An RFC 1918 address, which no network on the internet routes. */
    static boolean isPrivate(int a) {
        return (a >>> 24) == 10 || (a >>> 20) == (172 << 4 | 1) || (a >>> 16) == (192 << 8 | 168);
    }

    private static boolean xlatsSeen(Map<String, Xlat> xlats, Node n) {
        return xlats.containsKey(n.name() + "/seen");
    }

    /** The conntrack state the packet has at a node. */
    private static CtState state(boolean there, boolean seen, Pkt p) {
        if (there) {
            return CtState.NEW;
        }
        if (p.icmpError) {
            return seen ? CtState.RELATED : CtState.INVALID;
        }
        return seen ? CtState.ESTABLISHED : p.proto == Ipv4Packet.PROTO_TCP ? CtState.INVALID : CtState.NEW;
    }

    private static NatConfig.PortForward forward(NatConfig c, Pkt p) {
        for (NatConfig.PortForward f : c.forwards()) {
            if (f.proto() == p.proto && f.port() == p.dport) {
                return f;
            }
        }
        return null;
    }

    private static String natName(CloudSpec cloud, Node n) {
        CloudSpec.CloudNode cn = cloud == null ? null : cloud.nodes().get(n.name());
        return cn != null ? cn.what() : "the NAT of " + n.name();
    }

    /** Null when something listens (or for ICMP), else why not. */
    private static String listening(Node n, Proto proto, int port) {
        switch (proto) {
            case ICMP:
                return null;
            case UDP:
                return n.udp().boundPorts().contains(port) ? null : "nothing listens on udp port " + port + " on "
                        + n.name();
            default:
                for (TcpSocket s : n.tcp().sockets()) {
                    if (s instanceof TcpListener l && l.port() == port) {
                        return null;
                    }
                }
                return "nothing listens on tcp port " + port + " on " + n.name();
        }
    }

    /** The first rule of the node's chain that matches, with its label; or the policy. */
    private static Decision check(CloudSpec cloud, Node n, Direction dir, Pkt p, CtState state) {
        Netfilter nf = Netfilter.of(n.ip());
        Firewall fw = nf == null ? null : nf.firewall();
        String verb = dir == Direction.IN ? "admitted" : dir == Direction.OUT ? "sent" : "forwarded";
        if (fw == null) {
            return new Decision(true, false, verb + " (no firewall)", false, false);
        }
        CloudSpec.CloudNode cn = cloud == null ? null : cloud.nodes().get(n.name());
        for (Firewall.Entry e : fw.chain(dir)) {
            if (e.rule().matches(p.proto, p.src, p.dst, p.dport, state)) {
                Action a = e.rule().action();
                String label;
                if (e.number() == 0) {
                    label = cn != null && cn.role() == CloudSpec.Role.INSTANCE
                            ? "security groups are stateful: " + state.name().toLowerCase(Locale.ROOT) + " traffic of an"
                            + " allowed connection" : "the stateful rule of " + n.name() + "'s " + dir.chain()
                            + " chain (" + state.name() + ")";
                } else if (cn != null && e.number() <= cn.rules().size()) {
                    label = cn.rules().get(e.number() - 1);
                } else {
                    label = n.name() + " " + dir.chain() + " rule " + e.number() + " (" + e.rule() + ")";
                }
                String verdict = a == Action.ALLOW ? verb + " by " : a == Action.DENY ? "dropped by " : "rejected by ";
                return new Decision(a == Action.ALLOW, a == Action.REJECT, verdict + label, false, e.number() == 0);
            }
        }
        Action a = fw.policy(dir);
        String label = cn != null && cn.policy() != null && a != Action.ALLOW ? cn.policy()
                : n.name() + " " + dir.chain() + " policy " + a.name().toLowerCase(Locale.ROOT);
        return new Decision(a == Action.ALLOW, false, (a == Action.ALLOW ? verb + " by " : "dropped by ") + label, true,
                false);
    }

    /** The stop for a packet a firewall turned away, with advice a person can act on. */
    private static Stop blocked(CloudSpec cloud, Node n, Decision d, Pkt p, boolean there, Proto proto, Direction dir) {
        String label = d.label().replaceFirst("^(dropped|rejected) by ", "");
        CloudSpec.CloudNode cn = cloud == null ? null : cloud.nodes().get(n.name());
        String what = p.proto == Ipv4Packet.PROTO_ICMP ? "icmp" : Ipv4Packet.protocolName(p.proto);
        String ports = p.proto == Ipv4Packet.PROTO_ICMP ? "" : there ? " port " + p.dport : " ports 1024-65535";
        String advice;
        String why;
        if (cn != null && cn.role() == CloudSpec.Role.SUBNET) {
            boolean inbound = label.contains(" inbound ");
            why = (there ? "" : "network ACLs are stateless, the answer needs its own rule; ")
                    + (inbound ? "inbound " : "outbound ") + p.show();
            advice = "add an " + (inbound ? "inbound" : "outbound") + " allow for " + what + ports + (inbound
                    ? " from " + Ip4.str(p.src) : " to " + Ip4.str(p.dst)) + " with a number below the rule that"
                    + " denies it";
        } else if (cn != null && cn.role() == CloudSpec.Role.INSTANCE) {
            why = "no rule of its security groups allows " + (dir == Direction.IN ? "inbound " : "outbound ") + p.show();
            advice = "add an " + (dir == Direction.IN ? "inbound rule allowing " + what + ports + " from "
                    + Ip4.str(p.src) + " (or the sender's security group)" : "outbound rule allowing " + what + ports
                    + " to " + Ip4.str(p.dst)) + " to a security group of " + n.name();
        } else if (cn != null && cn.role() == CloudSpec.Role.TGW_ROUTE_TABLE) {
            why = "a blackhole route drops " + p.show();
            advice = "remove the blackhole route from " + cn.what() + " (or route a more specific block to an"
                    + " attachment)";
        } else if (cn != null && cn.role() == CloudSpec.Role.NLB) {
            why = label + ": " + p.show() + " reaches the balancer's own interface, which drops it";
            advice = "add a listener for " + what + ports + " to the network load balancer, or aim at one of its"
                    + " listeners";
        } else if (cn != null && cn.role() == CloudSpec.Role.PEERING) {
            why = "peering is not transitive: " + Ip4.str(p.src) + " -> " + Ip4.str(p.dst)
                    + " is not between the peering's two VPCs";
            advice = "peer the two VPCs directly (or use a transit gateway)";
        } else {
            why = (d.policy() ? "no rule matches " : "the rule matches ") + p.show();
            advice = d.policy() ? "add a rule allowing " + what + ports + " in " + n.name() + "'s " + dir.chain()
                    + " chain" : "change or remove that rule of " + n.name() + "'s firewall";
        }
        return new Stop(n.name(), label, why, advice, d.reject());
    }

    /** What a real probe saw. */
    public record Probe(Outcome outcome, String detail) {
    }

    /**
     * Sends the real thing from {@code from} now and runs the simulation until it is answered or
     * {@link #PROBE_WAIT_NS} has passed: a TCP SYN from {@code sport}, a UDP datagram from
     * {@code sport}, or one echo request.
     */
    public static Probe probe(World w, Node from, int dst, int port, Proto proto, int sport) {
        long start = w.sim().now();
        long deadline = start + PROBE_WAIT_NS;
        if (from.ip().route(dst) == null) { // connect() and sendto() fail at once with ENETUNREACH
            return new Probe(Outcome.BLOCKED, "Network is unreachable (no route on " + from.name() + ")");
        }
        Probe[] result = {null};
        switch (proto) {
            case TCP -> {
                TcpConnection c = from.tcp().connect(sport, dst, port, from.tcp().defaults().copy(), new TcpHandler() {
                    @Override
                    public void onConnected(TcpConnection conn) {
                        if (result[0] == null) {
                            result[0] = new Probe(Outcome.OPEN, "connected (SYN-ACK after " + ms(w, start) + ")");
                        }
                    }

                    @Override
                    public void onClosed(TcpConnection conn, TcpError error) {
                        if (result[0] == null && error == TcpError.REFUSED) {
                            result[0] = new Probe(Outcome.REFUSED, "refused (RST after " + ms(w, start) + ")");
                        } else if (result[0] == null && error != null && error != TcpError.ABORTED) {
                            result[0] = new Probe(Outcome.BLOCKED, error.message() + " after " + ms(w, start));
                        }
                    }
                });
                runUntil(w, deadline, result);
                if (result[0] == null) {
                    result[0] = new Probe(Outcome.BLOCKED, "no answer to the SYN within " + PROBE_WAIT_NS / Durations.S
                            + " s");
                }
                c.abort();
            }
            case UDP -> {
                long before = received(w);
                UdpSocket s = from.udp().open(sport);
                s.onError((errFrom, type, code, mtu, d) -> {
                    if (result[0] == null) {
                        boolean refused = type == IcmpPacket.DEST_UNREACHABLE && code == IcmpPacket.CODE_PORT_UNREACHABLE;
                        result[0] = new Probe(refused ? Outcome.REFUSED : Outcome.BLOCKED, (refused ? "ICMP port unreachable"
                                : "ICMP error type " + type + " code " + code) + " from " + Ip4.str(errFrom));
                    }
                });
                s.send(dst, port, "why".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                runUntil(w, deadline, result);
                s.close();
                if (result[0] == null) {
                    result[0] = received(w) > before ? new Probe(Outcome.OPEN, "a socket received the datagram")
                            : new Probe(Outcome.BLOCKED, "no socket received it and no error came back");
                }
            }
            default -> {
                Icmp.EchoListener l = new Icmp.EchoListener() {
                    @Override
                    public void echoReply(int replyFrom, int sequence, byte[] datagram) {
                        if (result[0] == null) {
                            result[0] = new Probe(Outcome.OPEN, "echo reply after " + ms(w, start));
                        }
                    }

                    @Override
                    public void error(int errFrom, int type, int code, int sequence, int nextHopMtu, byte[] datagram) {
                        if (result[0] == null) {
                            result[0] = new Probe(Outcome.BLOCKED, "ICMP error type " + type + " code " + code + " from "
                                    + Ip4.str(errFrom));
                        }
                    }
                };
                int id = from.ip().icmp().openEcho(l, from.random("why-probe"));
                from.ip().icmp().sendEcho(dst, id, 1, 64, new byte[56], PmtuDisc.DONT);
                runUntil(w, deadline, result);
                from.ip().icmp().closeEcho(id);
                if (result[0] == null) {
                    result[0] = new Probe(Outcome.BLOCKED, "no echo reply within " + PROBE_WAIT_NS / Durations.S + " s");
                }
            }
        }
        return result[0];
    }

    private static long received(World w) {
        long n = 0;
        for (Node x : w.nodes()) {
            n += x.udp().inDatagrams();
        }
        return n;
    }

    private static void runUntil(World w, long deadline, Probe[] result) {
        while (result[0] == null && w.sim().now() < deadline) {
            long step = Math.min(deadline, w.sim().now() + Durations.MS);
            w.sim().runUntil(step);
        }
    }

    private static String ms(World w, long start) {
        return String.format(Locale.ROOT, "%.1f ms", (w.sim().now() - start) / 1e6);
    }
}
