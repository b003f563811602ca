package dev.minternet.netfilter;

import dev.minternet.ip.Hook;
import dev.minternet.ip6.Ip6Filter;
import dev.minternet.ip6.Ip6Interface;
import dev.minternet.ip6.Ip6Names;
import dev.minternet.ip6.Ip6Stack;
import dev.minternet.netfilter.Firewall.Counter;
import dev.minternet.netfilter.Firewall.Entry;
import dev.minternet.netfilter.FirewallConfig.Action;
import dev.minternet.netfilter.FirewallConfig.Direction;
import dev.minternet.netfilter.FirewallConfig.Rule;
import dev.minternet.sim.Durations;
import dev.minternet.wire.Icmpv6Packet;
import dev.minternet.wire.Ip6;
import dev.minternet.wire.Ipv6Packet;
import dev.minternet.wire.TcpOptions;
import dev.minternet.wire.TcpPacket;
import dev.minternet.wire.TcpRepr;
import dev.minternet.wire.UdpPacket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;

/**
 * ip6tables: the node's {@code firewall:} rules that apply to IPv6 ({@link Rule#appliesTo6}: no
 * IPv4 address) at IPv6's INPUT, FORWARD and OUTPUT, with the same policies, the same implicit
 * stateful rule and the same trace events as {@link Firewall}. Its own small conntrack (flows keyed
 * by IPv6 addresses and ports, or an echo identifier) gives ESTABLISHED to a flow's packets once
 * it passed, and RELATED to an ICMPv6 error quoting one. Neighbor Discovery (RFC 4861, ICMPv6
 * 133-137) always passes untracked. A REJECT answers TCP with a RST, anything else with ICMPv6
 * port unreachable.
 */
public final class Firewall6 implements Ip6Filter, FilterChains {
    /** Linux's nf_conntrack_tcp_timeout_established (5 days) and the short timeouts of unanswered flows. */
    static final long TCP_ESTABLISHED = 432_000 * Durations.S;
    static final long UNREPLIED = 30 * Durations.S;
    static final long UDP_STREAM = 120 * Durations.S;
    /** Flows remembered at once (the oldest is forgotten first), as nf_conntrack_max bounds the table. */
    static final int MAX_FLOWS = 65_536;

    /** One direction of a flow: for ICMPv6 echo the identifier is the request's source port. */
    record Key(int proto, Ip6 src, int sport, Ip6 dst, int dport) {
        Key reverse() {
            return new Key(proto, dst, dport, src, sport);
        }

        @Override
        public String toString() {
            return FirewallEvents.packet(proto == Ipv6Packet.NEXT_ICMPV6 ? "icmp6" : Ip6Names.next(proto),
                    "[" + src + "]", sport, "[" + dst + "]", dport);
        }
    }

    private static final class Flow {
        final Key original;
        boolean replied;
        long expiresAt;

        Flow(Key original) {
            this.original = original;
        }
    }

    private final Ip6Stack ip;
    private final FirewallConfig config;
    private final List<List<Entry>> chains = new ArrayList<>();
    private final Counter[] policyCounters = new Counter[Direction.values().length];
    /** Both directions' keys of every flow, in the order the flows were made. */
    private final LinkedHashMap<Key, Flow> flows = new LinkedHashMap<>();

    Firewall6(Ip6Stack ip, FirewallConfig config) {
        this.ip = ip;
        this.config = config;
        List<Rule> written = config.rules();
        for (Direction d : Direction.values()) {
            policyCounters[d.ordinal()] = new Counter();
            List<Entry> chain = new ArrayList<>();
            for (Rule r : config.chain(d, 6)) {
                chain.add(new Entry(r, Firewall.indexOf(written, r) + 1, new Counter()));
            }
            chains.add(List.copyOf(chain));
        }
    }

    /** Puts the IPv6 side of firewall {@code config} on {@code ip}; returns it. */
    public static Firewall6 install(Ip6Stack ip, FirewallConfig config) {
        Firewall6 f = new Firewall6(ip, config);
        ip.setFilter(f);
        return f;
    }

    /** The IPv6 rules of chain {@code d} in the order they are tried, with their counters. */
    @Override
    public List<Entry> chain(Direction d) {
        return chains.get(d.ordinal());
    }

    /** The policy of chain {@code d}, the IPv4 side's. */
    @Override
    public Action policy(Direction d) {
        return config.policy(d);
    }

    @Override
    public Counter policyCounter(Direction d) {
        return policyCounters[d.ordinal()];
    }

