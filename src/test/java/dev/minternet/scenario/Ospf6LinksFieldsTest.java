package dev.minternet.scenario;

import static dev.minternet.scenario.ScenarioProblems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.routing.ospf.OspfConfig;
import dev.minternet.wire.Ip4;
import org.junit.jupiter.api.Test;

/**
 * {@code ospf6:} on point-to-point links: which link ends it accepts (dual stack, IPv6 only,
 * unnumbered with link-local addresses only) and refuses, with their one-line errors.
 */
class Ospf6LinksFieldsTest {
    /** r1 on lines 4-5, its fields from line 6. */
    private static final String HEAD = """
            name: t
            duration: 60s
            nodes:
              - name: r1
                kind: router
            """;
    /** r1's eth0: IPv6 only; eth1: unnumbered (link-local only); eth2: IPv4 only; eth3: dual stack. */
    private static final String TAIL = """
              - {name: r2, kind: router, ospf6: {router-id: 10.255.0.2}}
              - {name: h, kind: host}
            links:
              - {a: r1 2001:db8:12::1/64, b: r2 2001:db8:12::2/64}
              - {name: unnumbered, a: r1 fe80::1/64, b: r2 fe80::2/64}
              - {a: r1 10.0.1.1/24, b: h 10.0.1.10/24}
              - {name: dual, a: r1 10.0.3.1/30 2001:db8:3::1/64, b: r2 10.0.3.2/30 2001:db8:3::2/64}
            """;

    private static String r1(String fields) {
        return HEAD + fields + TAIL;
    }

    @Test
    void an_empty_section_runs_on_every_link_with_ipv6_in_link_order_as_point_to_point_networks()
            throws ScenarioException {
        Scenario s = ScenarioLoader.parse("ok.yaml", r1("    ospf6: {}\n"));
        OspfConfig c = s.nodes().get(0).ospf6();
        assertThat(c.routerId()).isEqualTo(Ip4.parse("10.0.3.1")); // the highest IPv4 address, as zebra gives ospf6d
        assertThat(c.interfaces()).extracting(OspfConfig.IfaceConfig::name).containsExactly("eth0", "eth1", "eth3");
        assertThat(c.interfaces()).noneMatch(OspfConfig.IfaceConfig::broadcast);
        assertThat(c.interfaces().get(0).cost()).isEqualTo(OspfConfig.autoCost(s.links().get(0).bandwidthBps()));
        // r2 has the same three links: its ospf6 runs on all of them
        assertThat(s.nodes().get(1).ospf6().interfaces()).hasSize(3);
    }

    @Test
    void listed_link_interfaces_take_their_settings() throws ScenarioException {
        Scenario s = ScenarioLoader.parse("ok.yaml", r1("    ospf6: {interfaces: [{name: eth1, cost: 7, hello: 5s}, eth0]}\n"));
        OspfConfig c = s.nodes().get(0).ospf6();
        assertThat(c.interfaces()).extracting(OspfConfig.IfaceConfig::name).containsExactly("eth1", "eth0");
        assertThat(c.interfaces().get(0).cost()).isEqualTo(7);
        assertThat(c.interfaces().get(0).helloSec()).isEqualTo(5);
        assertThat(c.interfaces().get(0).deadSec()).isEqualTo(20);
    }

    @Test
    void an_ipv6_only_router_needs_a_router_id() throws ScenarioException {
        String onlyV6 = """
                name: t
                duration: 60s
                nodes:
                  - {name: r1, kind: router, ospf6: {}}
                  - {name: r2, kind: router, ospf6: {router-id: 10.255.0.2}}
                links:
                  - {a: r1 2001:db8:12::1/64, b: r2 2001:db8:12::2/64}
                """;
        assertProblem(onlyV6, 4, 37, "nodes[0].ospf6",
                "r1 has no IPv4 address to take the router ID from (ospf6d takes the highest one): set router-id");
        Scenario s = ScenarioLoader.parse("ok.yaml", onlyV6.replace("ospf6: {}}", "ospf6: {router-id: 10.255.0.1}}"));
        assertThat(s.nodes().get(0).ospf6().interfaces()).extracting(OspfConfig.IfaceConfig::name).containsExactly("eth0");
    }

    @Test
    void errors_name_the_field_and_its_place() {
        assertProblem(r1("    ospf6: {interfaces: [eth2]}\n"), 6, 26, "nodes[0].ospf6.interfaces[0]",
                "interface 'eth2' has no IPv6 address (OSPFv3 runs on links and LAN ports with IPv6");
        assertProblem(r1("    ospf6: {interfaces: [{name: eth0, priority: 3}]}\n"), 6, 49,
                "nodes[0].ospf6.interfaces[0].priority", "priority elects a Designated Router on a LAN; eth0 is on link"
                        + " 'r1--r2', a point-to-point network");
        assertProblem(r1("    ospf6: {interfaces: [eth9]}\n"), 6, 26, "nodes[0].ospf6.interfaces[0]",
                "unknown interface 'eth9' (r1 has eth2 10.0.1.0/24, eth3 10.0.3.0/30 2001:db8:3::/64, eth0 2001:db8:12::/64,"
                        + " eth1 fe80::/64 (link-local only))");
        assertProblem(r1("    ospf6: {}\n").replace("duration: 60s\n", "duration: 60s\nrouting: global\n"), 7, 12,
                "nodes[0].ospf6", "routing: global computes every route itself, IPv6 ones too; leave it out");
        // OSPFv2 stays on IPv4: an IPv6-only link end is refused with the family named
        assertProblem(r1("    ospf: {interfaces: [eth0]}\n"), 6, 25, "nodes[0].ospf.interfaces[0]",
                "interface 'eth0' has no IPv4 address (OSPFv2 runs on IPv4; ospf6 runs on IPv6)");
    }

    @Test
    void ospfv2_left_to_its_defaults_skips_the_ipv6_only_links() throws ScenarioException {
        Scenario s = ScenarioLoader.parse("ok.yaml", r1("    ospf: {}\n").replace("ospf6: {router-id: 10.255.0.2}",
                "ospf: {router-id: 10.255.0.2}"));
        assertThat(s.nodes().get(0).ospf().interfaces()).extracting(OspfConfig.IfaceConfig::name)
                .containsExactly("eth2", "eth3");
    }
}
