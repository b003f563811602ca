package dev.minternet.scenario;

import static dev.minternet.scenario.ScenarioProblems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.routing.ospf.OspfConfig;
import dev.minternet.routing.ospf.OspfConfig.IfaceConfig;
import dev.minternet.wire.Ip4;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-router {@code ospf:} and {@code ecmp:} fields: what they read into, and every error with its place. */
class OspfFieldsTest {
    /** r1 on lines 4-5, its fields from line 6; then r2 and a host. r1 has eth0 (to r2, 100 Mbit/s) and eth1 (to h). */
    private static final String HEAD = """
            name: t
            duration: 60s
            nodes:
              - name: r1
                kind: router
            """;
    private static final String TAIL = """
              - {name: r2, kind: router, ospf: {}}
              - {name: h, kind: host}
            links:
              - {a: r1 10.0.12.1/24, b: r2 10.0.12.2/24, bandwidth: 100Mbps}
              - {a: r1 10.0.1.1/24, b: h 10.0.1.10/24}
            """;

    private static String r1(String fields) {
        return HEAD + fields + TAIL;
    }

    private static OspfConfig ospf(Scenario s, String node) {
        return s.nodes().stream().filter(n -> n.name().equals(node)).findFirst().orElseThrow().ospf();
    }

    @Test
    void an_empty_section_runs_on_every_interface_with_frr_defaults() throws ScenarioException {
        Scenario s = ScenarioLoader.parse("ok.yaml", r1("    ospf: {}\n"));
        OspfConfig c = ospf(s, "r1");
        assertThat(c.routerId()).isEqualTo(Ip4.parse("10.0.12.1")); // the highest interface address
        assertThat(c.interfaces()).containsExactly(new IfaceConfig("eth0", 0, 1, 10, 40, false),
                new IfaceConfig("eth1", 0, 1, 10, 40, false));
        assertThat(c.spfDelayNs()).isZero();
        assertThat(c.spfHoldNs()).isEqualTo(50_000_000L);
        assertThat(c.spfMaxHoldNs()).isEqualTo(5_000_000_000L);
        assertThat(ospf(s, "h")).isNull();
        assertThat(s.nodes().get(0).ecmp()).isNull();
    }

    @Test
    void interfaces_timers_and_ecmp_are_read() throws ScenarioException {
        Scenario s = ScenarioLoader.parse("ok.yaml", r1("""
                    ecmp: per-packet
                    ospf:
                      router-id: 10.255.0.1
                      hello: 2s
                      spf-delay: 10ms
                      spf-hold: 100ms
                      spf-max-hold: 2s
                      interfaces:
                        - {name: eth0, cost: 30, area: 0.0.0.0, dead: 7s}
                        - {name: eth1, passive: true, hello: 5s}
                """));
        OspfConfig c = ospf(s, "r1");
        assertThat(c.routerId()).isEqualTo(Ip4.parse("10.255.0.1"));
        assertThat(c.interfaces()).containsExactly(new IfaceConfig("eth0", 0, 30, 2, 7, false),
                new IfaceConfig("eth1", 0, 1, 5, 20, true));
        assertThat(List.of(c.spfDelayNs(), c.spfHoldNs(), c.spfMaxHoldNs())).containsExactly(10_000_000L, 100_000_000L,
                2_000_000_000L);
        assertThat(s.nodes().get(0).ecmp()).isEqualTo("per-packet");
    }

    @Test
    void areas_are_read_per_interface_dotted_or_as_a_number_with_the_sections_area_as_default() throws ScenarioException {
        Scenario s = ScenarioLoader.parse("ok.yaml", r1("""
                    ospf:
                      area: 0.0.0.1
                      interfaces:
                        - {name: eth0, area: 0}
                        - {name: eth1}
                """).replace("{name: r2, kind: router, ospf: {}}", "{name: r2, kind: router, ospf: {area: 0.0.0.0}}"));
        assertThat(ospf(s, "r1").interfaces()).extracting(IfaceConfig::area).containsExactly(0, 1);
        Scenario t = ScenarioLoader.parse("ok.yaml", r1("    ospf: {area: 4294967295}\n")
                .replace("ospf: {}}", "ospf: {area: 255.255.255.255}}"));
        assertThat(ospf(t, "r1").interfaces()).extracting(IfaceConfig::area).containsExactly(-1, -1);
        assertThat(ospf(t, "r2").interfaces()).extracting(IfaceConfig::area).containsExactly(-1);
        Scenario u = ScenarioLoader.parse("ok.yaml", r1("    ospf: {interfaces: [{name: eth0, area: 0}, {name: eth1, area: 12}]}\n"));
        assertThat(ospf(u, "r1").interfaces()).extracting(IfaceConfig::area).containsExactly(0, 12);
    }

