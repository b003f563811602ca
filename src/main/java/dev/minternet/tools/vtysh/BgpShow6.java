package dev.minternet.tools.vtysh;

import dev.minternet.routing.bgp.Bgp6;
import dev.minternet.routing.bgp.Bgp6.Entry6;
import dev.minternet.routing.bgp.Bgp6.Path6;
import dev.minternet.routing.bgp.BgpSession;
import dev.minternet.routing.bgp.BgpSpeaker;
import dev.minternet.routing.bgp.BgpSpeaker.Path;
import dev.minternet.wire.Ip4;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * FRRouting 8.4's {@code show bgp ipv6 unicast summary} and {@code show bgp ipv6 unicast}: the IPv4
 * layouts (see {@link BgpShow}) for the IPv6 unicast family. As FRR does, a network of 17
 * characters or more ends its line and the rest follows at column 20; a next hop of 16 characters
 * or more does too, the rest following at column 36. The next hop shown is the link-local one when
 * the peer sent it (FRR's default without {@code prefer-global}), else the global one; {@code ::}
 * for a route this router originates. "RIB entries" counts the prefixes (FRR counts its radix
 * tree's nodes).
 */
final class BgpShow6 {
    private BgpShow6() {
    }

    static List<String> summary(BgpSpeaker sp, long nowNs) {
        Bgp6 v6 = sp.ipv6();
        List<BgpSession> peers = new ArrayList<>();
        for (BgpSession s : sp.sessions()) {
            if (s.neighbor().ipv6()) {
                peers.add(s);
            }
        }
        if (peers.isEmpty()) {
            return List.of("% No BGP neighbors found in VRF default");
        }
        List<String> out = new ArrayList<>();
        out.add("");
        out.add("IPv6 Unicast Summary (VRF default):");
        out.add("BGP router identifier " + Ip4.str(sp.config().routerId()) + ", local AS number " + sp.config().as()
                + " vrf-id 0");
        out.add("BGP table version " + v6.tableVersion());
        long entries = v6.rib().size();
        out.add("RIB entries " + entries + ", using " + entries * 192 + " bytes of memory");
        out.add("Peers " + peers.size() + ", using " + peers.size() * 724L + " KiB of memory");
        out.add("");
        out.add("Neighbor        V         AS   MsgRcvd   MsgSent   TblVer  InQ OutQ  Up/Down State/PfxRcd   PfxSnt Desc");
        for (BgpSession s : peers) {
            boolean up = s.state() == BgpSession.State.ESTABLISHED;
            String since = !s.everUp() ? "never" : BgpShow.uptime(nowNs - (up ? s.upSinceNs() : s.downSinceNs()));
            String desc = s.neighbor().description() == null ? "N/A" : s.neighbor().description();
            if (desc.length() > 20) {
                desc = desc.substring(0, 20);
            }
            out.add(String.format(Locale.ROOT, "%-16s4 %10d %9d %9d %8d %4d %4d %8s %12s %8d %s",
                    Ip4.str(s.peer()), s.neighbor().remoteAs(), s.messagesReceived(), s.messagesSent(), 0, 0, 0,
                    since, up ? Integer.toString(v6.accepted(s)) : s.state().text, up ? v6.advertised(s) : 0, desc));
        }
        out.add("");
        out.add("Total number of neighbors " + peers.size());
        return out;
    }

    static List<String> table(BgpSpeaker sp) {
        Bgp6 v6 = sp.ipv6();
        List<String> out = BgpShow.tableHeader(sp, v6.tableVersion());
        int routes = 0;
        int paths = 0;
        for (Entry6 e : v6.rib()) {
            if (e.paths().isEmpty()) {
                continue;
            }
            routes++;
            boolean first = true;
            for (Path6 p6 : e.paths()) {
                Path p = p6.path();
                paths++;
                StringBuilder sb = new StringBuilder();
                sb.append(p.valid() ? '*' : ' ').append(p6 == e.best() ? '>' : ' ')
                        .append(!p.local() && !p.external() ? 'i' : ' ');
                String net = first ? e.prefix().toString() : "";
                first = false;
                sb.append(net);
                sb.append(net.length() >= 17 ? "\n" + " ".repeat(20) : " ".repeat(17 - net.length()));
                String nh = p.local() ? "::" : (p6.linkLocal() != null ? p6.linkLocal() : p6.nextHop()).toString();
                sb.append(nh);
                sb.append(nh.length() >= 16 ? "\n" + " ".repeat(36) : " ".repeat(16 - nh.length()));
                BgpShow.metricsPathOrigin(sb, p);
                for (String line : sb.toString().split("\n")) {
                    out.add(line);
                }
            }
        }
        return BgpShow.withFooter(out, routes, paths);
    }
}
