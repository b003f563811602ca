package dev.minternet.browser;

import dev.minternet.dns.StubResolver;
import dev.minternet.node.Node;
import dev.minternet.wire.Ip6;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** The browser's question to the operating system's resolver, shared by the page and its WebSockets. */
final class DualStackLookup {
    private DualStackLookup() {
    }

    /**
     * Asks the stub resolver for {@code name}: on a dual-stack node AAAA beside A, both at once
     * (RFC 8305 section 3), the AAAA answer kept in {@code aaaa}; {@code then} gets the A answer (0: none).
     */
    static void ask(Node node, String name, Map<String, List<Ip6>> aaaa, IntConsumer then) {
        StubResolver stub = node.service(StubResolver.class);
        if (!node.ip6().enabled() || stub == null || node.world().resolve(name) != 0) {
            StubResolver.getaddrinfo(node, name, then);
            return;
        }
        List<Ip6> v6 = new ArrayList<>();
        int[] pending = {2};
        int[] v4 = {0};
        Runnable both = () -> {
            if (--pending[0] == 0) {
                aaaa.put(name, v6);
                then.accept(v4[0]);
            }
        };
        stub.lookup(name, Type.AAAA, ans -> {
            for (Record r : ans.records()) {
                if (r instanceof AAAARecord q) {
                    v6.add(Ip6.read(q.getAddress().getAddress(), 0));
                }
            }
            both.run();
        });
        stub.lookup(name, Type.A, ans -> {
            v4[0] = ans.ok() ? ans.addresses().get(0) : 0;
            both.run();
        });
    }
}