    @Test
    void every_mistake_is_reported_at_its_place() {
        assertProblem(r1("    ospf: {interfaces: [eth7]}\n"), 6, 25, "nodes[0].ospf.interfaces[0]",
                "unknown interface 'eth7' (r1 has eth0 10.0.12.0/24, eth1 10.0.1.0/24)");
        assertProblem(r1("    ospf: {interfaces: [{name: eth0, area: backbone}]}\n"), 6, 44, "nodes[0].ospf.interfaces[0].area",
                "bad area 'backbone' (a number such as 0, or dotted such as 0.0.0.0)");
        assertProblem(r1("    ospf: {interfaces: [{name: eth0, area: 1}]}\n"), 7, 36, "nodes[1].ospf",
                "r2's eth0 is in area 0.0.0.0 but r1's eth0 across link 'r1--r2' is in area 0.0.0.1: OSPF neighbours must"
                        + " share the area of their link");
        assertProblem(r1("    ospf: {area: 0.0.0.7}\n"), 7, 36, "nodes[1].ospf", "is in area 0.0.0.0 but r1's eth0");
        assertProblem(r1("    ospf: {area: 4294967296}\n"), 6, 18, "nodes[0].ospf.area",
                "bad area '4294967296' (a number such as 0, or dotted such as 0.0.0.0)");
        assertProblem(r1("    ospf: {area: 0.0.1}\n"), 6, 18, "nodes[0].ospf.area", "bad area '0.0.1'");
        assertProblem(r1("    ospf: {interfaces: [{name: eth1, area: -1}]}\n"), 6, 44, "nodes[0].ospf.interfaces[0].area",
                "bad area '-1'");
        assertProblem(r1("    ospf: {hello: 10s, dead: 5s}\n"), 6, 30, "nodes[0].ospf.dead",
                "dead interval 5s must be longer than the hello interval 10s");
        assertProblem(r1("    ospf: {hello: 1500ms}\n"), 6, 19, "nodes[0].ospf.hello",
                "expected whole seconds from 1s to 65535s, got '1500ms'");
        assertProblem(r1("    ospf: {interfaces: [{name: eth0, cost: 0}]}\n"), 6, 44, "nodes[0].ospf.interfaces[0].cost",
                "expected an integer from 1 to 65535");
        assertProblem(r1("    ospf: {interfaces: [eth0, eth0]}\n"), 6, 31, "nodes[0].ospf.interfaces[1]",
                "interface eth0 is already listed on line 6");
        assertProblem(r1("    ospf: {router-id: 10.0.12.2}\n"), 7, 36, "nodes[1].ospf",
                "router ID 10.0.12.2 is also r1's; each OSPF router needs its own (set router-id)");
        assertProblem(r1("    ospf: {router-id: banana}\n"), 6, 23, "nodes[0].ospf.router-id", "banana");
        assertProblem(r1("    ospf: {spf-hold: 100ms, spf-max-hold: 50ms}\n"), 6, 43, "nodes[0].ospf.spf-max-hold",
                "shorter than spf-hold");
        assertProblem(r1("    ospf: {timers: 1}\n"), 6, 12, "nodes[0].ospf.timers", "unknown field 'timers'");
        assertProblem(r1("    ecmp: sometimes\n"), 6, 11, "nodes[0].ecmp", "sometimes");
        assertProblem(HEAD.replace("kind: router", "kind: router\n  - {name: x, kind: host, ospf: {}}") + TAIL, 6, 27,
                "nodes[1].ospf", "ospf needs a router (kind: router)");
        assertProblem(r1("    ospf: {}\n").replace("duration: 60s", "routing: global"), 6, 11, "nodes[0].ospf",
                "routing: global computes every route itself");
        assertProblem(r1("    ospf: {}\n").replace("duration: 60s\n", ""), 5, 11, "nodes[0].ospf",
                "ospf sends hellos forever: set the scenario's duration");
        assertProblem(r1("    ospf: {interfaces: [{name: eth0, priority: 3}]}\n"), 6, 48, "nodes[0].ospf.interfaces[0].priority",
                "priority elects a Designated Router on a LAN; eth0 is on link 'r1--r2', a point-to-point network");
        assertProblem(r1("    ospf: {interfaces: [{name: eth0, priority: 256}]}\n"), 6, 48,
                "nodes[0].ospf.interfaces[0].priority", "expected an integer from 0 to 255");
    }

    @Test
    void an_interface_on_a_lan_is_a_broadcast_network_with_its_priority_and_the_lans_bandwidth_for_cost() throws ScenarioException {
        Scenario s = ScenarioLoader.parse("ok.yaml", """
                name: t
                duration: 60s
                nodes:
                  - {name: r1, kind: router, ospf: {}}
                  - {name: r2, kind: router, ospf: {interfaces: [{name: eth0, priority: 0}]}}
                lans:
                  - switch: sw1
                    bandwidth: 10Mbps
                    ports: [r1 10.0.0.1/24, r2 10.0.0.2/24]
                """);
        assertThat(ospf(s, "r1").interfaces()).containsExactly(new IfaceConfig("eth0", 0, 10, 10, 40, false, 1, true));
        assertThat(ospf(s, "r2").interfaces()).containsExactly(new IfaceConfig("eth0", 0, 10, 10, 40, false, 0, true));
    }
}
