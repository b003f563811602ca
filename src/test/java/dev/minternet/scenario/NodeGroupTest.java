package dev.minternet.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A node's {@code group:} (the part of the world it belongs to, for maps): read as written, and a bad one refused with its place. */
class NodeGroupTest {
    private static String world(String laptopGroup) {
        return """
                name: t
                nodes:
                  - name: laptop
                    kind: host
                """ + laptopGroup + """
                  - {name: r, kind: router, group: ISP A}
                links:
                  - {a: laptop 10.0.0.2/24, b: r 10.0.0.1/24}
                """;
    }

    @Test
    void groups_are_read_and_a_node_without_one_has_none() throws ScenarioException {
        Scenario s = ScenarioLoader.parse("ok.yaml", world("    group: data centre (example.com)\n"));
        assertThat(s.nodes()).extracting(Scenario.NodeSpec::group).containsExactly("data centre (example.com)", "ISP A");
        assertThat(ScenarioLoader.parse("ok.yaml", world("")).nodes().get(0).group()).isNull();
    }

    @Test
    void the_default_world_groups_every_node() throws ScenarioException {
        assertThat(DefaultWorld.load().nodes()).extracting(Scenario.NodeSpec::group).doesNotContainNull()
                .contains("home", "ISP A", "internet exchange", "transit", "cloud provider", "data centre (example.com)");
    }

    @Test
    void a_bad_group_is_refused_with_its_place() {
        for (String bad : new String[] {"\"\"", "\" home\"", "\"<script>\"", "[home]", "\"" + "x".repeat(49) + "\""}) {
            try {
                Scenario s = ScenarioLoader.parse("bad.yaml", world("    group: " + bad + "\n"));
                if (!bad.equals("\" home\"")) {
                    throw new AssertionError("expected a ScenarioException for " + bad + ", got " + s);
                }
                assertThat(s.nodes().get(0).group()).isEqualTo("home"); // stripped, as names are
            } catch (ScenarioException e) {
                assertThat(e.getMessage()).startsWith("bad.yaml:5:").contains("nodes[0].group: ").doesNotContain("\n");
            }
        }
    }
}
