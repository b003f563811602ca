package dev.minternet.transport.tcp;

import dev.minternet.node.LinkParams;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.routing.GlobalRouting;
import dev.minternet.wire.Ip4.Cidr;
import java.time.Instant;

/** Test topologies built with the World API. */
final class Paths {
    private Paths() {
    }

    /** a - r1 - ... - rN - b; link k has params {@code links[k]}, addresses 10.0.k.1 / 10.0.k.2. */
    static World line(long seed, LinkParams... links) {
        World w = new World(seed, Instant.parse("2025-01-01T00:00:00Z"));
        Node prev = w.addHost("a");
        for (int k = 0; k < links.length; k++) {
            Node next = k == links.length - 1 ? w.addHost("b") : w.addRouter("r" + (k + 1));
            w.connect("l" + k, prev, "eth" + prev.ip().interfaces().size(), Cidr.parse("10.0." + k + ".1/24"),
                    next, "eth" + next.ip().interfaces().size(), Cidr.parse("10.0." + k + ".2/24"), links[k]);
            prev = next;
        }
        GlobalRouting.install(w);
        return w;
    }
}
