package dev.minternet.netfilter;

import dev.minternet.ip.Hook;
import dev.minternet.ip.IpStack;
import dev.minternet.ip.NetInterface;
import dev.minternet.ip.PacketFilter;
import dev.minternet.ip.PolicyRoute;
import dev.minternet.ip.Route;
import dev.minternet.sim.Durations;
import dev.minternet.sim.Simulator;
import dev.minternet.trace.Trace;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ipv4Packet;
import dev.minternet.wire.TcpPacket;
import dev.minternet.wire.TcpRepr;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data plane of a network (L4) load balancer as AWS builds it (Hyperplane): not a proxy but a
 * function of the VPC's fabric. The subnet router of each zone the balancer is placed in owns that
 * zone's address; a new flow to a listener (a TCP SYN, or any UDP datagram) gets a target by a hash
 * of its 5-tuple over the target group's healthy targets (of the zone only, unless cross-zone load
 * balancing is on), and the flow table keeps every later packet of the flow on that target. Only
 * the destination is rewritten, so the target sees the client's own address and the TCP handshake
 * is end to end. The target's answer is sent back to the translating router by a policy route in
 * the target's subnet router (whatever the target subnet's route table says), where its source is
 * put back to the balancer's address.
 *
 * <p>As AWS: a TCP flow idle for 350 s, a UDP flow for 120 s, is forgotten; a TCP segment that
 * is not a SYN and matches no flow is answered with a RST from the listener. When every target of
 * the zone is unhealthy (or not yet checked) the balancer fails open: it hashes over all of them.
 * A target that turns unhealthy loses its flows at once (AWS's connection termination for
 * unhealthy targets): the client's next segment is answered with a RST, a UDP flow's next datagram
 * picks a new target. A deregistered target gets no new flows and keeps its flows. Not modelled: ICMP errors from targets are not translated; hairpin flows (a target
 * that is also the client) are not refused.
 */
public final class NlbFabric {
    /** AWS NLB's idle timeouts: TCP 350 s, UDP 120 s. */
    public static final long TCP_IDLE_NS = 350 * Durations.S;
    public static final long UDP_IDLE_NS = 120 * Durations.S;

    /** A registered target: an instance, its address and zone. */
    public record Target(String node, int addr, String zone) {
    }

    /** AWS's health check of a target group: TCP connect to {@code port}. */
    public record HealthCheck(int port, long intervalNs, long timeoutNs, int healthyThreshold, int unhealthyThreshold) {
    }

    /** A target group: its protocol and port on the targets, its targets, its health check. */
    public record Group(String name, int proto, int port, List<Target> targets, HealthCheck health) {
        public Group {
            targets = List.copyOf(targets);
        }
    }

    /** A listener: a protocol and port of the balancer's addresses, and the group it forwards to. */
    public record Listener(int proto, int port, int group) {
    }

    /**
     * The balancer in one zone: its node (the network interface that holds the address and sends
     * the health checks), the subnet router that translates, its private and public (0 if none) address.
     */
    public record Zone(String zone, String subnet, String node, String router, int addr, int publicAddr) {
    }

    /** What the {@code cloud:} section compiled a network load balancer to. {@code fabric}: every subnet router of the VPC. */
    public record Spec(String name, String vpc, boolean internetFacing, boolean crossZone, List<Zone> zones,
                       List<Listener> listeners, List<Group> groups, List<String> fabric) {
        public Spec {
            zones = List.copyOf(zones);
            listeners = List.copyOf(listeners);
            groups = List.copyOf(groups);
            fabric = List.copyOf(fabric);
        }
    }

    /** A target's health as one zone's node sees it. */
    public enum Health { INITIAL, HEALTHY, UNHEALTHY }

    /** The choice for a new flow: the target ({@code target} -1 when there is none) and the rule that chose it. */
    public record Choice(int zone, int group, int target, int addr, int port, String targetName, String rule) {
        public boolean found() {
            return target >= 0;
        }
    }

