package dev.minternet.tools;

import dev.minternet.netfilter.Conn;
import dev.minternet.netfilter.Netfilter;
import dev.minternet.netfilter.Tuple;
import dev.minternet.node.Node;
import dev.minternet.sim.Durations;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ipv4Packet;
import java.util.List;
import java.util.Locale;

/** {@code conntrack -L}: the node's tracked flows, one line each, as conntrack-tools prints them. */
public final class ConntrackTool implements Tool {
    @Override
    public String name() {
        return "conntrack";
    }

    @Override
    public String synopsis() {
        return "conntrack -L";
    }

    @Override
    public void validate(List<String> argv) {
        if (!argv.equals(List.of("-L"))) {
            throw new IllegalArgumentException("only -L (list the flows) is available");
        }
    }

    @Override
    public void start(Node node, List<String> argv, Terminal term) {
        if (!argv.equals(List.of("-L"))) {
            term.println("conntrack v1.4.7 (conntrack-tools): only -L (list the flows) is available");
            term.exit(2);
            return;
        }
        Netfilter nf = Netfilter.of(node.ip());
        List<Conn> flows = nf == null ? List.of() : nf.flows();
        long now = node.sim().now();
        for (Conn c : flows) {
            Tuple o = c.orig();
            StringBuilder b = new StringBuilder();
            b.append(String.format("%-8s %d %d ", Ipv4Packet.protocolName(o.proto()), o.proto(),
                    (c.expiresAt() - now) / Durations.S));
            if (o.proto() == Ipv4Packet.PROTO_TCP) {
                b.append(c.tcpState().name().toUpperCase(Locale.ROOT)).append(' ');
            }
            b.append(tuple(o, true));
            if (!c.seenReply()) {
                b.append(" [UNREPLIED]");
            }
            b.append(' ').append(tuple(c.reply(), false));
            if (c.seenReply()) {
                b.append(" [ASSURED]");
            }
            b.append(" mark=0 use=1");
            term.println(b.toString());
        }
        term.println("conntrack v1.4.7 (conntrack-tools): " + flows.size() + " flow entries have been shown.");
        term.exit(0);
    }

    private static String tuple(Tuple t, boolean original) {
        String s = "src=" + Ip4.str(t.src()) + " dst=" + Ip4.str(t.dst());
        if (t.proto() == Ipv4Packet.PROTO_ICMP) {
            // the original direction is the echo request (its id is the source "port"), the reply an echo reply
            return s + (original ? " type=8 code=0 id=" + t.srcPort() : " type=0 code=0 id=" + t.dstPort());
        }
        if (t.proto() == Ipv4Packet.PROTO_TCP || t.proto() == Ipv4Packet.PROTO_UDP) {
            return s + " sport=" + t.srcPort() + " dport=" + t.dstPort();
        }
        return s;
    }
}
