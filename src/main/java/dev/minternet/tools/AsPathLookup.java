package dev.minternet.tools;

import dev.minternet.ip.NetInterface;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.routing.bgp.AutonomousSystem;
import dev.minternet.routing.bgp.BgpConfig;
import dev.minternet.routing.bgp.BgpSpeaker;
import java.util.ArrayList;
import java.util.List;

/**
 * traceroute -A's AS lookup, modelled: the real tool asks a routing registry over whois (route
 * objects and their origin: lines); here the registry is the simulated world. An address's answer
 * is the origin AS of the longest prefix a BGP speaker originates ({@code networks:}) that covers
 * it, several origins of equally long prefixes joined with "/" (as traceroute joins whois
 * answers); failing that the {@code as:} of the node owning the address; else "*".
 */
final class AsPathLookup {
    private AsPathLookup() {
    }

    /** "AS100", "AS100/AS200" or "*", as traceroute prints it between brackets. */
    static String lookup(World world, int addr) {
        int best = -1;
        List<Long> origins = new ArrayList<>();
        for (Node n : world.nodes()) {
            BgpSpeaker sp = n.service(BgpSpeaker.class);
            if (sp == null) {
                continue;
            }
            for (BgpConfig.Network net : sp.config().networks()) {
                if (!net.prefix().contains(addr) || net.prefix().length() < best) {
                    continue;
                }
                if (net.prefix().length() > best) {
                    best = net.prefix().length();
                    origins.clear();
                }
                if (!origins.contains(sp.config().as())) {
                    origins.add(sp.config().as());
                }
            }
        }
        if (origins.isEmpty()) {
            NetInterface owner = world.interfaceAt(addr);
            Node n = owner == null ? null : world.node(owner.nodeName());
            AutonomousSystem as = n == null ? null : n.service(AutonomousSystem.class);
            BgpSpeaker sp = n == null ? null : n.service(BgpSpeaker.class);
            if (as != null) {
                origins.add(as.number());
            } else if (sp != null) {
                origins.add(sp.config().as());
            }
        }
        if (origins.isEmpty()) {
            return "*";
        }
        StringBuilder sb = new StringBuilder();
        for (long as : origins) {
            sb.append(sb.length() == 0 ? "" : "/").append("AS").append(as);
        }
        return sb.toString();
    }
}
