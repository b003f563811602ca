package dev.minternet.scenario;

import static dev.minternet.scenario.ScenarioProblems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.routing.ospf.OspfConfig;
import dev.minternet.wire.Ip4;
import org.junit.jupiter.api.Test;

/** The per-router {@code ospf6:} section (OSPFv3): what it reads into, and its errors with their places. */
class Ospf6FieldsTest {
    /** r1 on lines 4-5, its fields from line 6. r1:eth0 is on LAN s1 with IPv6, eth1 on a link without. */
    private static final String HEAD = """
            name: t
            duration: 60s
            nodes:
              - name: r1
                kind: router
            """;
    private static final String TAIL = """
              - {name: r2, kind: router, ospf6: {router-id: 10.255.0.2}}
              - {name: h, kind: host}
            links:
              - {a: r1 10.0.1.1/24, b: h 10.0.1.10/24}
            lans:
              - switch: s1
                ports: [r1:eth0 10.0.12.1/24 ipv6 2001:db8:12::1/64, r2 10.0.12.2/24 ipv6 2001:db8:12::2/64]
            """;

    private static String r1(String fields) {
        return HEAD + fields + TAIL;
    }

    @Test
    void an_empty_section_runs_on_the_interfaces_with_ipv6_only() throws ScenarioException {
        Scenario s = ScenarioLoader.parse("ok.yaml", r1("    ospf6: {}\n"));
        OspfConfig c = s.nodes().get(0).ospf6();
        assertThat(c.routerId()).isEqualTo(Ip4.parse("10.0.12.1")); // the highest IPv4 address, as zebra gives ospf6d
        assertThat(c.interfaces()).extracting(OspfConfig.IfaceConfig::name).containsExactly("eth0");
        assertThat(c.interfaces().get(0).broadcast()).isTrue();
        assertThat(s.nodes().get(0).ospf()).isNull();
        assertThat(s.nodes().get(2).ospf6()).isNull();
    }

    @Test
    void errors_name_the_field_and_its_place() {
        assertProblem(r1("    ospf6: {interfaces: [eth1]}\n"), 6, 26, "nodes[0].ospf6.interfaces[0]",
                "interface 'eth1' has no IPv6 address");
        assertProblem(r1("    ospf6: {router-id: 10.255.0.2}\n"), 7, 49, "nodes[1].ospf6.router-id",
                "router ID 10.255.0.2 is also r1's; each OSPFv3 router needs its own");
        assertProblem(r1("    ospf6: {hello: 5s, dead: 5s}\n"), 6, 30, "nodes[0].ospf6.dead",
                "must be longer than the hello interval");
        assertProblem(HEAD + "    ospf6: {}\n" + """
                  - {name: h, kind: host, ospf6: {}}
                links:
                  - {a: r1 10.0.1.1/24, b: h 10.0.1.10/24}
                """, 7, 27, "nodes[1].ospf6", "ospf6 needs a router (kind: router)");
        assertProblem(HEAD + "    ospf6: {}\n" + """
                  - {name: h, kind: host}
                links:
                  - {a: r1 10.0.1.1/24, b: h 10.0.1.10/24}
                """, 6, 12, "nodes[0].ospf6", "none of r1's links and LAN ports has an IPv6 address");
    }

    @Test
    void ospf6_runs_in_the_backbone_only() throws ScenarioException {
        Scenario s = ScenarioLoader.parse("ok.yaml", r1("    ospf6: {area: 0.0.0.0, interfaces: [{name: eth0, area: 0}]}\n"));
        assertThat(s.nodes().get(0).ospf6().interfaces().get(0).area()).isZero();
        assertProblem(r1("    ospf6: {area: 1}\n"), 6, 19, "nodes[0].ospf6.area",
                "area 0.0.0.1: ospf6 runs in area 0.0.0.0 only");
        assertProblem(r1("    ospf6: {interfaces: [{name: eth0, area: 0.0.0.2}]}\n"), 6, 26, "nodes[0].ospf6.interfaces[0]",
                "interface 'eth0' is in area 0.0.0.2: ospf6 runs in area 0.0.0.0 only");
    }
}
