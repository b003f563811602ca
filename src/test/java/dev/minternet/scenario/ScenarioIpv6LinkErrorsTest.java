package dev.minternet.scenario;

import static dev.minternet.scenario.ScenarioProblems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.wire.Ip6;
import org.junit.jupiter.api.Test;

/**
 * IPv6 on {@code links:} ends and IPv6 entries of {@code routes:}: what loads, and the one-line
 * file:line:column errors for a bad address or prefix, a family mismatch and a gateway off every
 * connected IPv6 subnet.
 */
class ScenarioIpv6LinkErrorsTest {
    /** r (line 3) and two links; r's routes go on line 5 when {@link #withRoute} puts one there. */
    private static String world(String route, String linkA, String linkB) {
        return "name: t\n"
                + "nodes:\n"
                + "  - name: r\n"
                + "    kind: router\n"
                + "    routes: [\"" + route + "\"]\n"
                + "  - {name: a, kind: host}\n"
                + "  - {name: b, kind: host}\n"
                + "links:\n"
                + "  - a: " + linkA + "\n"          // line 9
                + "    b: a 10.0.1.2/30 2001:db8:1::2/64\n"
                + "  - a: " + linkB + "\n"          // line 11
                + "    b: b 2001:db8:2::2/64\n";
    }

    private static String withRoute(String route) {
        return world(route, "r 10.0.1.1/30 2001:db8:1::1/64", "r 2001:db8:2::1/64");
    }

    @Test
    void dual_stack_and_ipv6_only_ends_load_with_their_routes() throws Exception {
        Scenario s = ScenarioLoader.parse("ok.yaml", withRoute("2001:db8:99::/48 via 2001:db8:1::2"));
        Scenario.Endpoint a = s.links().get(0).a();
        assertThat(a.address().toString()).isEqualTo("10.0.1.1/30");
        assertThat(a.address6()).isEqualTo(Ip6.Cidr.parse("2001:db8:1::1/64"));
        Scenario.Endpoint v6only = s.links().get(1).a();
        assertThat(v6only.address()).isNull();
        assertThat(v6only.ipv6()).isTrue();
        assertThat(v6only.iface()).isEqualTo("eth1");
        Scenario.NodeSpec r = s.nodes().get(0);
        assertThat(r.routes()).isEmpty();
        assertThat(r.routes6()).containsExactly(new Scenario.Route6Spec(Ip6.Cidr.parse("2001:db8:99::/48"),
                Ip6.parse("2001:db8:1::2"), null, r.routes6().get(0).loc()));
    }

    @Test
    void a_link_local_gateway_with_its_device_loads_and_an_ipv6_default_route_by_its_gateway() throws Exception {
        Scenario s = ScenarioLoader.parse("ok.yaml", world("default via fe80::2 dev eth1",
                "r 10.0.1.1/30 2001:db8:1::1/64", "r 2001:db8:2::1/64 fe80::1/64"));
        assertThat(s.nodes().get(0).routes6().get(0).dest().length()).isZero();
        assertThat(s.nodes().get(0).routes6().get(0).dev()).isEqualTo("eth1");
        assertThat(s.links().get(1).a().linkLocal()).isEqualTo(Ip6.parse("fe80::1"));
    }

    @Test
    void a_bad_ipv6_prefix_in_a_route() {
        assertProblem(withRoute("2001:db8::g/32 via 2001:db8:1::2"), 5, 14, "nodes[0].routes[0]",
                "bad route '2001:db8::g/32 via 2001:db8:1::2': bad IPv6 prefix");
    }

    @Test
    void an_ipv6_route_with_host_bits_set() {
        assertProblem(withRoute("2001:db8::1/32 via 2001:db8:1::2"), 5, 14, "nodes[0].routes[0]",
                "destination 2001:db8::1/32 has host bits set (did you mean 2001:db8::/32?)");
    }

    @Test
    void a_next_hop_not_on_a_connected_ipv6_subnet() {
        assertProblem(withRoute("2001:db8:99::/48 via 2001:db8:7::1"), 5, 14, "nodes[0].routes[0]",
                "gateway 2001:db8:7::1 is not inside any connected IPv6 subnet of r (r has eth0 10.0.1.0/30"
                        + " 2001:db8:1::/64, eth1 2001:db8:2::/64)");
    }

    @Test
    void a_next_hop_outside_the_named_devices_subnet() {
        assertProblem(withRoute("2001:db8:99::/48 via 2001:db8:1::2 dev eth1"), 5, 14, "nodes[0].routes[0]",
                "gateway 2001:db8:1::2 is not inside eth1's IPv6 subnet 2001:db8:2::/64");
    }