    /** Flows tracked now (each once). */
    public int flowCount() {
        return flows.size() / 2;
    }

    @Override
    public boolean pass(Hook hook, byte[] d, Ip6Interface in) {
        int next = Ipv6Packet.nextHeader(d, 0);
        int off = Ipv6Packet.HEADER;
        if (next == Ipv6Packet.NEXT_ICMPV6 && d.length > off) {
            int type = Icmpv6Packet.type(d, off);
            if (type >= Icmpv6Packet.ROUTER_SOLICITATION && type <= 137) {
                return true; // Neighbor Discovery and redirects: on-link, never filtered off
            }
        }
        Direction dir = hook == Hook.INPUT ? Direction.IN : hook == Hook.OUTPUT ? Direction.OUT : Direction.FORWARD;
        long now = ip.sim().now();
        Key k = key(d, 0, d.length);
        Flow flow = k == null ? null : lookup(k, now);
        CtState state;
        if (flow != null) {
            boolean reply = !flow.original.equals(k);
            flow.replied |= reply;
            state = flow.replied ? CtState.ESTABLISHED : CtState.NEW;
        } else if (k == null && next == Ipv6Packet.NEXT_ICMPV6 && d.length >= off + Icmpv6Packet.HEADER
                && Icmpv6Packet.type(d, off) < 128) {
            int inner = off + Icmpv6Packet.HEADER;
            Key q = d.length >= inner + Ipv6Packet.HEADER ? key(d, inner, d.length) : null;
            state = q != null && lookup(q, now) != null ? CtState.RELATED : CtState.INVALID;
        } else {
            state = CtState.NEW;
        }
        boolean passed = check(dir, d, state, k);
        if (passed && k != null) {
            if (flow == null) {
                flow = new Flow(k);
                flows.put(k, flow);
                flows.put(k.reverse(), flow);
                while (flows.size() > 2 * MAX_FLOWS) {
                    forget(flows.values().iterator().next());
                }
            }
            flow.expiresAt = now + timeout(flow, d);
        }
        return passed;
    }

    private Flow lookup(Key k, long now) {
        Flow f = flows.get(k);
        if (f != null && f.expiresAt <= now) {
            forget(f);
            return null;
        }
        return f;
    }

    private void forget(Flow f) {
        flows.remove(f.original);
        flows.remove(f.original.reverse());
    }

    private static long timeout(Flow f, byte[] d) {
        if (!f.replied) {
            return UNREPLIED;
        }
        if (f.original.proto() == Ipv6Packet.NEXT_TCP && d.length >= Ipv6Packet.HEADER + TcpPacket.MIN_HEADER) {
            int flags = TcpPacket.flags(d, Ipv6Packet.HEADER);
            return (flags & (TcpPacket.RST | TcpPacket.FIN)) != 0 ? 10 * Durations.S : TCP_ESTABLISHED;
        }
        return f.original.proto() == Ipv6Packet.NEXT_UDP ? UDP_STREAM : UNREPLIED;
    }

    /**
     * The flow key of the IPv6 datagram at {@code ip}: TCP and UDP by ports, ICMPv6 echo by its
     * identifier (a reply's key is its request's reversed), other next headers by addresses; null
     * for any other ICMPv6 message or a header too short.
     */
    static Key key(byte[] b, int ip, int end) {
        if (end - ip < Ipv6Packet.HEADER) {
            return null;
        }
        int next = Ipv6Packet.nextHeader(b, ip);
        Ip6 s = Ipv6Packet.src(b, ip);
        Ip6 t = Ipv6Packet.dst(b, ip);
        int l4 = ip + Ipv6Packet.HEADER;
        switch (next) {
            case Ipv6Packet.NEXT_TCP -> {
                return end - l4 < 4 ? null : new Key(next, s, TcpPacket.srcPort(b, l4), t, TcpPacket.dstPort(b, l4));
            }
            case Ipv6Packet.NEXT_UDP -> {
                return end - l4 < 4 ? null : new Key(next, s, UdpPacket.srcPort(b, l4), t, UdpPacket.dstPort(b, l4));
            }
            case Ipv6Packet.NEXT_ICMPV6 -> {
                if (end - l4 < Icmpv6Packet.HEADER) {
                    return null;
                }
                int type = Icmpv6Packet.type(b, l4);
                int id = Icmpv6Packet.identifier(b, l4);
                if (type == Icmpv6Packet.ECHO_REQUEST) {
                    return new Key(next, s, id, t, 0);
                }
                return type == Icmpv6Packet.ECHO_REPLY ? new Key(next, s, 0, t, id) : null;
            }
            default -> {
                return new Key(next, s, 0, t, 0);
            }
        }
    }