    private static final class Flow {
        final Tuple fwd;
        final Tuple reply;
        final int zone;
        final int group;
        final int target;
        long lastSeen;

        Flow(Tuple fwd, Tuple reply, int zone, int group, int target) {
            this.fwd = fwd;
            this.reply = reply;
            this.zone = zone;
            this.group = group;
            this.target = target;
        }
    }

    private final Spec spec;
    private final Simulator sim;
    private final Trace trace;
    private final long seed;
    private final Health[][][] health;
    private final boolean[][] deregistered;
    private final Map<Tuple, Flow> flows = new LinkedHashMap<>();
    private final Map<Tuple, Flow> replies = new LinkedHashMap<>();
    /** By fabric router name, the route to each zone's router (null for the zone's own router). */
    private final Map<String, Route[]> steering = new LinkedHashMap<>();

    public NlbFabric(Spec spec, Simulator sim, Trace trace, long seed) {
        this.spec = spec;
        this.sim = sim;
        this.trace = trace;
        this.seed = seed;
        health = new Health[spec.zones().size()][spec.groups().size()][];
        for (int z = 0; z < health.length; z++) {
            for (int g = 0; g < spec.groups().size(); g++) {
                health[z][g] = new Health[spec.groups().get(g).targets().size()];
                java.util.Arrays.fill(health[z][g], Health.INITIAL);
            }
        }
        deregistered = new boolean[spec.groups().size()][];
        for (int g = 0; g < spec.groups().size(); g++) {
            deregistered[g] = new boolean[spec.groups().get(g).targets().size()];
        }
    }

    public Spec spec() {
        return spec;
    }

    /**
     * Installs the balancer: the translation in each zone's router (at PREROUTING before any other
     * filter there, and at POSTROUTING), and the policy route that returns a target's answers to
     * the translating router in every router of the fabric.
     */
    public void install(Map<String, IpStack> routers) {
        for (int z = 0; z < spec.zones().size(); z++) {
            IpStack r = routers.get(spec.zones().get(z).router());
            ZoneFilter f = new ZoneFilter(z, r);
            r.addFilterFirst(Hook.PREROUTING, f);
            r.addFilter(Hook.POSTROUTING, f);
        }
        for (String name : spec.fabric()) {
            IpStack x = routers.get(name);
            Route[] toZone = new Route[spec.zones().size()];
            for (int z = 0; z < toZone.length; z++) {
                String zr = spec.zones().get(z).router();
                if (zr.equals(name)) {
                    continue;
                }
                for (NetInterface i : x.interfaces()) {
                    NetInterface p = i.peer();
                    if (p != null && p.nodeName().equals(zr)) {
                        toZone[z] = new Route(p.address(), 32, i, p.address(), 0, "nlb");
                        break;
                    }
                }
            }
            steering.put(name, toZone);
            x.addPolicy(new Steer(toZone));
        }
    }

    /** The balancers whose translation runs in {@code ip}'s node (a zone's subnet router), in install order. */
    public static List<NlbFabric> at(IpStack ip) {
        List<NlbFabric> out = new ArrayList<>();
        for (PacketFilter f : ip.filters(Hook.PREROUTING)) {
            if (f instanceof ZoneFilter z && !out.contains(z.owner())) {
                out.add(z.owner());
            }
        }
        return out;
    }

    /** The zone whose router is {@code router}, or -1. */
    public int zoneOf(String router) {
        for (int z = 0; z < spec.zones().size(); z++) {
            if (spec.zones().get(z).router().equals(router)) {
                return z;
            }
        }
        return -1;
    }

    /** Health as zone {@code z}'s node sees target {@code t} of group {@code g}. */
    public Health health(int z, int g, int t) {
        return health[z][g][t];
    }

