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
 * The routing table as zebra's RIB and the kernel's FIB: every protocol's candidate for a prefix is
 * kept, the lowest administrative distance forwards and is the only one {@code ip route} lists,
 * and when the selected route goes (withdrawn, or its link loses carrier) the next takes over at once.
 */
class RoutingTableDistanceTest {
    static final int NET = Ip4.parse("10.9.0.0");
    static final int DST = Ip4.parse("10.9.0.7");

    World world;
    NetInterface eth0;
    NetInterface eth1;
    RoutingTable t;

    /** A router r with two links to s (eth0 over "a", eth1 over "b"); the table under test is a fresh one. */
    @BeforeEach
    void twoLinks() throws Exception {
        world = WorldBuilder.build(ScenarioLoader.parse("t.yaml", """
                name: two-links
                seed: 1
                nodes: [{name: r, kind: router}, {name: s, kind: router}]
                links:
                  - {name: a, a: r 10.0.1.1/30, b: s 10.0.1.2/30}
                  - {name: b, a: r 10.0.2.1/30, b: s 10.0.2.2/30}
                """));
        eth0 = world.node("r").ip().iface("eth0");
        eth1 = world.node("r").ip().iface("eth1");
        t = new RoutingTable();
    }

    Route ospf() {
        return new Route(NET, 24, eth0, Ip4.parse("10.0.1.2"), 20, "ospf");
    }

    Route ibgp() {
        return new Route(NET, 24, eth1, Ip4.parse("10.0.2.2"), 20, "bgp", Route.IBGP);
    }

    Route ebgp() {
        return new Route(NET, 24, eth1, Ip4.parse("10.0.2.2"), 20, "bgp", Route.EBGP);
    }

    @Test
    void ospf_beats_ibgp_whichever_came_first_and_ip_route_lists_only_it() {
        for (List<Route> order : List.of(List.of(ospf(), ibgp()), List.of(ibgp(), ospf()))) {
            t = new RoutingTable();
            order.forEach(t::add);
            assertThat(ospf().distance()).isEqualTo(110);
            assertThat(t.lookup(DST)).isEqualTo(ospf());
            assertThat(t.selected(NET, 24)).isEqualTo(ospf());
            assertThat(t.routes()).containsExactly(ospf());
            assertThat(t.candidates(NET, 24)).containsExactly(ospf(), ibgp());
            assertThat(t.routes().get(0).toString()).isEqualTo("10.9.0.0/24 via 10.0.1.2 dev eth0 proto ospf metric 20 ");
        }
    }

    @Test
    void when_ospf_withdraws_the_ibgp_route_is_installed_at_once_and_back_again() {
        t.add(ospf());
        t.add(ibgp());
        t.removeProto("ospf");
        assertThat(t.lookup(DST)).isEqualTo(ibgp());
        assertThat(t.routes()).containsExactly(ibgp());
        assertThat(t.routes().get(0).toString()).isEqualTo("10.9.0.0/24 via 10.0.2.2 dev eth1 proto bgp metric 20 ");
        t.add(ospf());
        assertThat(t.lookup(DST)).isEqualTo(ospf());
        assertThat(t.routes()).containsExactly(ospf());
    }

    @Test
    void when_the_selected_routes_link_loses_carrier_the_next_candidate_forwards() {
        t.add(ospf());
        t.add(ibgp());
        world.link("a").setUp(false);
        assertThat(t.lookup(DST)).isEqualTo(ibgp());
        assertThat(t.selected(NET, 24)).isEqualTo(ibgp());
        assertThat(t.routes()).containsExactly(ibgp());
        world.link("a").setUp(true);
        assertThat(t.lookup(DST)).isEqualTo(ospf());
        // nothing usable: nothing forwards, and ip route shows the best candidate (linkdown), as before
        world.link("a").setUp(false);
        world.link("b").setUp(false);
        assertThat(t.lookup(DST)).isNull();
        assertThat(t.routes()).containsExactly(ospf());
        assertThat(t.routes().get(0).toString()).endsWith(" linkdown ");
    }

    @Test
    void ebgp_beats_ospf_and_a_kernel_route_beats_both() {
        t.add(ospf());
        t.add(ebgp());
        assertThat(t.lookup(DST)).isEqualTo(ebgp());
        assertThat(t.routes()).containsExactly(ebgp());
        t.removeProto("bgp", NET, 24); // the eBGP session goes down: OSPF takes over
        assertThat(t.lookup(DST)).isEqualTo(ospf());
        t.add(ebgp());
        Route kernel = new Route(NET, 24, eth1, Ip4.parse("10.0.2.2"), 100, "static");
        t.add(kernel);
        assertThat(kernel.distance()).isZero();
        assertThat(t.lookup(DST)).isEqualTo(kernel);
        assertThat(t.routes()).containsExactly(kernel);
        // BGP resolves its next hops through the best route that is not its own
        assertThat(t.lookupExcept(DST, "static")).isEqualTo(ebgp());
        assertThat(t.lookupExcept(DST, "bgp")).isEqualTo(kernel);
        // a kernel route without carrier is still listed (linkdown), and the daemons' selection forwards
        world.link("b").setUp(false);
        assertThat(t.lookup(DST)).isEqualTo(ospf());
        assertThat(t.routes()).containsExactly(kernel, ospf());
    }

    @Test
    void equal_cost_routes_of_the_selected_protocol_share_the_prefix_and_only_theirs() {
        Route o1 = ospf();
        Route o2 = new Route(NET, 24, eth1, Ip4.parse("10.0.2.2"), 20, "ospf");
        t.add(ibgp());
        t.add(o1);
        t.add(o2);
        assertThat(t.routes()).containsExactly(o1, o2);
        byte[] d = new byte[20];
        Multipath all = (datagram, n) -> n - 1; // picks the last of the n equal routes
        assertThat(t.lookup(DST, d, all)).isEqualTo(o2);
    }
}
