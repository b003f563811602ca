package dev.minternet.scenario;

import static dev.minternet.scenario.ScenarioProblems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The DHCP parts of the {@code lans:} section: each problem one line {@code file:line:column: path: problem}. */
class DhcpErrorsTest {
    /** Nodes on lines 3-6; the lans section starts on line 7, the first switch on line 8. */
    private static final String BASE = """
            name: t
            duration: 10s
            nodes:
              - {name: r, kind: router}
              - {name: a, kind: host}
              - {name: b, kind: host}
            lans:
            """;

    @Test
    void a_pool_outside_the_servers_subnet() {
        assertProblem(BASE + """
                  - switch: s1
                    ports: [r 192.168.1.1/24, a dhcp]
                    dhcp: {server: r, pool: 192.168.1.100-192.168.2.10}
                """, 10, 29, "lans[0].dhcp.pool", "pool 192.168.1.100-192.168.2.10 is outside r eth0's subnet 192.168.1.0/24");
    }

    @Test
    void a_pool_holding_a_static_address_or_the_broadcast_address() {
        assertProblem(BASE + """
                  - switch: s1
                    ports: [r 192.168.1.1/24, b 192.168.1.120/24, a dhcp]
                    dhcp: {server: r, pool: 192.168.1.100-192.168.1.199}
                """, 10, 29, "lans[0].dhcp.pool",
                "pool 192.168.1.100-192.168.1.199 holds 192.168.1.120, the static address of b eth0 (line 9)");
        assertProblem(BASE + """
                  - switch: s1
                    ports: [r 192.168.1.1/24, a dhcp]
                    dhcp: {server: r, pool: 192.168.1.100-192.168.1.255}
                """, 10, 29, "lans[0].dhcp.pool", "holds the broadcast address of 192.168.1.0/24");
        assertProblem(BASE + """
                  - switch: s1
                    ports: [r 192.168.1.1/24, a dhcp]
                    dhcp: {server: r, pool: 192.168.1.200-192.168.1.100}
                """, 10, 29, "lans[0].dhcp.pool", "ends before it starts");
    }

    @Test
    void overlapping_pools() {
        assertProblem(BASE + """
                  - switch: s1
                    ports: [r:lan1 10.0.0.1/16, a dhcp]
                    dhcp: {server: r, pool: 10.0.1.0-10.0.1.255}
                  - switch: s2
                    ports: [b 10.0.0.2/16]
                    dhcp: {server: b, pool: 10.0.0.100-10.0.1.10}
                """, 13, 29, "lans[1].dhcp.pool", "overlaps the pool 10.0.1.0-10.0.1.255 of switch 's1' (line 10)");
    }

    @Test
    void a_dhcp_client_on_a_switch_without_a_server() {
        assertProblem(BASE + """
                  - switch: s1
                    ports: [r 192.168.1.1/24, a dhcp]
                """, 9, 31, "lans[0].ports[1]",
                "a eth0 asks for DHCP but switch 's1' has no DHCP server (add dhcp: to the switch; a client is on its server's switch)");
        assertProblem(BASE + """
                  - switch: s1
                    ports: [r 192.168.1.1/24, a dhcp vlan 20]
                    dhcp: {server: r, pool: 192.168.1.100-192.168.1.199}
                """, 9, 31, "lans[0].ports[1]", "a eth0 asks for DHCP in VLAN 20 but switch 's1''s server r is in VLAN 1");
    }

    @Test
    void a_server_that_is_not_a_static_port_of_its_switch() {
        assertProblem(BASE + """
                  - switch: s1
                    ports: [r 192.168.1.1/24, a dhcp]
                    dhcp: {server: b, pool: 192.168.1.100-192.168.1.199}
                """, 10, 20, "lans[0].dhcp.server", "'b' has no port on switch 's1'; the DHCP server is one of its ports");
        assertProblem(BASE + """
                  - switch: s1
                    ports: [r 192.168.1.1/24, a dhcp]
                    dhcp: {server: a, pool: 192.168.1.100-192.168.1.199}
                """, 10, 20, "lans[0].dhcp.server", "a eth0 gets its own address by DHCP; a server needs a static address");
    }

    @Test
    void bad_fields() {
        assertProblem(BASE + """
                  - switch: s1
                    ports: [r 192.168.1.1/24, a dhcp]
                    dhcp: {server: r, pool: 192.168.1.100-192.168.1.199, lease: 5s}
                """, 10, 65, "lans[0].dhcp.lease", "a lease is whole seconds, at least 10s");
        assertProblem(BASE + """
                  - switch: s1
                    ports: [r 192.168.1.1/24, a dhcp]
                    dhcp: {server: r, pool: 192.168.1.100-192.168.1.199, router: 10.0.0.1}
                """, 10, 66, "lans[0].dhcp.router", "router 10.0.0.1 is outside the served subnet 192.168.1.0/24");
        assertProblem(BASE + """
                  - switch: s1
                    ports: [r 192.168.1.1/24, a dhcp]
                    dhcp: {server: r, pool: 192.168.1.100}
                """, 10, 29, "lans[0].dhcp.pool", "bad pool '192.168.1.100': expected FIRST-LAST");
        assertProblem(BASE + """
                  - switch: s1
                    ports: [r 192.168.1.1/24, a dhcp]
                    dhcp: {server: r, pool: 192.168.1.100-192.168.1.199, color: red}
                """, 10, 58, "lans[0].dhcp.color", "unknown field 'color' (allowed: server, pool, lease, router, dns)");
    }

    @Test
    void a_dhcp_client_needs_a_duration_and_no_gateway_routes_on_its_interface() {
        assertProblem(BASE.replace("duration: 10s\n", "") + """
                  - switch: s1
                    stp: false
                    ports: [r 192.168.1.1/24, a dhcp]
                    dhcp: {server: r, pool: 192.168.1.100-192.168.1.199}
                """, 9, 31, "lans[0].ports[1]", "a DHCP client renews its lease for ever: give the scenario a duration");
        assertProblem(BASE.replace("  - {name: a, kind: host}\n", "  - {name: a, kind: host, routes: [10.9.0.0/16 via 192.168.1.1 dev eth0]}\n") + """
                  - switch: s1
                    ports: [r 192.168.1.1/24, a dhcp]
                    dhcp: {server: r, pool: 192.168.1.100-192.168.1.199}
                """, 5, 36, "nodes[1].routes[0]", "dev eth0 of a gets its address by DHCP");
    }

    @Test
    void a_good_section_reads() throws Exception {
        Scenario s = ScenarioLoader.parse("good.yaml", BASE + """
                  - switch: s1
                    ports: [r 192.168.1.1/24, a dhcp, b dhcp mac 02:00:00:00:00:0b]
                    dhcp: {server: r, pool: 192.168.1.100-192.168.1.199, lease: 10m, router: 192.168.1.254, dns: [192.168.1.1]}
                """);
        Scenario.DhcpSpec d = s.lans().get(0).dhcp();
        assertThat(d.node()).isEqualTo("r");
        assertThat(d.iface()).isEqualTo("eth0");
        assertThat(d.leaseNs()).isEqualTo(600_000_000_000L);
        assertThat(s.lans().get(0).ports().get(1).dhcp()).isTrue();
        assertThat(s.lans().get(0).ports().get(1).end().address()).isNull();
        assertThat(s.lans().get(0).ports().get(2).mac()).isEqualTo(0x02000000000bL);
    }
}
