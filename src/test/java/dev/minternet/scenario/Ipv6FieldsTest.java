package dev.minternet.scenario;

import static dev.minternet.scenario.ScenarioProblems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.wire.Ip6;
import org.junit.jupiter.api.Test;

/**
 * The IPv6 fields (docs/ipv6.md): a LAN port's {@code ipv6 ADDRESS/PREFIX}, a LAN's
 * {@code slaac: ROUTER}, a host's {@code slaac: true}; each problem one line
 * {@code file:line:column: path: problem}.
 */
class Ipv6FieldsTest {
    /** Nodes on lines 3-6; the lans section starts on line 7. */
    private static final String BASE = """
            name: t
            duration: 10s
            nodes:
              - {name: a, kind: host, slaac: true}
              - {name: b, kind: host}
              - {name: r, kind: router}
            lans:
            """;

    @Test
    void the_fields_reach_the_scenario() throws ScenarioException {
        Scenario s = ScenarioLoader.parse("ok.yaml", BASE + """
                  - switch: s1
                    slaac: r
                    ports: [r 10.0.0.1/24 ipv6 2001:db8:1::1/64, a 10.0.0.2/24, b 10.0.0.3/24]
                """);
        Scenario.LanSpec lan = s.lans().get(0);
        assertThat(lan.slaacRouter()).isEqualTo("r");
        assertThat(lan.ports().get(0).ipv6()).isEqualTo(Ip6.Cidr.parse("2001:db8:1::1/64"));
        assertThat(lan.ports().get(1).slaac()).isTrue();
        assertThat(lan.ports().get(2).slaac()).isFalse();
        assertThat(lan.ports().get(2).ipv6()).isNull();
    }

    @Test
    void a_bad_ipv6_address() {
        assertProblem(BASE + """
                  - switch: s1
                    ports: [b 10.0.0.1/24 ipv6 2001:db8::g/64]
                """, 9, 13, "lans[0].ports[0]", "bad IPv6 address: not an IPv6 address: '2001:db8::g'");
        assertProblem(BASE + """
                  - switch: s1
                    ports: [b 10.0.0.1/24 ipv6 fe80::1/64]
                """, 9, 13, "lans[0].ports[0]", "fe80::1 is not a global unicast address");
        assertProblem(BASE + """
                  - switch: s1
                    ports: [b 10.0.0.1/24 ipv6 2001:db8::1]
                """, 9, 13, "lans[0].ports[0]", "expected address/prefix-length, e.g. 2001:db8:1::1/64");
    }

    @Test
    void an_ipv6_address_taken_twice() {
        assertProblem(BASE + """
                  - switch: s1
                    ports:
                      - b 10.0.0.1/24 ipv6 2001:db8::5/64
                      - r 10.0.0.2/24 ipv6 2001:db8::5/64
                """, 11, 9, "lans[0].ports[1]", "IPv6 address 2001:db8::5 is already used by b eth0 (line 10)");
    }

    @Test
    void a_nodes_ipv6_prefixes_do_not_overlap() {
        assertProblem(BASE + """
                  - switch: s1
                    ports: [r 10.0.0.1/24 ipv6 2001:db8:1::1/64]
                  - switch: s2
                    ports: [r 10.0.1.1/24 ipv6 2001:db8::1/32]
                """, 11, 13, "lans[1].ports[0]", "2001:db8::/32 of r eth1 overlaps 2001:db8:1::/64 of its eth0 (line 9)");
    }

    @Test
    void the_slaac_router_must_be_a_router_with_a_64_on_the_lan() {
        assertProblem(BASE + """
                  - switch: s1
                    slaac: b
                    ports: [b 10.0.0.1/24 ipv6 2001:db8:1::1/64]
                """, 9, 12, "lans[0].slaac", "b is a host; the node advertising a prefix (slaac:) is a router");
        assertProblem(BASE + """
                  - switch: s1
                    slaac: x
                    ports: [b 10.0.0.1/24]
                """, 9, 12, "lans[0].slaac", "unknown node 'x'");
        assertProblem(BASE + """
                  - switch: s1
                    slaac: r
                    ports: [b 10.0.0.1/24]
                """, 9, 12, "lans[0].slaac", "r has no port on LAN 's1'");
        assertProblem(BASE + """
                  - switch: s1
                    slaac: r
                    ports: [r 10.0.0.1/24 ipv6 2001:db8:1::1/56]
                """, 9, 12, "lans[0].slaac", "needs an IPv6 address in a /64 to advertise");
    }

    @Test
    void slaac_true_is_for_hosts_and_ipv6_needs_1280_bytes() {
        assertProblem("""
                name: t
                duration: 10s
                nodes:
                  - {name: r, kind: router, slaac: true}
                """, 4, 29, "nodes[0].slaac", "slaac: true needs a host");
        assertProblem(BASE + """
                  - switch: s1
                    mtu: 1000
                    ports: [a 10.0.0.1/24]
                """, 10, 13, "lans[0].ports[0]", "IPv6 on LAN 's1' needs an MTU of 1280 or more");
    }
}
