package dev.minternet.live;

import dev.minternet.dns.StubResolver;
import dev.minternet.node.Node;
import dev.minternet.wire.Ip4;
import java.util.function.Consumer;

/**
 * What a real client may reach through the bridges: addresses of the simulated world's
 * interfaces and names that resolve to one inside the world. Nothing is ever opened on the real
 * network (the bridges only open connections on simulated nodes), and a target outside the world
 * is refused with a reason, so live mode is never an open proxy.
 */
final class WorldScope {
    /** Where a name led: an address inside the world, or why not. */
    record Target(int address, String refusal) {
        boolean allowed() {
            return refusal == null;
        }
    }

    private WorldScope() {
    }

    /**
     * Resolves {@code host} as {@code from} would (its hosts table, then its stub resolver, in
     * simulated time) and checks that the address belongs to the world. Runs on the simulation
     * thread; {@code done} runs there too.
     */
    static void resolve(Node from, String host, Consumer<Target> done) {
        if (host.isEmpty() || host.length() > 253) {
            done.accept(new Target(0, "no host"));
            return;
        }
        if (Ip4.isAddress(host) && from.world().interfaceAt(Ip4.parse(host)) == null) {
            done.accept(new Target(0, host + " is not an address inside the simulated world"));
            return;
        }
        StubResolver.getaddrinfo(from, host, a -> {
            if (a == 0) {
                done.accept(new Target(0, host + " does not resolve inside the simulated world"));
            } else if (from.world().interfaceAt(a) == null) {
                done.accept(new Target(0, host + " resolves to " + Ip4.str(a) + ", not an address inside the simulated world"));
            } else {
                done.accept(new Target(a, null));
            }
        });
    }
}