    /** Sets a target's health as zone {@code z} sees it; a target turned unhealthy loses its flows there. */
    public void setHealth(int z, int g, int t, Health h, String reason) {
        Health was = health[z][g][t];
        health[z][g][t] = h;
        if (was == h) {
            return;
        }
        Target target = spec.groups().get(g).targets().get(t);
        String tn = targetName(g, t);
        if (trace.enabled()) {
            trace.emit(spec.zones().get(z).node(), h == Health.HEALTHY ? NlbEvents.TARGET_HEALTHY
                    : NlbEvents.TARGET_UNHEALTHY, spec.name(), spec.zones().get(z).zone(), tn, reason);
        }
        if (h == Health.UNHEALTHY) {
            endFlows(f -> f.zone == z && f.group == g && f.target == t, "target " + target.node() + " unhealthy");
        }
    }

    /**
     * Deregisters {@code node} from every group: no new flows and no more health checks; its
     * flows go on (AWS's default: connection termination on deregistration is off). Returns
     * whether it was a target.
     */
    public boolean deregister(String node) {
        boolean any = false;
        for (int g = 0; g < spec.groups().size(); g++) {
            List<Target> ts = spec.groups().get(g).targets();
            for (int t = 0; t < ts.size(); t++) {
                if (ts.get(t).node().equals(node)) {
                    deregistered[g][t] = true;
                    any = true;
                }
            }
        }
        return any;
    }

    public boolean deregistered(int g, int t) {
        return deregistered[g][t];
    }

    /** The flows in the table now, as "tuple -> target" lines, oldest first. */
    public List<String> flows() {
        List<String> out = new ArrayList<>();
        for (Flow f : flows.values()) {
            out.add(show(f.fwd) + " -> " + targetName(f.group, f.target));
        }
        return out;
    }

    private void endFlows(java.util.function.Predicate<Flow> which, String reason) {
        List<Flow> gone = new ArrayList<>();
        for (Flow f : flows.values()) {
            if (which.test(f)) {
                gone.add(f);
            }
        }
        for (Flow f : gone) {
            end(f, reason);
        }
    }

    private void end(Flow f, String reason) {
        flows.remove(f.fwd);
        replies.remove(f.reply);
        if (trace.enabled()) {
            trace.emit(spec.zones().get(f.zone).router(), NlbEvents.FLOW_END, spec.name(), show(f.fwd),
                    targetName(f.group, f.target), reason);
        }
    }

    private String targetName(int g, int t) {
        Target x = spec.groups().get(g).targets().get(t);
        return x.node() + " " + Ip4.str(x.addr()) + ":" + spec.groups().get(g).port();
    }

    static String show(Tuple t) {
        return Ipv4Packet.protocolName(t.proto()) + " " + Ip4.str(t.src()) + ":" + t.srcPort() + " -> "
                + Ip4.str(t.dst()) + ":" + t.dstPort();
    }

    private Listener listener(int proto, int port) {
        for (Listener l : spec.listeners()) {
            if (l.proto() == proto && l.port() == port) {
                return l;
            }
        }
        return null;
    }

    /**
     * The target a new flow {@code proto src:sport -> dst:dport} gets at router {@code router} now,
     * or null when that is no listener of this balancer there. No side effect: {@code minternet why}
     * asks it, and the flow table asks it for each new flow.
     */
    public Choice predict(String router, int proto, int src, int sport, int dst, int dport) {
        for (int z = 0; z < spec.zones().size(); z++) {
            Zone zone = spec.zones().get(z);
            if (zone.router().equals(router) && zone.addr() == dst) {
                Listener l = listener(proto, dport);
                return l == null ? null : choose(z, l, new Tuple(proto, src, sport, dst, dport));
            }
        }
        return null;
    }

