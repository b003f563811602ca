package dev.minternet.tools;

import dev.minternet.ip.NetInterface;
import dev.minternet.ip6.Ip6Interface;
import dev.minternet.ip6.Ip6Stack;
import dev.minternet.node.Node;
import dev.minternet.wire.Ip4;

/**
 * {@code hostname} (net-tools 2.10, display only): the node's name; {@code -s} and {@code -f} the
 * same (a node's name has no domain); {@code -i} the addresses the name resolves to (the world's
 * hosts table: the node's first address); {@code -I} every address of the node's interfaces but
 * loopback and IPv6 link-local ones, IPv4 first, each followed by a space.
 */
public final class HostnameTool extends FlagsTool {
    public HostnameTool() {
        super("hostname", "hostname [-s|-f|-i|-I]", "sfiI");
    }

    @Override
    void run(Node node, Args a, Terminal term) {
        if (a.has('I')) {
            StringBuilder b = new StringBuilder();
            for (NetInterface i : node.ip().interfaces()) {
                if (i.cidr() != null) {
                    b.append(Ip4.str(i.address())).append(' ');
                }
            }
            Ip6Stack ip6 = node.hasIp6() ? node.ip6IfMade() : null;
            for (NetInterface i : node.ip().interfaces()) {
                Ip6Interface i6 = ip6 == null ? null : ip6.iface(i);
                if (i6 != null) {
                    for (Ip6Interface.Address x : i6.addresses()) {
                        if (!x.linkLocal() && x.state() != Ip6Interface.AddrState.TENTATIVE
                                && x.state() != Ip6Interface.AddrState.DADFAILED) {
                            b.append(x.cidr().address()).append(' ');
                        }
                    }
                }
            }
            term.println(b.toString());
        } else if (a.has('i')) {
            int addr = node.world().resolve(node.name());
            term.println(addr == 0 ? "hostname: Name or service not known" : Ip4.str(addr));
        } else {
            term.println(node.name());
        }
        term.exit(0);
    }
}
