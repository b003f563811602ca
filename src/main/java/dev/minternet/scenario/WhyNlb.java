package dev.minternet.scenario;

import dev.minternet.ip.Route;
import dev.minternet.netfilter.NlbFabric;
import dev.minternet.node.Node;
import dev.minternet.wire.Ip4;
import java.util.Set;

/**
 * What {@link Why} needs to know of network load balancers: the target a new flow gets in a
 * zone's subnet router (the balancer's own choice, asked without side effects, so the probe that
 * follows goes the same way), and the policy route that takes a target's answer back there.
 */
final class WhyNlb {
    private WhyNlb() {
    }

    /**
     * The new destination {address, port} when a balancer's listener at node {@code n} takes the
     * packet (its line gets the choice and the rule), or null; {@code stop[0]} is set when the
     * listener has no target for the zone.
     */
    static int[] forward(Node n, int proto, int src, int sport, int dst, int dport, StringBuilder line, String[] stop) {
        for (NlbFabric f : NlbFabric.at(n.ip())) {
            NlbFabric.Choice c = f.predict(n.name(), proto, src, sport, dst, dport);
            if (c == null) {
                continue;
            }
            if (!c.found()) {
                stop[0] = c.rule();
                line.append(c.rule()).append("; ");
                return null;
            }
            line.append("network load balancer ").append(f.spec().name()).append(": dnat ").append(Ip4.str(dst))
                    .append(':').append(dport).append(" to target ").append(c.targetName()).append(' ')
                    .append(Ip4.str(c.addr())).append(':').append(c.port()).append(", client address kept (")
                    .append(c.rule()).append("); ");
            return new int[] {c.addr(), c.port()};
        }
        return null;
    }

    /**
     * The policy route at fabric router {@code n} for an answer from a target whose flow a
     * balancer translated at another router (keys "ROUTER/nlb" of the walk's translations), or null.
     */
    static Route steer(Node n, int proto, int src, int sport, Set<String> xlatKeys) {
        for (String k : xlatKeys) {
            if (!k.endsWith("/nlb")) {
                continue;
            }
            String router = k.substring(0, k.length() - "/nlb".length());
            if (router.equals(n.name())) {
                continue;
            }
            Node zr = n.world().node(router);
            for (NlbFabric f : NlbFabric.at(zr.ip())) {
                int z = f.zoneOf(router);
                Route r = z < 0 ? null : f.steering(n.name(), z);
                if (r != null && targetOf(f, proto, src, sport)) {
                    return r;
                }
            }
        }
        return null;
    }

    private static boolean targetOf(NlbFabric f, int proto, int src, int sport) {
        for (NlbFabric.Group g : f.spec().groups()) {
            if (g.proto() == proto && g.port() == sport) {
                for (NlbFabric.Target t : g.targets()) {
                    if (t.addr() == src) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
