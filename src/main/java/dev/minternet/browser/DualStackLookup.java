package dev.minternet.browser;

import dev.minternet.dns.StubResolver;
import dev.minternet.endpoint.Dial;
import dev.minternet.endpoint.Endpoints;
import dev.minternet.endpoint.HappyEyeballs;
import dev.minternet.endpoint.Steps;
import dev.minternet.node.Node;
import dev.minternet.wire.Ip6;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The browser's question to the operating system's resolver and its connection to the answer,
 * shared by the page, its sub-resources on other origins and its WebSockets.
 */
final class DualStackLookup {
    /** Why a name with AAAA records and no A record goes over IPv6. */
    static final String NO_A = "the name has no A record";
    /** Why a name with an A record and no AAAA record goes over IPv4. */
    static final String NO_AAAA = "the name has no AAAA record";

    /** Hears the dial that connected, before its TCP step: whether the families raced, and why this one. */
    interface Won {
        void won(Dial d, boolean raced, String why);
    }

    private DualStackLookup() {
    }

    /**
     * Connects to a name's addresses as Chromium's connect job does: with both families, Happy
     * Eyeballs v2 (RFC 8305, the 250 ms connection attempt delay, the family the node prefers
     * first); with one ({@code d4} null: the name has no A record; {@code d6} empty: no AAAA
     * record), that family's addresses one after another, each next one when the previous failed.
     */
    static void connect(Node node, Dial d4, List<Dial> d6, Steps steps, Won won) {
        if (d4 != null && !d6.isEmpty()) {
            HappyEyeballs.connect(node, d6, List.of(d4), HappyEyeballs.prefersV6(node, List.of(d6.get(0).address6())),
                    HappyEyeballs.RFC_DELAY_NS, steps, new HappyEyeballs.Observer() {
                        @Override
                        public void won(Dial w, String how) {
                            won.won(w, true, how);
                        }
                    });
            return;
        }
        String why = d6.isEmpty() ? NO_AAAA : NO_A;
        List<Dial> one = d6.isEmpty() ? List.of(d4) : d6;
        if (one.size() > 1) {
            HappyEyeballs.connect(node, one, List.of(), true, HappyEyeballs.RFC_DELAY_NS, steps, new HappyEyeballs.Observer() {
                @Override
                public void won(Dial w, String how) {
                    won.won(w, false, why);
                }
            });
            return;
        }
        Dial d = one.get(0);
        Endpoints.connect(node, d, Steps.onTcp(tcp -> won.won(d, false, why), steps));
    }

    /** {@code d} to each of {@code v6}. */
    static List<Dial> to6(Dial d, List<Ip6> v6) {
        List<Dial> out = new ArrayList<>();
        v6.forEach(x -> out.add(d.to6(x)));
        return out;
    }

    /** Where Chromium's IPv6 probe "connects" a UDP socket (Google Public DNS, kIPv6ProbeAddress). */
    static final Ip6 PROBE = Ip6.parse("2001:4860:4860::8888");

    /**
     * Whether IPv6 reaches the internet from {@code node}, as Chromium's probe decides
     * (HostResolverManager::IsGloballyReachable): a route to {@link #PROBE} and a source address
     * for it that is neither link-local nor Teredo (2001::/32). Without it Chromium asks A alone.
     */
    static boolean ipv6Reachable(Node node) {
        if (!node.ip6().enabled()) {
            return false;
        }
        Ip6 src = node.ip6().sourceFor(PROBE);
        return src != null && !src.isLinkLocal() && !(src.group(0) == 0x2001 && src.group(1) == 0);
    }

    /**
     * Asks the stub resolver for {@code name}: on a node IPv6 reaches the internet from
     * ({@link #ipv6Reachable}) AAAA beside A, both at once (RFC 8305 section 3), the AAAA answer
     * kept in {@code aaaa}; {@code then} gets the A answer (0: none).
     */
    static void ask(Node node, String name, Map<String, List<Ip6>> aaaa, IntConsumer then) {
        StubResolver stub = node.service(StubResolver.class);
        if (!ipv6Reachable(node) || stub == null || node.world().resolve(name) != 0) {
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

    /** IPv6 addresses as the stub resolver's lookup lists them (comma-separated). */
    static String joined(List<Ip6> v6) {
        List<String> out = new ArrayList<>();
        v6.forEach(x -> out.add(x.toString()));
        return String.join(",", out);
    }
}
