package dev.minternet.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.routing.ospf.OspfConfig;
import dev.minternet.routing.ospf.OspfConfig.AreaConfig;
import dev.minternet.routing.ospf.OspfConfig.Range;
import dev.minternet.wire.Ip4;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code ospf:} fields for area settings and redistribution ({@code areas:} with {@code stub},
 * {@code no-summary}, {@code default-cost}, {@code ranges}; {@code redistribute}): what they read
 * into, and every error at its line and column.
 */
class OspfAreaFieldsTest {
    /** r1 on lines 4-5, its ospf line is line 6: eth0 (to r2) in the backbone, eth1 (to the host) in area 1. */
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
              - {a: r1 10.0.12.1/24, b: r2 10.0.12.2/24}
              - {a: r1 10.1.1.1/24, b: h 10.1.1.10/24}
            """;
    private static final String IFACES = "interfaces: [eth0, {name: eth1, area: 1}]";

    private static String r1(String fields) {
        return HEAD + "    ospf: {" + IFACES + ", " + fields + "}\n" + TAIL;
    }

    private static OspfConfig ospf(Scenario s, String node) {
        return s.nodes().stream().filter(n -> n.name().equals(node)).findFirst().orElseThrow().ospf();
    }

    /** The error for r1's ospf fields {@code fields}, at the column where {@code marker} starts on line 6. */
    private static void problem(String fields, String marker, String path, String phrase) {
        String line = "    ospf: {" + IFACES + ", " + fields + "}";
        assertThat(line).contains(marker);
        ScenarioProblems.assertProblem(r1(fields), 6, line.indexOf(marker) + 1, path, phrase);
    }

    @Test
    void areas_ranges_and_redistribution_are_read_with_frrs_defaults() throws ScenarioException {
        Scenario s = ScenarioLoader.parse("ok.yaml", r1("areas: [{id: 0.0.0.1, stub: true, no-summary: true, ranges:"
                + " [10.1.0.0/16, {prefix: 10.1.1.0/24, not-advertise: true}, {prefix: 10.1.2.0/24, cost: 7}]}],"
                + " redistribute: [static, connected]"));
        OspfConfig c = ospf(s, "r1");
        assertThat(c.areas()).containsExactly(new AreaConfig(1, true, true, 1, List.of(
                new Range(Ip4.parse("10.1.1.0"), 24, false, -1), new Range(Ip4.parse("10.1.2.0"), 24, true, 7),
                new Range(Ip4.parse("10.1.0.0"), 16, true, -1)))); // the longest first
        assertThat(c.redistribute()).containsExactly("static", "connected");
        assertThat(c.area(0)).isEqualTo(new AreaConfig(0, false, false, 1, List.of()));
        assertThat(ospf(s, "r2").areas()).isEmpty();
        assertThat(ospf(s, "r2").redistribute()).isEmpty();
        Scenario t = ScenarioLoader.parse("ok.yaml", r1("areas: [{id: 1, stub: true, default-cost: 25}]"));
        assertThat(ospf(t, "r1").area(1)).isEqualTo(new AreaConfig(1, true, false, 25, List.of()));
    }

    @Test
    void every_mistake_is_reported_at_its_place() {
        problem("areas: [{id: 0, stub: true}]", "true", "nodes[0].ospf.areas[0].stub",
                "the backbone (area 0.0.0.0) cannot be a stub area");
        problem("areas: [{id: 1, no-summary: true}]", "true", "nodes[0].ospf.areas[0].no-summary",
                "no-summary makes a stub area totally stubby (or an NSSA totally not-so-stubby): set stub: true or"
                        + " nssa: true too");
        problem("areas: [{id: 1, default-cost: 5}]", "5}", "nodes[0].ospf.areas[0].default-cost",
                "default-cost is the metric of the default route into a stub area");
        problem("areas: [{id: 1, stub: true, default-cost: 16777216}]", "16777216",
                "nodes[0].ospf.areas[0].default-cost", "expected an integer from 0 to 16777215");
        problem("areas: [{id: 7, stub: true}]", "{id: 7", "nodes[0].ospf.areas[0]",
                "area 0.0.0.7: none of r1's OSPF interfaces is in it (areas here: 0.0.0.0, 0.0.0.1)");
        problem("areas: [{id: one}]", "one", "nodes[0].ospf.areas[0].id", "bad area 'one'");
        problem("areas: [{stub: true}]", "{stub", "nodes[0].ospf.areas[0].id", "missing required field 'id'");
        problem("areas: [{id: 1, stub: yes please}]", "yes please", "nodes[0].ospf.areas[0].stub", "");
        problem("areas: [{id: 1, totally: true}]", "totally", "nodes[0].ospf.areas[0].totally",
                "unknown field 'totally' (allowed: id, stub, nssa, no-summary, default-cost, translate, ranges)");
        problem("areas: [{id: 1}, {id: 0.0.0.1}]", "{id: 0.0.0.1}", "nodes[0].ospf.areas[1]",
                "area 0.0.0.1 is already listed on line 6");
        problem("areas: [{id: 1, ranges: [10.1.0.0]}]", "10.1.0.0]", "nodes[0].ospf.areas[0].ranges[0]",
                "bad range '10.1.0.0'");
        problem("areas: [{id: 1, ranges: [10.1.0.1/16]}]", "10.1.0.1/16", "nodes[0].ospf.areas[0].ranges[0]",
                "range 10.1.0.1/16 has host bits set (did you mean 10.1.0.0/16?)");
        problem("areas: [{id: 1, ranges: [0.0.0.0/0]}]", "0.0.0.0/0", "nodes[0].ospf.areas[0].ranges[0]",
                "covers every address");
        problem("areas: [{id: 1, ranges: [banana]}]", "banana", "nodes[0].ospf.areas[0].ranges[0]", "bad range 'banana'");
        problem("areas: [{id: 1, ranges: [10.1.0.0/16, 10.1.0.0/16]}]", "10.1.0.0/16]", "nodes[0].ospf.areas[0].ranges[1]",
                "range 10.1.0.0/16 is listed twice");
        problem("areas: [{id: 1, ranges: [{prefix: 10.1.0.0/16, not-advertise: true, cost: 3}]}]", "3}",
                "nodes[0].ospf.areas[0].ranges[0].cost", "a range that is not advertised has no cost");
        problem("areas: [{id: 1, ranges: [{prefix: 10.1.0.0/16, cost: -1}]}]", "-1", "nodes[0].ospf.areas[0].ranges[0].cost",
                "expected an integer from 0 to 16777215");
        problem("areas: [{id: 1, ranges: [{cost: 1}]}]", "{cost", "nodes[0].ospf.areas[0].ranges[0].prefix",
                "missing required field 'prefix'");
        problem("redistribute: [bgp]", "bgp", "nodes[0].ospf.redistribute[0]",
                "unknown value 'bgp' (allowed: connected, static)");
        problem("redistribute: [static, static]", "static]", "nodes[0].ospf.redistribute[1]",
                "redistribute static is listed twice");
    }

    @Test
    void nssa_areas_and_metric_types_are_read_with_frrs_defaults() throws ScenarioException {
        Scenario s = ScenarioLoader.parse("ok.yaml", r1("areas: [{id: 1, nssa: true, no-summary: true, default-cost: 7,"
                + " translate: always}], redistribute: [{source: static, metric-type: 1, metric: 30}, connected]"));
        OspfConfig c = ospf(s, "r1");
        assertThat(c.area(1)).isEqualTo(new AreaConfig(1, false, true, 7, List.of(), true, "always"));
        assertThat(c.externals()).containsExactly(new OspfConfig.External("static", 1, 30),
                new OspfConfig.External("connected", 2, 20));
        assertThat(c.redistribute()).containsExactly("static", "connected");
        Scenario d = ScenarioLoader.parse("ok.yaml", r1("areas: [{id: 1, nssa: true}], redistribute: [{source: connected}]"));
        assertThat(ospf(d, "r1").area(1)).isEqualTo(new AreaConfig(1, false, false, 1, List.of(), true, "candidate"));
        assertThat(ospf(d, "r1").externals()).containsExactly(new OspfConfig.External("connected", 2, 20));
    }

    @Test
    void every_nssa_mistake_is_reported_at_its_place() {
        problem("areas: [{id: 0, nssa: true}]", "true", "nodes[0].ospf.areas[0].nssa",
                "the backbone (area 0.0.0.0) cannot be an NSSA");
        problem("areas: [{id: 1, stub: true, nssa: true}]", "true}", "nodes[0].ospf.areas[0].nssa",
                "an area is either stub or nssa, not both");
        problem("areas: [{id: 1, nssa: true, translate: sometimes}]", "sometimes", "nodes[0].ospf.areas[0].translate",
                "unknown value 'sometimes' (allowed: candidate, always, never)");
        problem("areas: [{id: 1, translate: always}]", "always", "nodes[0].ospf.areas[0].translate",
                "translate is an NSSA border router's translator role: set nssa: true too");
        problem("redistribute: [{source: static, metric-type: 3}]", "3}", "nodes[0].ospf.redistribute[0].metric-type",
                "unknown value '3' (allowed: 1, 2)");
        problem("redistribute: [{source: static, metric: 16777215}]", "16777215", "nodes[0].ospf.redistribute[0].metric",
                "expected an integer from 0 to 16777214");
        problem("redistribute: [{metric: 5}]", "{metric", "nodes[0].ospf.redistribute[0].source",
                "missing required field 'source'");
        problem("redistribute: [{source: static, tag: 5}]", "tag", "nodes[0].ospf.redistribute[0].tag",
                "unknown field 'tag' (allowed: source, metric-type, metric)");
        problem("redistribute: [static, {source: static}]", "{source: static}", "nodes[0].ospf.redistribute[1]",
                "redistribute static is listed twice");
    }

    @Test
    void an_asbr_needs_a_normal_area_and_ospf6_takes_neither_field() {
        String stubOnly = HEAD + "    ospf: {area: 1, areas: [{id: 1, stub: true}], redistribute: [connected]}\n"
                + TAIL.replace("ospf: {}}", "ospf: {area: 1}}");
        ScenarioProblems.assertProblem(stubOnly, 6, 65, "nodes[0].ospf.redistribute",
                "r1 is in stub areas only, where AS-external routes are not flooded");
        String v6 = HEAD + "    ospf6: {router-id: 1.1.1.1, redistribute: [static]}\n" + TAIL;
        ScenarioProblems.assertProblem(v6, 6, 47, "nodes[0].ospf6.redistribute", "redistribute is OSPFv2's here");
    }
}
