package dev.minternet.ip6;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.ip.Route;
import dev.minternet.node.World;
import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.scenario.WorldBuilder;
import dev.minternet.wire.Ip6;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * IPv6's routes as IPv4's: OSPFv3's and BGP's candidates for one prefix are both kept, the lowest
 * administrative distance forwards and is the only one {@code ip -6 route} lists, and the next one
 * takes over when it is withdrawn.
 */
class Ip6DistanceTest {
    static final Ip6 NET = Ip6.parse("2001:db8:9::");
    static final Ip6 DST = Ip6.parse("2001:db8:9::7");

    Ip6Stack ip6;
    Ip6Interface eth0;
    Ip6Interface eth1;

    @BeforeEach
    void twoSegments() throws Exception {
        World w = WorldBuilder.build(ScenarioLoader.parse("t.yaml", """
                name: two-segments
                seed: 1
                duration: 10s
                nodes: [{name: r, kind: router}, {name: s, kind: router}]
                lans:
                  - {switch: a, ports: [r 10.0.1.1/30 ipv6 2001:db8:1::1/64, s 10.0.1.2/30 ipv6 2001:db8:1::2/64]}
                  - {switch: b, ports: [r 10.0.2.1/30 ipv6 2001:db8:2::1/64, s 10.0.2.2/30 ipv6 2001:db8:2::2/64]}
                """));
        ip6 = w.node("r").ip6();
        eth0 = ip6.iface(w.node("r").ip().iface("eth0"));
        eth1 = ip6.iface(w.node("r").ip().iface("eth1"));
    }

    Route6 ospf6() {
        return new Route6(NET, 64, eth0, Ip6.parse("2001:db8:1::2"), 20, "ospf", Long.MAX_VALUE, 0);
    }

    Route6 bgp(int distance) {
        return new Route6(NET, 64, eth1, Ip6.parse("2001:db8:2::2"), 20, "bgp", Long.MAX_VALUE, 0, distance);
    }

    long listed() {
        return ip6.routes().stream().filter(r -> r.prefix().equals(NET)).count();
    }

    @Test
    void ospf6_beats_ibgp_and_ibgp_takes_over_when_ospf6_withdraws() {
        ip6.addProtoRoute(bgp(Route.IBGP));
        ip6.addProtoRoute(ospf6());
        assertThat(ospf6().distance()).isEqualTo(110);
        assertThat(ip6.route(DST)).isEqualTo(ospf6());
        assertThat(listed()).isOne();
        assertThat(ip6.routes()).contains(ospf6());
        assertThat(ip6.routeExcept(DST, "ospf")).isEqualTo(bgp(Route.IBGP)); // how BGP resolves past its own kind
        ip6.removeProto("ospf");
        assertThat(ip6.route(DST)).isEqualTo(bgp(Route.IBGP));
        assertThat(ip6.routes()).contains(bgp(Route.IBGP));
        assertThat(listed()).isOne();
    }

    @Test
    void ebgp_beats_ospf6_and_a_static_route_beats_both() {
        ip6.addProtoRoute(ospf6());
        ip6.addProtoRoute(bgp(Route.EBGP));
        assertThat(ip6.route(DST)).isEqualTo(bgp(Route.EBGP));
        assertThat(listed()).isOne();
        ip6.addStaticRoute(new Ip6.Cidr(NET, 64), eth1, Ip6.parse("2001:db8:2::2"));
        Route6 st = ip6.route(DST);
        assertThat(st.proto()).isEqualTo("static");
        assertThat(st.metric()).isEqualTo(Route6.METRIC_USER); // metric 1024, still before metric 20 of the daemons
        assertThat(ip6.routes()).filteredOn(r -> r.prefix().equals(NET)).containsExactly(st);
    }
}