    private Choice choose(int z, Listener l, Tuple t) {
        Zone zone = spec.zones().get(z);
        Group g = spec.groups().get(l.group());
        List<Integer> eligible = new ArrayList<>();
        List<Integer> healthy = new ArrayList<>();
        for (int i = 0; i < g.targets().size(); i++) {
            Target x = g.targets().get(i);
            if (deregistered[l.group()][i] || !spec.crossZone() && !x.zone().equals(zone.zone())) {
                continue;
            }
            eligible.add(i);
            if (health[z][l.group()][i] == Health.HEALTHY) {
                healthy.add(i);
            }
        }
        String where = "listener " + Ipv4Packet.protocolName(l.proto()) + ":" + l.port() + " of network load balancer "
                + spec.name() + " (" + zone.zone() + ") -> target group " + g.name();
        if (eligible.isEmpty()) {
            return new Choice(z, l.group(), -1, 0, 0, null, where + ": no registered target"
                    + (spec.crossZone() ? "" : " in zone " + zone.zone() + " (cross-zone load balancing is off)"));
        }
        boolean failOpen = healthy.isEmpty();
        List<Integer> pool = failOpen ? eligible : healthy;
        long h = hash(t);
        int pick = pool.get((int) Long.remainderUnsigned(h, pool.size()));
        Target x = g.targets().get(pick);
        List<String> names = new ArrayList<>();
        for (int i : pool) {
            names.add(g.targets().get(i).node());
        }
        String rule = where + ": flow hash " + String.format("%016x", h) + " mod " + pool.size() + " over "
                + (failOpen ? "all " + pool.size() + " (fail open: none healthy)" : pool.size() + " healthy")
                + " [" + String.join(", ", names) + "]" + (spec.crossZone() ? " (cross-zone)" : " in " + zone.zone());
        return new Choice(z, l.group(), pick, x.addr(), g.port(), x.node(), rule);
    }

