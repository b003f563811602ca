package dev.minternet.scenario;

import static dev.minternet.scenario.ScenarioProblems.assertMessage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.wire.Ip4;
import org.junit.jupiter.api.Test;

/** The {@code anycast:} field: one address on several nodes, and each mistake as one located line. */
class AnycastScenarioTest {
    private static final String BASE = """
            name: t
            nodes:
              - {name: a, kind: host, anycast: [151.101.64.1]}
              - {name: b, kind: host, anycast: ["151.101.64.1/32"]}
              - {name: r, kind: router}
            links:
              - {a: a 10.0.1.2/24, b: r 10.0.1.1/24}
              - {a: b 10.0.2.2/24, b: r 10.0.2.1/24}
            """;

    @Test
    void the_same_address_on_two_nodes_reads_when_it_is_anycast() throws ScenarioException {
        Scenario s = ScenarioLoader.parse("ok.yaml", BASE);
        assertThat(s.nodes().get(0).anycast()).containsExactly(Ip4.parse("151.101.64.1"));
        assertThat(s.nodes().get(1).anycast()).containsExactly(Ip4.parse("151.101.64.1"));
        assertThat(s.nodes().get(2).anycast()).isEmpty();
    }

    @Test
    void the_same_address_on_two_interfaces_is_still_refused() {
        assertMessage(BASE + "  - {a: b 10.0.3.2/24, b: a 10.0.3.2/24}\n", 9, 27, "links[2].b",
                "address 10.0.3.2 is already used by b eth1 (line 9)");
    }

    @Test
    void an_anycast_address_that_is_also_an_interface_address_is_refused() {
        assertMessage(BASE.replace("anycast: [151.101.64.1]", "anycast: [10.0.2.2]"), 3, 37, "nodes[0].anycast[0]",
                "anycast address 10.0.2.2 is also the address of b eth0 (line 8): an address is either anycast on every"
                        + " node that holds it or the address of one interface");
    }

    @Test
    void bad_addresses_are_refused_with_the_reason() {
        assertMessage(BASE.replace("[151.101.64.1]", "[151.101.64.0/24]"), 3, 37, "nodes[0].anycast[0]",
                "bad anycast address '151.101.64.0/24'");
        assertMessage(BASE.replace("[151.101.64.1]", "[224.0.0.5]"), 3, 37, "nodes[0].anycast[0]",
                "anycast address 224.0.0.5 is a multicast address (224.0.0.0/4)");
        assertMessage(BASE.replace("[151.101.64.1]", "[127.0.0.2]"), 3, 37, "nodes[0].anycast[0]",
                "anycast address 127.0.0.2 is a loopback address");
        assertMessage(BASE.replace("[151.101.64.1]", "[151.101.64.1, 151.101.64.1]"), 3, 51, "nodes[0].anycast[1]",
                "anycast address 151.101.64.1 is listed twice on a (first on line 3)");
    }

    @Test
    void global_routing_does_not_route_to_anycast_addresses() {
        assertMessage(BASE.replace("name: t\n", "name: t\nrouting: global\n"), 4, 37, "nodes[0].anycast[0]",
                "routing: global does not route to anycast addresses");
    }
}
