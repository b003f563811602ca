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
import dev.minternet.wire.TcpOptions;
import dev.minternet.wire.TcpPacket;
import dev.minternet.wire.TcpRepr;
import java.util.List;
import java.util.Locale;

/**
 * The stateful packet filter of {@link FirewallConfig}: ESTABLISHED and RELATED packets pass,
 * every other packet is matched against the rules of its direction in order, first match wins,
 * else the direction's policy applies. Counts packets and bytes per rule, per policy and for the
 * implicit established rule, as {@code iptables -L -v} shows them.
 */
public final class Firewall {
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

    private final IpStack ip;
    private final FirewallConfig config;
    private final Counter[] ruleCounters;
    private final Counter[] policyCounters = new Counter[Direction.values().length];
    private final Counter[] establishedCounters = new Counter[Direction.values().length];

    Firewall(IpStack ip, FirewallConfig config) {
        this.ip = ip;
        this.config = config;
        this.ruleCounters = new Counter[config.rules().size()];
        for (int i = 0; i < ruleCounters.length; i++) {
            ruleCounters[i] = new Counter();
        }
        for (int i = 0; i < policyCounters.length; i++) {
            policyCounters[i] = new Counter();
            establishedCounters[i] = new Counter();
        }
    }

    public FirewallConfig config() {
        return config;
    }

    public List<Rule> rules() {
        return config.rules();
    }

    /** Counters of rule {@code i} (0-based, in config order). */
    public Counter ruleCounter(int i) {
        return ruleCounters[i];
    }

    public Counter policyCounter(Direction d) {
        return policyCounters[d.ordinal()];
    }

    /** Packets passed because conntrack knew their flow. */
    public Counter establishedCounter(Direction d) {
        return establishedCounters[d.ordinal()];
    }

    public Action policy(Direction d) {
        return switch (d) {
            case IN -> config.policyIn();
            case OUT -> config.policyOut();
            case FORWARD -> config.policyForward();
        };
    }

    /** Decides about a packet; a REJECT also sends the answer. Returns a {@link PacketFilter} verdict. */
    int check(Direction dir, byte[] d, CtState state, Tuple t, NetInterface in) {
        if (state == CtState.ESTABLISHED || state == CtState.RELATED) {
            establishedCounters[dir.ordinal()].count(d);
            return PacketFilter.ACCEPT;
        }
        List<Rule> rules = config.rules();
        Action action = null;
        int matched = -1;
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            if (r.direction() == dir && r.matches(d, t)) {
                ruleCounters[i].count(d);
                action = r.action();
                matched = i;
                break;
            }
        }
        if (action == null) {
            policyCounters[dir.ordinal()].count(d);
            action = policy(dir);
        }
        if (ip.trace().enabled()) {
            ip.trace().emit(ip.nodeName(), FirewallEvents.VERDICT, dir.chain(), action.target(),
                    matched >= 0 ? String.valueOf(matched + 1) : "policy",
                    matched >= 0 ? rules.get(matched).toString() : "policy " + action.name().toLowerCase(Locale.ROOT),
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
        int flags = TcpPacket.flags(d, l4);
        int segLen = Ipv4Packet.totalLength(d, 0) - l4 - TcpPacket.headerLength(d, l4);
        if ((flags & TcpPacket.SYN) != 0) {
            segLen++;
        }
        if ((flags & TcpPacket.FIN) != 0) {
            segLen++;
        }
        int src = Ipv4Packet.dst(d, 0);
        int dst = Ipv4Packet.src(d, 0);
        int sport = TcpPacket.srcPort(d, l4);
        int dport = TcpPacket.dstPort(d, l4);
        TcpRepr rst = (flags & TcpPacket.ACK) != 0
                ? TcpRepr.control(dport, sport, TcpPacket.ack(d, l4), 0, TcpPacket.RST, 0, TcpOptions.NONE)
                : TcpRepr.control(dport, sport, 0, TcpPacket.seq(d, l4) + segLen, TcpPacket.RST | TcpPacket.ACK, 0,
                        TcpOptions.NONE);
        byte[] r = IpStack.allocate(rst.length());
        rst.emit(r, IpStack.HEADER_ROOM, src, dst);
        if (ip.trace().enabled()) {
            ip.trace().emit(ip.nodeName(), FirewallEvents.RESET, Ip4.str(dst) + ":" + sport, Ip4.str(src) + ":" + dport);
        }
        ip.output(r, src, dst, Ipv4Packet.PROTO_TCP, IpStack.DEFAULT_TTL, true);
    }
}
