package dev.minternet.tools;

import dev.minternet.dns.StubResolver;
import dev.minternet.node.Node;
import dev.minternet.wire.Ip4;
import java.util.function.IntConsumer;
import org.xbill.DNS.Type;

/**
 * How tools turn a host argument into an address, as getaddrinfo with "hosts: files dns" does:
 * a dotted quad is used as it is; the world's hosts table (node names) comes first; then the
 * node's stub resolver, when the node has one. The answer may come later in simulated time.
 */
final class Names {
    private Names() {
    }

    /** Calls {@code done} with the address, or 0 when the name cannot be resolved. */
    static void resolve(Node node, String target, IntConsumer done) {
        if (Ip4.isAddress(target)) {
            done.accept(Ip4.parse(target));
            return;
        }
        int fromHosts = node.world().resolve(target);
        StubResolver stub = node.service(StubResolver.class);
        if (fromHosts != 0 || stub == null) {
            done.accept(fromHosts);
            return;
        }
        stub.lookup(target, Type.A, a -> done.accept(a.ok() ? a.addresses().get(0) : 0));
    }
}
