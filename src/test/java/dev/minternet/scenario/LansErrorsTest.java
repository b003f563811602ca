package dev.minternet.scenario;

import static dev.minternet.scenario.ScenarioProblems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The {@code lans:} section's problems, each one line {@code file:line:column: path: problem}. */
class LansErrorsTest {
    /** Nodes on lines 3-6; the lans section starts on line 7. */
    private static final String BASE = """
            name: t
            duration: 10s
            nodes:
              - {name: a, kind: host}
              - {name: b, kind: host}
              - {name: c, kind: host}
            lans:
            """;

    @Test
    void a_vlan_on_two_switches_needs_a_trunk_that_carries_it() {
        assertProblem(BASE + """
                  - switch: s1
                    ports: [a 10.0.0.1/24 vlan 20, trunk s2 vlans 30]
                  - switch: s2
                    ports: [b 10.0.0.2/24 vlan 20]
                """, 9, 13, "lans[0].ports[0]", "VLAN 20 has ports on several switches but no trunk of switch 's1' carries it");
    }

    @Test
    void a_mac_collision_names_the_first_holder() {
        assertProblem(BASE + """
                  - switch: s1
                    ports:
                      - a 10.0.0.1/24 mac 02:00:00:00:00:01
                      - b 10.0.0.2/24 mac 02:00:00:00:00:01
                """, 11, 9, "lans[0].ports[1]", "MAC address 02:00:00:00:00:01 collides with a eth0 (line 10)");
    }

    @Test
    void an_interface_is_in_one_lan() {
        assertProblem(BASE + """
                  - switch: s1
                    ports: [a:eth1 10.0.0.1/24]
                  - switch: s2
                    ports: [a:eth1 10.0.1.1/24]
                """, 11, 13, "lans[1].ports[0]", "interface eth1 of a is already in LAN 's1' (line 9)");
    }

    @Test
    void a_nodes_subnets_do_not_overlap() {
        assertProblem(BASE + """
                  - switch: s1
                    ports: [a 10.0.0.1/24]
                  - switch: s2
                    ports: [a 10.0.0.5/16]
                """, 11, 13, "lans[1].ports[0]", "10.0.0.0/16 of a eth1 overlaps 10.0.0.0/24 of its eth0");
    }

    @Test
    void unknown_switches_bad_vlans_and_a_missing_duration_are_reported() {
        assertProblem(BASE + """
                  - switch: s1
                    ports: [a 10.0.0.1/24, trunk s9]
                """, 9, 28, "lans[0].ports[1]", "unknown switch 's9' (known switches: s1)");
        assertProblem(BASE + """
                  - switch: s1
                    ports: [a 10.0.0.1/24 vlan 4095]
                """, 9, 13, "lans[0].ports[0]", "VLAN ID 4095 is out of range");
        assertProblem(BASE.replace("duration: 10s\n", "") + """
                  - switch: s1
                    ports: [a 10.0.0.1/24]
                """, 7, 13, "lans[0].switch", "runs spanning tree");
        assertProblem(BASE + """
                  - switch: a
                    ports: [b 10.0.0.1/24]
                """, 8, 13, "lans[0].switch", "has the name of a node");
    }

    @Test
    void a_good_section_reads_with_derived_macs() throws ScenarioException {
        Scenario s = ScenarioLoader.parse("ok.yaml", BASE + """
                  - switch: s1
                    ports: [a 10.0.0.1/24, b:lan0 10.0.0.2/24 vlan 7, trunk s2 vlans 7]
                  - switch: s2
                    stp: false
                    ports: [c 10.0.0.3/24 vlan 7]
                """);
        assertThat(s.lans()).hasSize(2);
        assertThat(s.lans().get(0).ports().get(1).end().iface()).isEqualTo("lan0");
        assertThat(s.lans().get(0).ports().get(0).end().iface()).isEqualTo("eth0");
        assertThat(s.lans().get(0).ports().get(0).mac()).as("derived from the seed when the world is built").isZero();
        long derived = dev.minternet.scenario.WorldBuilder.build(s).node("a").ip().iface("eth0").mac();
        assertThat(derived & 0x0300_0000_0000L).as("locally administered unicast").isEqualTo(0x0200_0000_0000L);
        assertThat(s.lans().get(0).ports().get(2).vlans().get(7)).isTrue();
        assertThat(s.withSeed(9).lans()).isEqualTo(s.lans());
    }
}
