package dev.minternet.routing.bgp;

import dev.minternet.link.Link;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts BGP on the routers of a world that have a configuration: one {@link BgpSpeaker} per
 * router, attached to its node (tools find it with {@code node.service(BgpSpeaker.class)}), and
 * every speaker re-resolves its next hops when a link changes state.
 */
public final class Bgp {
    private final List<BgpSpeaker> speakers = new ArrayList<>();

    private Bgp() {
    }

    /** Installs and starts a speaker on each node named in {@code configs} (in the world's node order). */
    public static Bgp install(World world, Map<String, BgpConfig> configs) {
        Bgp b = new Bgp();
        AttrTable attrs = new AttrTable();
        for (Node n : world.nodes()) {
            BgpConfig c = configs.get(n.name());
            if (c != null) {
                BgpSpeaker s = new BgpSpeaker(n, c, attrs);
                n.attach(BgpSpeaker.class, s);
                b.speakers.add(s);
                // an IGP's new routes may change how next hops resolve (BGP's own installs are not news)
                n.ip().table().onInstalled(proto -> {
                    if (!proto.equals(BgpSpeaker.PROTO)) {
                        s.reresolve();
                    }
                });
            }
        }
        for (Link l : world.links()) {
            l.onStateChange(x -> {
                for (BgpSpeaker s : b.speakers) {
                    s.node().enterRegion();
                    s.reresolve();
                }
            });
        }
        for (BgpSpeaker s : b.speakers) {
            s.node().enterRegion();
            s.start();
        }
        return b;
    }

    public List<BgpSpeaker> speakers() {
        return speakers;
    }
}