    private boolean check(Direction dir, byte[] d, CtState state, Key k) {
        Action action = null;
        Entry matched = null;
        for (Entry e : chain(dir)) {
            if (matches(e.rule(), d, k, state)) {
                e.counter().count(d);
                if (e.rule().passesKnownFlows()) {
                    return true;
                }
                action = e.rule().action();
                matched = e;
                break;
            }
        }
        if (action == null) {
            policyCounters[dir.ordinal()].count(d);
            action = switch (dir) {
                case IN -> config.policyIn();
                case OUT -> config.policyOut();
                case FORWARD -> config.policyForward();
            };
        }
        if (ip.trace().enabled()) {
            ip.trace().emit(ip.nodeName(), FirewallEvents.VERDICT, dir.chain(), action.target(),
                    matched != null ? String.valueOf(matched.number()) : "policy",
                    matched != null ? matched.rule().toString() : "policy " + action.name().toLowerCase(Locale.ROOT),
                    state.name(), k != null ? k.toString() : Ip6Names.next(Ipv6Packet.nextHeader(d, 0)) + " "
                            + Ipv6Packet.src(d, 0) + " -> " + Ipv6Packet.dst(d, 0));
        }
        if (action == Action.ALLOW) {
            return true;
        }
        if (action == Action.REJECT && dir != Direction.OUT) {
            reject(d);
        }
        return false;
    }

    static boolean matches(Rule r, byte[] d, Key k, CtState state) {
        if (!r.states().isEmpty() && !r.states().contains(state)) {
            return false;
        }
        int next = Ipv6Packet.nextHeader(d, 0);
        if (!r.protoMatches6(next)) {
            return false;
        }
        if (r.from6() != null && !r.from6().contains(Ipv6Packet.src(d, 0))) {
            return false;
        }
        if (r.to6() != null && !r.to6().contains(Ipv6Packet.dst(d, 0))) {
            return false;
        }
        if (r.portLo() >= 0) {
            if (k == null || next != Ipv6Packet.NEXT_TCP && next != Ipv6Packet.NEXT_UDP) {
                return false;
            }
            return k.dport() >= r.portLo() && k.dport() <= r.portHi();
        }
        return true;
    }

    /** A RST for TCP (RFC 9293 3.10.7.1, from the address the segment was sent to), else port unreachable. */
    private void reject(byte[] d) {
        int l4 = Ipv6Packet.HEADER;
        if (Ipv6Packet.nextHeader(d, 0) != Ipv6Packet.NEXT_TCP || d.length < l4 + TcpPacket.MIN_HEADER) {
            ip.sendError(d, Icmpv6Packet.DEST_UNREACHABLE, Icmpv6Packet.CODE_PORT_UNREACHABLE, 0);
            return;
        }
        int flags = TcpPacket.flags(d, l4);
        if ((flags & TcpPacket.RST) != 0) {
            return;
        }
        Ip6 src = Ipv6Packet.dst(d, 0);
        Ip6 dst = Ipv6Packet.src(d, 0);
        int sport = TcpPacket.srcPort(d, l4);
        int dport = TcpPacket.dstPort(d, l4);
        TcpRepr rst;
        if ((flags & TcpPacket.ACK) != 0) {
            rst = TcpRepr.control(dport, sport, TcpPacket.ack(d, l4), 0, TcpPacket.RST, 0, TcpOptions.NONE);
        } else {
            int segLen = d.length - l4 - TcpPacket.headerLength(d, l4) + ((flags & TcpPacket.SYN) != 0 ? 1 : 0)
                    + ((flags & TcpPacket.FIN) != 0 ? 1 : 0);
            rst = TcpRepr.control(dport, sport, 0, TcpPacket.seq(d, l4) + segLen, TcpPacket.RST | TcpPacket.ACK, 0,
                    TcpOptions.NONE);
        }
        byte[] seg = new byte[rst.length()];
        rst.emit6(seg, 0, src, dst);
        if (ip.trace().enabled()) {
            ip.trace().emit(ip.nodeName(), FirewallEvents.RESET, "[" + dst + "]:" + sport, "[" + src + "]:" + dport);
        }
        ip.send(Ipv6Packet.NEXT_TCP, seg, src, dst, Ipv6Packet.DEFAULT_HOP_LIMIT);
    }
}
