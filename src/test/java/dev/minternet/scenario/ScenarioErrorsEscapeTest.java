package dev.minternet.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * A scenario is untrusted: text it quotes back in an error (an unknown node, a bad interface name)
 * reaches the terminal escaped, never as a control sequence. Link ends once quoted both raw.
 */
class ScenarioErrorsEscapeTest {
    private static String world(String end) {
        return "name: t\n"
                + "nodes:\n"
                + "  - {name: r1, kind: router}\n"
                + "  - {name: r2, kind: router}\n"
                + "links:\n"
                + "  - {a: \"" + end + "\", b: \"r2:eth0 10.0.0.2/30\"}\n"; // line 6, the value at column 9
    }

    @Test
    void an_unknown_node_in_a_link_end_is_quoted_escaped() {
        assertThatThrownBy(() -> ScenarioLoader.parse("t.yaml", world("r1\\e[31mX:eth0 10.0.0.1/30")))
                .isInstanceOf(ScenarioException.class)
                .hasMessage("t.yaml:6:9: links[0].a: unknown node 'r1^[[31mX' (known nodes: r1, r2)");
    }

    @Test
    void a_bad_interface_name_in_a_link_end_is_quoted_escaped() {
        assertThatThrownBy(() -> ScenarioLoader.parse("t.yaml", world("r1:e\\e]0;title\\a 10.0.0.1/30")))
                .isInstanceOf(ScenarioException.class)
                .hasMessageStartingWith("t.yaml:6:9: links[0].a: bad interface name 'e^[]0;title^G': ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u001b").doesNotContain("\u0007"));
    }
}