    @Test
    void a_link_local_next_hop_needs_its_device() {
        assertProblem(withRoute("2001:db8:99::/48 via fe80::2"), 5, 14, "nodes[0].routes[0]",
                "gateway fe80::2 is link-local: name its interface");
    }

    @Test
    void an_ipv6_route_out_of_an_ipv4_only_device() {
        assertProblem(world("2001:db8:99::/48 dev eth0", "r 10.0.1.1/30", "r 2001:db8:2::1/64")
                        .replace("a 10.0.1.2/30 2001:db8:1::2/64", "a 10.0.1.2/30"), 5, 14, "nodes[0].routes[0]",
                "dev eth0 of r has no IPv6");
    }

    @Test
    void an_ipv6_destination_with_an_ipv4_gateway_is_a_family_mismatch() {
        assertProblem(withRoute("2001:db8:99::/48 via 10.0.1.2"), 5, 14, "nodes[0].routes[0]",
                "family mismatch: the destination is IPv6, so the gateway must be too");
    }

    @Test
    void an_ipv4_destination_with_an_ipv6_gateway_is_a_family_mismatch() {
        assertProblem(withRoute("10.9.0.0/16 via 2001:db8:1::2"), 5, 14, "nodes[0].routes[0]",
                "family mismatch: the destination is IPv4, so the gateway must be too");
    }

    @Test
    void a_link_with_ipv4_at_one_end_only_is_a_family_mismatch() {
        assertProblem(world("2001:db8:99::/48 via 2001:db8:1::2", "r 10.0.1.1/30 2001:db8:1::1/64",
                "r 10.0.2.1/30 2001:db8:2::1/64"), 12, 8, "links[1].b",
                "family mismatch: end a has IPv4 10.0.2.1/30 but end b has no IPv4 address");
    }

    @Test
    void a_link_with_ipv6_at_one_end_only_is_a_family_mismatch() {
        assertProblem(withRoute("2001:db8:99::/48 via 2001:db8:1::2").replace("a 10.0.1.2/30 2001:db8:1::2/64",
                "a 10.0.1.2/30"), 10, 8, "links[0].b", "family mismatch: end a has IPv6 (2001:db8:1::1/64) but end b has none");
    }

    @Test
    void ipv6_ends_in_different_subnets() {
        assertProblem(world("2001:db8:99::/48 via 2001:db8:1::2", "r 10.0.1.1/30 2001:db8:1::1/64",
                "r 2001:db8:3::1/64"), 12, 8, "links[1].b",
                "2001:db8:2::2/64 is not in the same subnet as end a 2001:db8:3::1/64");
    }

    @Test
    void a_bad_ipv6_address_on_a_link_end() {
        assertProblem(world("2001:db8:99::/48 via 2001:db8:1::2", "r 10.0.1.1/30 2001:db8:1::1/64",
                "r 2001:db8:2::zz/64"), 11, 8, "links[1].a", "bad IPv6 address");
    }

    @Test
    void a_link_local_address_outside_fe80_64() {
        assertProblem(world("2001:db8:99::/48 via 2001:db8:1::2", "r 10.0.1.1/30 2001:db8:1::1/64",
                "r 2001:db8:2::1/64 fe80::1/10"), 11, 8, "links[1].a", "must be in fe80::/64 with prefix /64");
    }

    @Test
    void two_ipv6_addresses_on_one_end() {
        assertProblem(world("2001:db8:99::/48 via 2001:db8:1::2", "r 10.0.1.1/30 2001:db8:1::1/64",
                "r 2001:db8:2::1/64 2001:db8:2::5/64"), 11, 8, "links[1].a", "two IPv6 addresses");
    }

    @Test
    void an_ipv6_link_below_1280_bytes() {
        assertProblem(world("2001:db8:99::/48 via 2001:db8:1::2", "r 10.0.1.1/30 2001:db8:1::1/64",
                "r 2001:db8:2::1/64") + "    mtu: 1000\n", 13, 10, "links[1].mtu", "needs an MTU of 1280 or more");
    }

    @Test
    void an_ipv6_address_used_on_two_links() {
        assertProblem(world("2001:db8:99::/48 via 2001:db8:1::2", "r 10.0.1.1/30 2001:db8:1::1/64",
                "r 2001:db8:2::1/64").replace("b 2001:db8:2::2/64", "b 2001:db8:1::2/64")
                        .replace("r 2001:db8:2::1/64", "r 2001:db8:1::5/64"), 12, 8, "links[1].b",
                "IPv6 address 2001:db8:1::2 is already used by a eth0 (line 10)");
    }
}
