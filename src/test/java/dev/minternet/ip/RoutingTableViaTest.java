package dev.minternet.ip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.node.World;
import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.scenario.WorldBuilder;
import dev.minternet.wire.Ip4;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A routing daemon's lone route to a prefix is held as a shared {@link Via} (no {@code Route} kept
 * per prefix): given such routes, every way of reading the table gives back routes equal to those
 * added, as when the table held them themselves.
 */
class RoutingTableViaTest {
    static final int GW = Ip4.parse("10.0.1.2");

    World world;
    NetInterface eth0;
    RoutingTable t;

    @BeforeEach
    void oneLink() throws Exception {
        world = WorldBuilder.build(ScenarioLoader.parse("t.yaml", """
                name: one-link
                seed: 1
                nodes: [{name: r, kind: router}, {name: s, kind: router}]
                links:
                  - {name: a, a: r 10.0.1.1/30, b: s 10.0.1.2/30}
                """));
        eth0 = world.node("r").ip().iface("eth0");
        t = new RoutingTable();
    }

    Route bgp(int network, int length) {
        return new Route(network, length, eth0, GW, 20, "bgp", Route.EBGP);
    }

    @Test
    void a_lone_bgp_route_reads_back_equal_from_every_lookup() {
        Route a = bgp(Ip4.parse("192.0.2.0"), 24);
        Route b = bgp(Ip4.parse("198.51.100.0"), 22);
        t.add(a);
        t.add(b);
        assertThat(t.lookup(Ip4.parse("192.0.2.77"))).isEqualTo(a);
        assertThat(t.lookup(Ip4.parse("198.51.102.1"))).isEqualTo(b);
        assertThat(t.lookupExcept(Ip4.parse("192.0.2.77"), "ospf")).isEqualTo(a);
        assertThat(t.lookupExcept(Ip4.parse("192.0.2.77"), "bgp")).isNull();
        assertThat(t.selected(Ip4.parse("192.0.2.0"), 24)).isEqualTo(a);
        assertThat(t.candidates(Ip4.parse("198.51.100.0"), 22)).containsExactly(b);
        assertThat(t.routes()).containsExactly(a, b);
    }

    @Test
    void a_second_route_to_the_prefix_ranks_with_the_lone_one_and_the_removals_leave_the_other() {
        Route b = bgp(Ip4.parse("192.0.2.0"), 24);
        Route k = new Route(Ip4.parse("192.0.2.0"), 24, eth0, 0, 0, "static");
        Route o = new Route(Ip4.parse("192.0.2.0"), 24, eth0, GW, 20, "ospf");
        t.add(b);
        t.add(o);
        t.add(k);
        assertThat(t.candidates(Ip4.parse("192.0.2.0"), 24)).containsExactly(k, b, o);
        t.removeProto("static");
        assertThat(t.candidates(Ip4.parse("192.0.2.0"), 24)).containsExactly(b, o);
        t.removeProto("bgp", Ip4.parse("192.0.2.0"), 24);
        assertThat(t.candidates(Ip4.parse("192.0.2.0"), 24)).containsExactly(o);
        t.removeIf(r -> r.proto().equals("ospf"));
        assertThat(t.candidates(Ip4.parse("192.0.2.0"), 24)).isEmpty();
        assertThat(t.lookup(Ip4.parse("192.0.2.1"))).isNull();
    }

    @Test
    void removals_by_protocol_by_test_and_by_equality_reach_lone_routes() {
        Route a = bgp(Ip4.parse("192.0.2.0"), 24);
        Route b = bgp(Ip4.parse("198.51.100.0"), 24);
        Route c = bgp(Ip4.parse("203.0.113.0"), 24);
        List.of(a, b, c).forEach(t::add);
        t.remove(bgp(Ip4.parse("198.51.100.0"), 24));
        assertThat(t.routes()).containsExactly(a, c);
        t.removeIf(r -> r.network() == Ip4.parse("203.0.113.0"));
        assertThat(t.routes()).containsExactly(a);
        t.removeProto("bgp");
        assertThat(t.routes()).isEmpty();
    }

    @Test
    void a_prefix_whose_lone_route_went_takes_routes_again_of_either_kind() {
        int net = Ip4.parse("192.0.2.0");
        Route b = bgp(net, 24);
        Route k = new Route(net, 24, eth0, 0, 0, "static");
        Route o = new Route(net, 24, eth0, GW, 20, "ospf");
        for (int round = 0; round < 3; round++) {
            t.add(b);
            assertThat(t.selected(net, 24)).isEqualTo(b);
            t.removeProto("bgp");
            assertThat(t.candidates(net, 24)).isEmpty();
            assertThat(t.lookup(Ip4.parse("192.0.2.9"))).isNull();
            t.add(k);
            t.add(b);
            assertThat(t.candidates(net, 24)).containsExactly(k, b);
            t.removeIf(r -> r.proto().equals("static"));
            t.add(o);
            assertThat(t.candidates(net, 24)).containsExactly(b, o);
            t.removeProto("ospf", net, 24);
            assertThat(t.routes()).containsExactly(b);
            t.remove(b);
            assertThat(t.routes()).isEmpty();
        }
    }

    @Test
    void a_lone_route_over_a_link_without_carrier_forwards_nothing() {
        Route a = bgp(Ip4.parse("192.0.2.0"), 24);
        t.add(a);
        world.link("a").setUp(false);
        assertThat(t.lookup(Ip4.parse("192.0.2.1"))).isNull();
        assertThat(t.selected(Ip4.parse("192.0.2.0"), 24)).isEqualTo(a);
    }
}