    /** A 5-tuple hash (SplitMix64's finaliser over the fields), keyed by the balancer's seed. */
    long hash(Tuple t) {
        long h = seed;
        h = mix(h ^ t.proto());
        h = mix(h ^ (t.src() & 0xffffffffL));
        h = mix(h ^ t.srcPort());
        h = mix(h ^ (t.dst() & 0xffffffffL));
        h = mix(h ^ t.dstPort());
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** The policy route of fabric router {@code router} toward zone {@code z}'s router, or null (it is that router). */
    public Route steering(String router, int z) {
        Route[] r = steering.get(router);
        return r == null ? null : r[z];
    }

    /** Sends a target's answers to the router that translated its flow. */
    private final class Steer implements PolicyRoute {
        final Route[] toZone;

        Steer(Route[] toZone) {
            this.toZone = toZone;
        }

        @Override
        public Route route(byte[] d, NetInterface in) {
            int proto = Ipv4Packet.protocol(d, 0);
            if (proto != Ipv4Packet.PROTO_TCP && proto != Ipv4Packet.PROTO_UDP || replies.isEmpty()) {
                return null;
            }
            Tuple t = Tuple.of(d);
            Flow f = t == null ? null : replies.get(t);
            return f == null ? null : toZone[f.zone];
        }
    }

    /** The translation in one zone's subnet router. */
    private final class ZoneFilter implements PacketFilter {
        final int z;
        final Zone zone;
        final IpStack ip;

        ZoneFilter(int z, IpStack ip) {
            this.z = z;
            this.zone = spec.zones().get(z);
            this.ip = ip;
        }

        NlbFabric owner() {
            return NlbFabric.this;
        }

        @Override
        public int filter(Hook hook, byte[] d, NetInterface in, NetInterface out) {
            int proto = Ipv4Packet.protocol(d, 0);
            if (proto != Ipv4Packet.PROTO_TCP && proto != Ipv4Packet.PROTO_UDP || Ipv4Packet.fragmentOffset(d, 0) != 0) {
                return ACCEPT;
            }
            if (hook == Hook.PREROUTING && Ipv4Packet.dst(d, 0) == zone.addr()) {
                return request(d, proto);
            }
            if (hook == Hook.POSTROUTING && !replies.isEmpty()) {
                return answer(d, proto);
            }
            return ACCEPT;
        }

        private int request(byte[] d, int proto) {
            Tuple t = Tuple.of(d);
            if (t == null) {
                return ACCEPT;
            }
            Listener l = listener(proto, t.dstPort());
            if (l == null) {
                return ACCEPT; // to the balancer node, whose firewall drops it
            }
            int flags = proto == Ipv4Packet.PROTO_TCP ? Conntrack.tcpFlags(d) : 0;
            long now = sim.now();
            Flow f = flows.get(t);
            if (f != null && now - f.lastSeen > idle(proto)) {
                end(f, "idle timeout (" + idle(proto) / Durations.S + " s)");
                f = null;
            }
            if (f == null) {
                if (proto == Ipv4Packet.PROTO_TCP && (flags & (TcpPacket.SYN | TcpPacket.ACK | TcpPacket.RST)) != TcpPacket.SYN) {
                    if ((flags & TcpPacket.RST) == 0) {
                        reset(d, show(t), "no flow (never opened, idle past the timeout, or its target failed)");
                    }
                    return DROP;
                }
                Choice c = choose(z, l, t);
                if (!c.found()) {
                    if (trace.enabled()) {
                        trace.emit(ip.nodeName(), NlbEvents.NO_TARGET, spec.name(), zone.zone(), show(t), c.rule());
                    }
                    return DROP;
                }
                f = new Flow(t, new Tuple(proto, c.addr(), c.port(), t.src(), t.srcPort()), z, c.group(), c.target());
                flows.put(t, f);
                replies.put(f.reply, f);
                if (trace.enabled()) {
                    trace.emit(ip.nodeName(), NlbEvents.FLOW_NEW, spec.name(), zone.zone(), show(t),
                            targetName(c.group(), c.target()), c.rule());
                }
            }
            f.lastSeen = now;
            Packets.setDst(d, 0, d.length, f.reply.src());
            Packets.setDstPort(d, 0, d.length, f.reply.srcPort());
            if ((flags & TcpPacket.RST) != 0) {
                end(f, "reset by the client");
            }
            return ACCEPT;
        }

        private int answer(byte[] d, int proto) {
            Tuple t = Tuple.of(d);
            Flow f = t == null ? null : replies.get(t);
            if (f == null || f.zone != z) {
                return ACCEPT;
            }
            int flags = proto == Ipv4Packet.PROTO_TCP ? Conntrack.tcpFlags(d) : 0;
            long now = sim.now();
            if (now - f.lastSeen > idle(proto)) {
                end(f, "idle timeout (" + idle(proto) / Durations.S + " s)");
                if (proto == Ipv4Packet.PROTO_TCP && (flags & TcpPacket.RST) == 0) {
                    reset(d, show(t), "no flow (idle past the timeout)");
                }
                return DROP;
            }
            f.lastSeen = now;
            Packets.setSrc(d, 0, d.length, f.fwd.dst());
            Packets.setSrcPort(d, 0, d.length, f.fwd.dstPort());
            if ((flags & TcpPacket.RST) != 0) {
                end(f, "reset by the target");
            }
            return ACCEPT;
        }

        /**
         * RFC 9293 3.10.7.1, as for a segment to a closed port: {@code <SEQ=SEG.ACK><CTL=RST>} when
         * it carried an ACK, else {@code <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>}; from the address
         * and port the segment was sent to.
         */
        private void reset(byte[] d, String flow, String reason) {
            int src = Ipv4Packet.dst(d, 0);
            int dst = Ipv4Packet.src(d, 0);
            TcpRepr rst = TcpRepr.resetFor(d);
            byte[] r = IpStack.allocate(rst.length());
            rst.emit(r, IpStack.HEADER_ROOM, src, dst);
            if (trace.enabled()) {
                trace.emit(ip.nodeName(), NlbEvents.RESET, spec.name(), flow, reason);
            }
            ip.output(r, src, dst, Ipv4Packet.PROTO_TCP, IpStack.DEFAULT_TTL, true);
        }
    }

    private static long idle(int proto) {
        return proto == Ipv4Packet.PROTO_TCP ? TCP_IDLE_NS : UDP_IDLE_NS;
    }
}
