package dev.minternet.netfilter;

import dev.minternet.ip.NetInterface;
import dev.minternet.sim.Simulator;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Trace;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ipv4Packet;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Network address and port translation on a router (RFC 3022 NAPT), with the behaviour RFC 4787
 * (UDP), RFC 5382 (TCP) and RFC 5508 (ICMP) ask of it:
 * <ul>
 *   <li>endpoint-independent mapping (RFC 4787 REQ-1, RFC 5382 REQ-1): an inside address and port
 *       keeps one outside port whatever destination it talks to, for as long as any of its flows
 *       lives;</li>
 *   <li>port preservation when the inside port is free on the outside, else a port drawn from the
 *       node's seeded stream in the same range, 1-1023 or 1024-65535 (RFC 4787 REQ-3); ICMP echo
 *       identifiers are translated the same way (RFC 5508 REQ-2);</li>
 *   <li>address-and-port-dependent filtering: only replies from the endpoint an inside host sent
 *       to come back in (RFC 4787 REQ-8 permits it; it is what Linux's conntrack-based NAT does);
 *       unsolicited inbound traffic is dropped unless it is for the outside address (then the
 *       router itself answers it), and nothing leaves through the outside interface from another
 *       address;</li>
 *   <li>mapping timeouts from {@link Timeouts#NAT} (UDP 5 min, TCP established 2 h 4 min, TCP
 *       transitory 4 min, ICMP 60 s), refreshed by traffic in both directions;</li>
 *   <li>ICMP errors about a translated flow are translated back, quoted header included
 *       (RFC 5508 section 4; done by {@link Netfilter});</li>
 *   <li>port forwarding: static destination translation of the outside address's ports;</li>
 *   <li>hairpinning: inside hosts reach each other through the outside address (RFC 4787 REQ-9).</li>
 * </ul>
 * Not modelled: protocols other than TCP, UDP and ICMP echo beyond their address (their flows
 * share the outside address without a port to tell them apart), port clashes between the
 * router's own sockets and mappings, and fragments that arrive before their datagram's first
 * fragment.
 */
public final class Nat {
    /** An inside endpoint's outside port (RFC 4787 "mapping"). */
    static final class Mapping {
        final int proto;
        final int intAddr;
        final int intPort;
        final int extAddr;
        final int extPort;
        long expiresAt;

        Mapping(int proto, int intAddr, int intPort, int extAddr, int extPort) {
            this.proto = proto;
            this.intAddr = intAddr;
            this.intPort = intPort;
            this.extAddr = extAddr;
            this.extPort = extPort;
        }

        @Override
        public String toString() {
            return Ipv4Packet.protocolName(proto) + " " + Ip4.str(intAddr) + ":" + intPort + " -> "
                    + Ip4.str(extAddr) + ":" + extPort;
        }
    }

    private record Endpoint(int proto, int addr, int port) {
    }

    private final String node;
    private final Simulator sim;
    private final Trace trace;
    private final NatConfig config;
    private final NetInterface outside;
    private final SplittableRandom random;
    private final Conntrack ct;
    private final Map<Endpoint, Mapping> byInside = new HashMap<>();
    private final Map<Endpoint, Mapping> byOutside = new HashMap<>();
    private long translations;
    private final Firewall.Counter[] forwardCounters;
    private final Firewall.Counter masqueradeCounter = new Firewall.Counter();
    private final Firewall.Counter staticCounter = new Firewall.Counter();

    Nat(String node, Simulator sim, Trace trace, NatConfig config, NetInterface outside, SplittableRandom random,
        Conntrack ct) {
        this.node = node;
        this.sim = sim;
        this.trace = trace;
        this.config = config;
        this.outside = outside;
        this.random = random;
        this.ct = ct;
        this.forwardCounters = new Firewall.Counter[config.forwards().size()];
        for (int i = 0; i < forwardCounters.length; i++) {
            forwardCounters[i] = new Firewall.Counter();
        }
    }

    /** Flows (first packets) port forward {@code i} redirected, as the nat table counts them. */
    public Firewall.Counter forwardCounter(int i) {
        return forwardCounters[i];
    }

    /** Flows given a source translation. */
    public Firewall.Counter masqueradeCounter() {
        return masqueradeCounter;
    }

    /** Flows translated by a one-to-one mapping, either direction. */
    public Firewall.Counter staticCounter() {
        return staticCounter;
    }

    public NatConfig config() {
        return config;
    }

    public NetInterface outside() {
        return outside;
    }

    /** Packets rewritten so far. */
    public long translations() {
        return translations;
    }

    /**
     * Destination NAT at PREROUTING for a packet of flow {@code c} arriving on {@code in}: a new
     * inbound flow to a forwarded port is pointed at its inside host. Returns false when the packet
     * must be dropped (unsolicited inbound traffic to an inside address).
     */
    boolean prerouting(byte[] d, NetInterface in, Conn c, boolean reply, boolean isNew) {
        if (in != outside) {
            if (c != null && isNew && !c.natDecided && !reply && c.orig.dst() == outside.address()) {
                hairpin(c);
            }
            return true;
        }
        int dst = Ipv4Packet.dst(d, 0);
        if (c != null && isNew && !c.natDecided && !reply) {
            c.natDecided = true;
            NatConfig.StaticMap sm = config.byPublic(dst);
            if (sm != null) {
                Tuple back = new Tuple(c.orig.proto(), sm.insideAddr(), c.orig.dstPort(), c.orig.src(), c.orig.srcPort());
                if (ct.find(back) != null) {
                    if (trace.enabled()) {
                        trace.emit(node, NatEvents.DROP, "clash", c.orig.toString());
                    }
                    return false;
                }
                staticCounter.count(d);
                ct.setReply(c, back);
                if (trace.enabled()) {
                    trace.emit(node, NatEvents.PORT_FORWARD, c.orig.toString(), Ip4.str(sm.insideAddr()) + ":"
                            + c.orig.dstPort());
                }
                return true;
            }
            if (dst == outside.address()) {
                for (int i = 0; i < config.forwards().size(); i++) {
                    NatConfig.PortForward f = config.forwards().get(i);
                    if (f.proto() == c.orig.proto() && f.port() == c.orig.dstPort()) {
                        Tuple back = new Tuple(c.orig.proto(), f.toAddr(), f.toPort(), c.orig.src(), c.orig.srcPort());
                        if (ct.find(back) != null) {
                            // The inside host already has a flow with these ports to that client.
                            if (trace.enabled()) {
                                trace.emit(node, NatEvents.DROP, "clash", c.orig.toString());
                            }
                            return false;
                        }
                        forwardCounters[i].count(d);
                        ct.setReply(c, back);
                        if (trace.enabled()) {
                            trace.emit(node, NatEvents.PORT_FORWARD, c.orig.toString(), Ip4.str(f.toAddr()) + ":" + f.toPort());
                        }
                        return true;
                    }
                }
            }
        }
        boolean solicited = c != null && (reply || c.translated());
        if (!solicited && dst != outside.address()) {
            if (trace.enabled()) {
                trace.emit(node, NatEvents.DROP_UNSOLICITED, "unsolicited", Ip4.str(Ipv4Packet.src(d, 0)),
                        Ip4.str(dst), Ipv4Packet.protocolName(Ipv4Packet.protocol(d, 0)));
            }
            return false;
        }
        return true;
    }

    /**
     * Hairpinning (RFC 4787 REQ-9, RFC 5382 REQ-8): an inside host sending to the outside address
     * and port of another inside endpoint (a live mapping or a port forward) reaches it, and
     * appears to it under its own outside address and port, as it would to anyone outside.
     */
    private void hairpin(Conn c) {
        Tuple o = c.orig;
        int ext = outside.address();
        int toAddr = 0;
        int toPort = 0;
        for (NatConfig.PortForward f : config.forwards()) {
            if (f.proto() == o.proto() && f.port() == o.dstPort()) {
                toAddr = f.toAddr();
                toPort = f.toPort();
            }
        }
        if (toAddr == 0 && (o.proto() == Ipv4Packet.PROTO_TCP || o.proto() == Ipv4Packet.PROTO_UDP)) {
            Mapping target = byOutside.get(new Endpoint(o.proto(), ext, o.dstPort()));
            if (target != null && target.expiresAt > sim.now()) {
                toAddr = target.intAddr;
                toPort = target.intPort;
            }
        }
        if (toAddr == 0) {
            return; // for the router itself
        }
        Mapping self = mapping(o.proto(), o.src(), o.srcPort(), ext);
        if (self == null) {
            return;
        }
        Tuple reply = new Tuple(o.proto(), toAddr, toPort, ext, self.extPort);
        if (ct.find(reply) != null) {
            return;
        }
        c.natDecided = true;
        c.mapping = self;
        if (self.expiresAt < c.expiresAt) {
            self.expiresAt = c.expiresAt;
        }
        ct.setReply(c, reply);
        if (trace.enabled()) {
            trace.emit(node, NatEvents.HAIRPIN, o.toString(), Ip4.str(toAddr) + ":" + toPort, Ip4.str(ext) + ":" + self.extPort);
        }
    }

    /**
     * Source NAT at POSTROUTING: the first original-direction packet of a flow leaving through the
     * outside interface from another address gets a mapping. Returns false if no port is free.
     */
    boolean postrouting(byte[] d, NetInterface out, Conn c, boolean reply) {
        if (c == null || c.natDecided || reply) {
            return true;
        }
        if (out != outside) {
            return true; // decided when the flow first leaves through the outside, if ever
        }
        c.natDecided = true;
        Tuple o = c.orig;
        int ext = outside.address();
        if (o.src() == ext) {
            return true;
        }
        NatConfig.StaticMap sm = config.byInside(o.src());
        if (sm != null) {
            staticCounter.count(d);
            ct.setReply(c, new Tuple(o.proto(), o.dst(), o.dstPort(), sm.publicAddr(), o.srcPort()));
            return true;
        }
        if (!config.masquerade()) {
            return true; // not translated: Netfilter drops it rather than leak an inside address
        }
        Mapping m = mapping(o.proto(), o.src(), o.srcPort(), ext);
        if (m == null) {
            if (trace.enabled()) {
                trace.emit(node, NatEvents.DROP, "no-free-port", o.toString());
            }
            return false;
        }
        masqueradeCounter.count(d);
        c.mapping = m;
        if (m.expiresAt < c.expiresAt) {
            m.expiresAt = c.expiresAt;
        }
        ct.setReply(c, new Tuple(o.proto(), o.dst(), o.dstPort(), m.extAddr, m.extPort));
        return true;
    }

    /** The live mapping of an inside endpoint, or a new one (endpoint-independent mapping). */
    private Mapping mapping(int proto, int addr, int port, int ext) {
        long now = sim.now();
        Endpoint inside = new Endpoint(proto, addr, port);
        Mapping m = byInside.get(inside);
        if (m != null && m.expiresAt > now) {
            traceMapping(NatEvents.MAPPING_REUSE, m);
            return m;
        }
        if (m != null) {
            expire(m);
        }
        boolean ported = proto == Ipv4Packet.PROTO_TCP || proto == Ipv4Packet.PROTO_UDP || proto == Ipv4Packet.PROTO_ICMP;
        int extPort = ported ? freePort(proto, port, ext) : 0;
        if (extPort < 0) {
            return null;
        }
        m = new Mapping(proto, addr, port, ext, extPort);
        byInside.put(inside, m);
        if (ported) {
            byOutside.put(new Endpoint(proto, ext, extPort), m);
        }
        traceMapping(NatEvents.MAPPING, m);
        return m;
    }

    private void expire(Mapping m) {
        byInside.remove(new Endpoint(m.proto, m.intAddr, m.intPort));
        byOutside.remove(new Endpoint(m.proto, m.extAddr, m.extPort));
        traceMapping(NatEvents.MAPPING_EXPIRED, m);
    }

    /** The inside port if it is free outside (port preservation), else a seeded draw from its range. */
    private int freePort(int proto, int want, int ext) {
        if (free(proto, ext, want)) {
            return want;
        }
        int lo = proto == Ipv4Packet.PROTO_ICMP ? 1 : want < 1024 ? 1 : 1024;
        int span = 65536 - lo;
        if (proto != Ipv4Packet.PROTO_ICMP && want < 1024) {
            span = 1023;
        }
        int start = random.nextInt(span);
        for (int i = 0; i < span; i++) {
            int p = lo + (start + i) % span;
            if (free(proto, ext, p)) {
                return p;
            }
        }
        return -1;
    }

    private boolean free(int proto, int ext, int port) {
        if (port == 0 && proto != Ipv4Packet.PROTO_ICMP) {
            return false;
        }
        for (NatConfig.PortForward f : config.forwards()) {
            if (f.proto() == proto && f.port() == port) {
                return false;
            }
        }
        Mapping m = byOutside.get(new Endpoint(proto, ext, port));
        if (m == null) {
            return true;
        }
        if (m.expiresAt <= sim.now()) {
            expire(m);
            return true;
        }
        return false;
    }

    /**
     * Rewrites the destination (PREROUTING) or source (POSTROUTING) of a packet to flow {@code c}'s
     * target. {@code now} is the packet's tuple before the rewrite, null for a later fragment
     * (which has only addresses to rewrite).
     */
    void translate(byte[] d, Tuple now, Conn c, boolean reply, boolean destination, String hook) {
        Tuple t = c.target(reply);
        String before = trace.enabled() ? (now != null ? now.toString() : describe(d)) : null;
        boolean changed = false;
        if (destination) {
            if (Ipv4Packet.dst(d, 0) != t.dst()) {
                Packets.setDst(d, 0, d.length, t.dst());
                changed = true;
            }
            if (now != null && now.dstPort() != t.dstPort()) {
                Packets.setDstPort(d, 0, d.length, t.dstPort());
                changed = true;
            }
        } else {
            if (Ipv4Packet.src(d, 0) != t.src()) {
                Packets.setSrc(d, 0, d.length, t.src());
                changed = true;
            }
            if (now != null && now.srcPort() != t.srcPort()) {
                Packets.setSrcPort(d, 0, d.length, t.srcPort());
                changed = true;
            }
        }
        if (changed) {
            translations++;
            if (trace.enabled()) {
                Tuple after = Tuple.of(d);
                trace.emit(node, NatEvents.TRANSLATE, hook, destination ? "dnat" : "snat", before,
                        after != null ? after.toString() : describe(d));
            }
        }
    }

    static String describe(byte[] d) {
        return Ipv4Packet.protocolName(Ipv4Packet.protocol(d, 0)) + " " + Ip4.str(Ipv4Packet.src(d, 0)) + " -> "
                + Ip4.str(Ipv4Packet.dst(d, 0)) + (Ipv4Packet.isFragment(d, 0) ? " (fragment)" : "");
    }

    private void traceMapping(EventType type, Mapping m) {
        if (trace.enabled()) {
            trace.emit(node, type, Ipv4Packet.protocolName(m.proto),
                    Ip4.str(m.intAddr) + ":" + m.intPort, Ip4.str(m.extAddr) + ":" + m.extPort);
        }
    }
}
