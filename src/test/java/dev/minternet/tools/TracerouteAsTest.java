package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.node.LinkParams;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.routing.bgp.AutonomousSystem;
import dev.minternet.routing.bgp.Bgp;
import dev.minternet.routing.bgp.BgpConfig;
import dev.minternet.routing.bgp.BgpMessage;
import dev.minternet.routing.bgp.BgpMessage.Prefix;
import dev.minternet.testing.Runs;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip4.Cidr;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * traceroute -A: each answering hop's address is followed by " [AS...]" (or " [*]"), the layout of
 * traceroute 2.1's AS path lookups (checked against the real traceroute 2.1.2 with a local whois
 * server: " 1  127.0.0.1 [AS100/AS200]  0.031 ms  0.007 ms  0.006 ms"); the AS comes from the
 * simulated world's BGP origins and {@code as:} fields, not from whois.
 */
class TracerouteAsTest {
    private static final String RTT = "  \\d+\\.\\d{3} ms";
    private static final String RTTS = RTT + RTT + RTT;

    @TempDir
    Path dir;

    @Test
    void bgp_example_prints_each_hops_as_before_and_after_the_failure() throws Exception {
        Runs.Result r = Runs.example(Path.of("examples/bgp.yaml"), dir.resolve("run"));
        List<String> h5 = r.terminal("h5");
        int first = h5.indexOf("traceroute to 10.4.1.10 (10.4.1.10), 30 hops max, 60 byte packets");
        assertThat(first).isGreaterThanOrEqualTo(0);
        // through the customer path: AS 500, AS 100 (a link address: r100's own as:), AS 300, AS 400
        assertThat(h5.subList(first + 1, first + 6)).satisfiesExactly(
                l -> assertThat(l).matches(" 1  10\\.5\\.1\\.1 \\[AS500\\]" + RTTS),
                l -> assertThat(l).matches(" 2  10\\.0\\.15\\.1 \\[AS100\\]" + RTTS),
                l -> assertThat(l).matches(" 3  10\\.0\\.13\\.2 \\[AS300\\]" + RTTS),
                l -> assertThat(l).matches(" 4  10\\.0\\.34\\.2 \\[AS400\\]" + RTTS),
                l -> assertThat(l).matches(" 5  10\\.4\\.1\\.10 \\[AS400\\]" + RTTS));
        int second = h5.lastIndexOf("traceroute to 10.4.1.10 (10.4.1.10), 30 hops max, 60 byte packets");
        assertThat(second).isGreaterThan(first);
        // after r300--r400 fails: through the peer AS 200
        assertThat(h5.get(second + 3)).matches(" 3  10\\.0\\.12\\.2 \\[AS200\\]" + RTTS);
        assertThat(h5.get(second + 4)).matches(" 4  10\\.0\\.24\\.2 \\[AS400\\]" + RTTS);
    }

    @Test
    void hops_without_an_as_print_a_star_and_names_come_before_the_as() {
        // r1 has an as: but no bgp: (its own AS is the answer); r2 and b have none
        Runs.Result r = Runs.run("""
                name: as-fallback
                nodes:
                  - {name: a, kind: host, routes: [default via 10.0.0.2]}
                  - {name: r1, kind: router, as: 65001, routes: [default via 10.0.1.2]}
                  - {name: r2, kind: router, routes: [10.0.0.0/24 via 10.0.1.1]}
                  - {name: b, kind: host, routes: [default via 10.0.2.1]}
                links:
                  - {a: a 10.0.0.1/24, b: r1 10.0.0.2/24}
                  - {a: r1 10.0.1.1/24, b: r2 10.0.1.2/24}
                  - {a: r2 10.0.2.1/24, b: b 10.0.2.2/24}
                timeline:
                  - {at: 1s, on: a, run: "traceroute -A -n -q 1 -m 4 b"}
                  - {at: 2s, on: a, run: "traceroute -A b"}
                  - {at: 3s, on: a, run: "traceroute -n b"}
                """);
        List<String> t = r.terminal("a");
        assertThat(t.subList(0, 4)).satisfiesExactly(
                l -> assertThat(l).isEqualTo("traceroute to b (10.0.2.2), 4 hops max, 60 byte packets"),
                l -> assertThat(l).matches(" 1  10\\.0\\.0\\.2 \\[AS65001\\]" + RTT),
                l -> assertThat(l).matches(" 2  10\\.0\\.1\\.2 \\[\\*\\]" + RTT),
                l -> assertThat(l).matches(" 3  10\\.0\\.2\\.2 \\[\\*\\]" + RTT));
        assertThat(t.get(5)).matches(" 1  r1 \\(10\\.0\\.0\\.2\\) \\[AS65001\\]" + RTTS);
        assertThat(t.get(6)).matches(" 2  r2 \\(10\\.0\\.1\\.2\\) \\[\\*\\]" + RTTS);
        // without -A nothing is added
        assertThat(t.get(9)).matches(" 1  10\\.0\\.0\\.2" + RTTS);
    }

