package dev.minternet.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.bench.ManyHosts;
import dev.minternet.ip.Route;
import dev.minternet.link.Link;
import dev.minternet.node.LinkParams;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.testing.Runs;
import dev.minternet.tools.ToolEvents;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip4.Cidr;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GlobalRoutingTest {

    /** a - r1 - r2 - r4 - b with a longer detour r1 - r3 - r4 (cost 5 on r3's links). */
    static final String DIAMOND = """
            name: diamond
            routing: global
            nodes:
              - {name: a, kind: host}
              - {name: r1, kind: router}
              - {name: r2, kind: router}
              - {name: r3, kind: router}
              - {name: r4, kind: router}
              - {name: b, kind: host}
            links:
              - {name: a-r1, a: a 10.1.0.2/24, b: r1 10.1.0.1/24, delay: 1ms}
              - {name: r1-r2, a: r1 10.0.12.1/30, b: r2 10.0.12.2/30, delay: 5ms}
              - {name: r2-r4, a: r2 10.0.24.1/30, b: r4 10.0.24.2/30, delay: 5ms}
              - {name: r1-r3, a: r1 10.0.13.1/30, b: r3 10.0.13.2/30, delay: 20ms, cost: 5}
              - {name: r3-r4, a: r3 10.0.34.1/30, b: r4 10.0.34.2/30, delay: 20ms, cost: 5}
              - {name: r4-b, a: r4 10.2.0.1/24, b: b 10.2.0.2/24, delay: 1ms}
            timeline:
            """;

    @Test
    void traffic_takes_the_cheapest_path_and_reroutes_when_a_link_fails() {
        Runs.Result r = Runs.run(DIAMOND + """
                  - {at: 1s, on: a, run: "traceroute -n b"}
                  - {at: 5s, fail-link: r2-r4}
                  - {at: 6s, on: a, run: "traceroute -n b"}
                  - {at: 10s, restore-link: r2-r4}
                  - {at: 11s, on: a, run: "ping -c 1 b"}
                """);
        List<String> t = r.terminal("a");
        assertThat(t.get(2)).startsWith(" 2  10.0.12.2 ");
        int idx = -1;
        for (int i = 1; i < t.size(); i++) {
            if (t.get(i).startsWith("traceroute to")) {
                idx = i;
            }
        }
        assertThat(idx).isPositive();
        assertThat(t.get(idx + 2)).startsWith(" 2  10.0.13.2 ");
        assertThat(t.get(idx + 3)).startsWith(" 3  10.0.34.2 ");
        assertThat(r.events(ToolEvents.PING_REPLY)).singleElement()
                .satisfies(e -> assertThat(e.num(ToolEvents.RTT_NS)).isLessThan(30_000_000L)); // back on the short path
    }

    @Test
    void router_tables_hold_prefixes_not_hosts_and_hosts_are_never_transit() {
        ManyHosts m = ManyHosts.build(50, 0, 1);
        // 50 hosts, 8 edge routers: a host uses a default route; the core reaches each /30 via its edge.
        Route hostDefault = m.world().node("h0").ip().route(Ip4.parse("10.0.0.200"));
        assertThat(hostDefault.isDefault()).isTrue();
        Route coreToHost = m.world().node("core").ip().route(m.world().resolve("h49"));
        assertThat(coreToHost.length()).isEqualTo(30);
        assertThat(coreToHost.iface().peer().nodeName()).isEqualTo("e7");
        assertThat(m.world().node("e0").ip().routes()).hasSizeGreaterThan(50);
    }

    @Test
    void many_hosts_echo_workload_gets_every_reply() {
        ManyHosts.Result res = ManyHosts.run(200, 3, 9);
        assertThat(res.requestsSent()).isEqualTo(600);
        assertThat(res.repliesReceived()).isEqualTo(600);
        assertThat(res.routers()).isEqualTo(16);
    }

    /**
     * A router that cannot reach the owner of the longest prefix covering an address goes by the
     * next longest one it can reach: r3's 10.1.5.0/24 sits inside r2's 10.1.0.0/16, and once r1
     * loses its link to r3 it sends 10.1.5.7 to r2.
     */
    @Test
    void an_unreachable_longest_prefix_falls_back_to_a_shorter_one() {
        World w = new World(1, Instant.parse("2026-01-01T00:00:00Z"));
        Node r1 = w.addRouter("r1");
        Node r2 = w.addRouter("r2");
        Node r3 = w.addRouter("r3");
        Node h2 = w.addHost("h2");
        Node h3 = w.addHost("h3");
        w.connect(r1, Cidr.parse("10.0.12.1/30"), r2, Cidr.parse("10.0.12.2/30"), LinkParams.DEFAULT);
        Link l13 = w.connect(r1, Cidr.parse("10.0.13.1/30"), r3, Cidr.parse("10.0.13.2/30"), LinkParams.DEFAULT);
        w.connect(r2, Cidr.parse("10.1.0.1/16"), h2, Cidr.parse("10.1.0.2/16"), LinkParams.DEFAULT);
        w.connect(r3, Cidr.parse("10.1.5.1/24"), h3, Cidr.parse("10.1.5.2/24"), LinkParams.DEFAULT);
        GlobalRouting.install(w);
        int dst = Ip4.parse("10.1.5.7");
        Route before = r1.ip().route(dst);
        assertThat(before.length()).isEqualTo(24);
        assertThat(before.gateway()).isEqualTo(Ip4.parse("10.0.13.2"));
        l13.setUp(false);
        Route after = r1.ip().route(dst);
        assertThat(after.network()).isEqualTo(Ip4.parse("10.1.0.0"));
        assertThat(after.length()).isEqualTo(16);
        assertThat(after.gateway()).isEqualTo(Ip4.parse("10.0.12.2"));
    }

    /**
     * What forwarding asks for (one route per neighbour, the network left out) says what the full
     * lookup says in everything forwarding reads: length, interface and gateway, and metric, for
     * every host of a many-hosts world seen from the core and from two edge routers.
     */
    @Test
    void forwarding_routes_agree_with_lookups_but_for_their_network() {
        ManyHosts m = ManyHosts.build(60, 0, 1);
        for (String router : List.of("core", "e0", "e3")) {
            var provider = m.world().node(router).ip().routeProvider();
            for (int h = 0; h < 60; h++) {
                int dst = m.world().resolve("h" + h);
                Route full = provider.lookup(dst);
                Route hop = provider.forwardingLookup(dst);
                if (full == null) {
                    assertThat(hop).isNull();
                    continue;
                }
                assertThat(hop.length()).isEqualTo(full.length());
                assertThat(hop.iface()).isSameAs(full.iface());
                assertThat(hop.gateway()).isEqualTo(full.gateway());
                assertThat(hop.metric()).isEqualTo(full.metric());
            }
        }
        // the same neighbour, the same route object: nothing made per datagram
        var core = m.world().node("core").ip().routeProvider();
        assertThat(core.forwardingLookup(m.world().resolve("h0"))).isSameAs(core.forwardingLookup(m.world().resolve("h1")));
    }
}
