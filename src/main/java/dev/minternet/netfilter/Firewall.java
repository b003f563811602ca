package dev.minternet.netfilter;

import dev.minternet.ip.IpStack;
import dev.minternet.ip.NetInterface;
import dev.minternet.ip.PacketFilter;
import dev.minternet.netfilter.FirewallConfig.Action;
import dev.minternet.netfilter.FirewallConfig.Direction;
import dev.minternet.netfilter.FirewallConfig.Rule;
import dev.minternet.wire.IcmpPacket;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ipv4Packet;
import dev.minternet.wire.TcpPacket;
import dev.minternet.wire.TcpRepr;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The packet filter of {@link FirewallConfig}: every packet is matched against the rules of its
 * chain in order ({@link FirewallConfig#chain}: by default the stateful rule that accepts
 * ESTABLISHED and RELATED packets comes first), first match wins, else the chain's policy
 * applies. Counts packets and bytes per rule and per policy, as {@code iptables -L -v} shows them.
 */
public final class Firewall implements FilterChains {
    /** Packet and byte counters of one rule (or policy). */
    public static final class Counter {
        long packets;
        long bytes;

        public long packets() {
            return packets;
        }

        public long bytes() {
            return bytes;
        }

        void count(byte[] d) {
            packets++;
            bytes += d.length;
        }
    }

    /**
     * One rule of a chain with its counter (a chain of {@link Firewall} or {@link Firewall6}). {@code number} is the rule's place among the rules as
     * written (from 1), or 0 for the implicit stateful rule.
     */
    public record Entry(Rule rule, int number, Counter counter) {
    }

    private static final Counter NONE = new Counter();

    private final IpStack ip;
    private final FirewallConfig config;
    private final Counter[] ruleCounters;
    private final Counter[] policyCounters = new Counter[Direction.values().length];
    private final List<List<Entry>> chains = new ArrayList<>();

    Firewall(IpStack ip, FirewallConfig config) {
        this.ip = ip;
        this.config = config;
        List<Rule> written = config.rules();
        this.ruleCounters = new Counter[written.size()];
        for (int i = 0; i < ruleCounters.length; i++) {
            ruleCounters[i] = new Counter();
        }
        for (Direction d : Direction.values()) {
            policyCounters[d.ordinal()] = new Counter();
            List<Entry> chain = new ArrayList<>();
            for (Rule r : config.chain(d, 4)) { // iptables' rules; Firewall6 runs ip6tables'
                int i = indexOf(written, r);
                chain.add(i >= 0 ? new Entry(r, i + 1, ruleCounters[i]) : new Entry(r, 0, new Counter()));
            }
            chains.add(List.copyOf(chain));
        }
    }

    /** The index of this very rule object among the written rules (equal rules may be written twice). */
    static int indexOf(List<Rule> rules, Rule r) {
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i) == r) {
                return i;
            }
        }
        return -1;
    }

    public FirewallConfig config() {
        return config;
    }

    public List<Rule> rules() {
        return config.rules();
    }

    @Override
    public List<Entry> chain(Direction d) {
        return chains.get(d.ordinal());
    }

    /** Counters of written rule {@code i} (0-based, in config order). */
    public Counter ruleCounter(int i) {
        return ruleCounters[i];
    }

    @Override
    public Counter policyCounter(Direction d) {
        return policyCounters[d.ordinal()];
    }

    /** Packets the chain's implicit stateful rule passed (always zero when the chain has none). */
    public Counter establishedCounter(Direction d) {
        for (Entry e : chain(d)) {
            if (e.number() == 0) {
                return e.counter();
            }
        }
        return NONE;
    }

    @Override
    public Action policy(Direction d) {
        return config.policy(d);
    }

    /** Decides about a packet; a REJECT also sends the answer. Returns a {@link PacketFilter} verdict. */
    int check(Direction dir, byte[] d, CtState state, Tuple t, NetInterface in) {
        Action action = null;
        Entry matched = null;
        for (Entry e : chain(dir)) {
            if (e.rule().matches(d, t, state)) {
                e.counter().count(d);
                if (e.rule().passesKnownFlows()) {
                    return PacketFilter.ACCEPT; // the flow's first packet had the traced verdict
                }
                action = e.rule().action();
                matched = e;
                break;
            }
        }
        if (action == null) {
            policyCounters[dir.ordinal()].count(d);
            action = policy(dir);
        }
        if (ip.trace().enabled()) {
            ip.trace().emit(ip.nodeName(), FirewallEvents.VERDICT, dir.chain(), action.target(),
                    matched != null ? String.valueOf(matched.number()) : "policy",
                    matched != null ? matched.rule().toString() : "policy " + action.name().toLowerCase(Locale.ROOT),
                    state.name(), t != null ? t.toString() : Nat.describe(d));
        }
        if (action == Action.ALLOW) {
            return PacketFilter.ACCEPT;
        }
        if (action == Action.REJECT && dir != Direction.OUT) {
            reject(d);
        }
        return PacketFilter.DROP;
    }

    /** Answers a rejected packet: RST for TCP (RFC 9293 3.10.7.1), ICMP port unreachable otherwise. */
    private void reject(byte[] d) {
        int flags = Conntrack.tcpFlags(d);
        if (flags >= 0) {
            if ((flags & TcpPacket.RST) == 0) {
                sendReset(d);
            }
            return;
        }
        ip.icmp().sendError(d, IcmpPacket.DEST_UNREACHABLE, IcmpPacket.CODE_PORT_UNREACHABLE, 0);
    }

    /**
     * RFC 9293 3.10.7.1, a segment to a closed port: if it carried an ACK, {@code <SEQ=SEG.ACK><CTL=RST>};
     * else {@code <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>}. Sent from the address the segment was
     * addressed to, as Linux's REJECT --reject-with tcp-reset does.
     */
    private void sendReset(byte[] d) {
        int l4 = Ipv4Packet.headerLength(d, 0);
        int src = Ipv4Packet.dst(d, 0);
        int dst = Ipv4Packet.src(d, 0);
        int sport = TcpPacket.srcPort(d, l4);
        int dport = TcpPacket.dstPort(d, l4);
        TcpRepr rst = TcpRepr.resetFor(d);
        byte[] r = IpStack.allocate(rst.length());
        rst.emit(r, IpStack.HEADER_ROOM, src, dst);
        if (ip.trace().enabled()) {
            ip.trace().emit(ip.nodeName(), FirewallEvents.RESET, Ip4.str(dst) + ":" + sport, Ip4.str(src) + ":" + dport);
        }
        ip.output(r, src, dst, Ipv4Packet.PROTO_TCP, IpStack.DEFAULT_TTL, true);
    }
}