    @Test
    void the_longest_originated_prefix_wins_then_equal_origins_join_then_the_owners_as() {
        World w = new World(1, Instant.parse("2026-01-01T00:00:00Z"));
        Node r1 = w.addRouter("r1");
        Node r2 = w.addRouter("r2");
        Node h = w.addHost("h");
        Node x = w.addHost("x");
        Node y = w.addHost("y");
        w.connect(r1, Cidr.parse("10.9.1.1/24"), h, Cidr.parse("10.9.1.10/24"), LinkParams.DEFAULT);
        w.connect(r2, Cidr.parse("10.0.0.1/30"), x, Cidr.parse("10.0.0.2/30"), LinkParams.DEFAULT);
        w.connect(r2, Cidr.parse("172.16.0.1/30"), y, Cidr.parse("172.16.0.2/30"), LinkParams.DEFAULT);
        y.attach(AutonomousSystem.class, new AutonomousSystem(64512));
        Map<String, BgpConfig> cfg = new LinkedHashMap<>();
        cfg.put("r1", config(65001, "10.9.0.0/16"));
        cfg.put("r2", config(65002, "10.9.0.0/16", "10.9.1.0/24"));
        Bgp.install(w, cfg);

        // h's address: r2's /24 beats both /16s
        assertThat(AsPathLookup.lookup(w, Ip4.parse("10.9.1.10"))).isEqualTo("AS65002");
        // r1's own address: the originated prefix beats the owner's AS
        assertThat(AsPathLookup.lookup(w, Ip4.parse("10.9.1.1"))).isEqualTo("AS65002");
        // two origins of the same /16 join with "/", as traceroute joins whois origins
        assertThat(AsPathLookup.lookup(w, Ip4.parse("10.9.200.7"))).isEqualTo("AS65001/AS65002");
        // not covered: the owner's AS (a speaker's, or an as: without bgp), else "*"
        assertThat(AsPathLookup.lookup(w, Ip4.parse("10.0.0.1"))).isEqualTo("AS65002");
        assertThat(AsPathLookup.lookup(w, Ip4.parse("172.16.0.2"))).isEqualTo("AS64512");
        assertThat(AsPathLookup.lookup(w, Ip4.parse("10.0.0.2"))).isEqualTo("*");
        assertThat(AsPathLookup.lookup(w, Ip4.parse("192.0.2.1"))).isEqualTo("*");
    }

    private static BgpConfig config(long as, String... networks) {
        List<BgpConfig.Network> nets = java.util.Arrays.stream(networks).map(n -> {
            Cidr c = Cidr.parse(n);
            return new BgpConfig.Network(new Prefix(c.network(), c.length()), BgpMessage.ORIGIN_IGP, List.of());
        }).toList();
        return new BgpConfig(as, (int) as, nets, Map.of(), List.of(), BgpConfig.DEFAULT_HOLD_NS,
                BgpConfig.DEFAULT_KEEPALIVE_NS, BgpConfig.DEFAULT_CONNECT_RETRY_NS);
    }
}
