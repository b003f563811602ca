package dev.minternet.scenario;

import static dev.minternet.scenario.ScenarioProblems.assertProblem;
import static dev.minternet.scenario.ScenarioProblems.problem;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bad scenario is reported as one ScenarioException whose single-line message is
 * {@code file:line:column: path: problem}, pointing at the offending key, value or mapping.
 */
class ScenarioErrorsTest {

    /** Three nodes on lines 3-8; whatever is appended starts on line 9. */
    private static final String BASE = """
            name: t
            nodes:
              - name: laptop
                kind: host
              - name: router
                kind: router
              - name: server
                kind: host
            """;

    /** BASE plus one laptop--router link on lines 9-11; whatever is appended starts on line 12. */
    private static final String LINKED = BASE + """
            links:
              - a: laptop 10.0.0.1/30
                b: router 10.0.0.2/30
            """;

    /** Asserts the location, the path, a phrase of the problem, and that the message is one line. */

    @Nested
    class UnknownFields {
        @Test
        void in_a_link_the_key_is_pointed_at_and_the_allowed_fields_listed() {
            ScenarioException e = problem(BASE + """
                    links:
                      - a: laptop 10.0.0.1/30
                        b: router 10.0.0.2/30
                        bandwith: 100Mbps
                    """);
            assertThat(e.getMessage()).isEqualTo("bad.yaml:12:5: links[0].bandwith: unknown field 'bandwith'"
                    + " (allowed: name, a, b, bandwidth, delay, mtu, queue, loss, cost, ethernet)");
        }

        @Test
        void at_the_top_level() {
            assertProblem("name: t\nnodez: []\n", 2, 1, "nodez", "unknown field 'nodez' (allowed: name,"
                    + " description, seed, start, routing, duration, warm-up, tls, nodes, links, lans, cloud, dns, timeline, attacks, generate)");
        }

        @Test
        void in_a_node() {
            assertProblem(BASE.replace("    kind: router\n", "    kind: router\n    os: linux\n"), 7, 5,
                    "nodes[1].os", "unknown field 'os' (allowed: name, kind, routes, nat, firewall, resolver, services, as, bgp, ospf, ospf6, ecmp, group, slaac, anycast)");
        }

        @Test
        void in_a_timeline_entry() {
            assertProblem(BASE + """
                    timeline:
                      - at: 1s
                        on: laptop
                        command: ls
                    """, 12, 5, "timeline[0].command",
                    "unknown field 'command' (allowed: at, on, run, input, fail-link, restore-link, crash, restore,"
                            + " deregister, from)");
        }

        @Test
        void a_field_written_twice() {
            assertProblem("name: t\nname: u\nnodes: []\n", 2, 1, "name", "duplicate field 'name' (first at line 1)");
        }
    }

    @Nested
    class MissingFields {
        @Test
        void scenario_name_points_at_the_top_mapping() {
            assertProblem("nodes:\n  - {name: a, kind: host}\n", 1, 1, "name", "missing required field 'name'");
        }

        @Test
        void nodes() {
            assertProblem("name: t\n", 1, 1, "nodes", "missing required field 'nodes'");
        }

        @Test
        void an_empty_node_list() {
            assertProblem("name: t\nnodes: []\n", 2, 8, "nodes", "needs at least one node");
        }

        @Test
        void node_kind_points_at_the_node_and_lists_the_kinds() {
            assertProblem("name: t\nnodes:\n  - name: laptop\n", 3, 5, "nodes[0].kind",
                    "missing required field 'kind' (allowed: host, router)");
        }

        @Test
        void a_field_written_without_a_value_points_at_its_key() {
            assertProblem("name: t\nnodes:\n  - name: laptop\n    kind:\n", 4, 5, "nodes[0].kind",
                    "field 'kind' has no value");
        }

        @Test
        void a_link_with_a_missing_end() {
            assertProblem(BASE + """
                    links:
                      - name: half
                        a: laptop 10.0.0.1/30
                    """, 10, 5, "links[0].b", "missing required field 'b' (a link needs both ends");
        }

        @Test
        void a_timeline_entry_without_at() {
            assertProblem(LINKED + """
                    timeline:
                      - on: laptop
                        run: ls
                    """, 13, 5, "timeline[0].at", "missing required field 'at'");
        }
    }

    @Nested
    class WrongTypes {
        @Test
        void text_where_a_list_is_expected() {
            assertProblem("name: t\nnodes: laptop\n", 2, 8, "nodes", "expected a list, got 'laptop'");
        }

        @Test
        void text_where_a_mapping_is_expected() {
            assertProblem(BASE + "links:\n  - laptop 10.0.0.1/30\n", 10, 5, "links[0]",
                    "expected a mapping with fields name, a, b, bandwidth");
        }

        @Test
        void a_list_where_text_is_expected() {
            assertProblem("name: [a, b]\nnodes: []\n", 1, 7, "name", "expected a text value, got a list");
        }

        @Test
        void a_list_at_the_top() {
            assertProblem("- a\n- b\n", 1, 1, "", "expected a mapping with fields name, description");
        }

        @Test
        void an_empty_file() {
            assertProblem("# nothing here\n", 1, 1, "", "empty scenario");
        }

        @Test
        void a_non_integer_seed() {
            assertProblem("seed: lots\n" + BASE, 1, 7, "seed", "expected an integer (64-bit), got 'lots'");
        }

        @Test
        void a_start_that_is_not_an_instant() {
            assertProblem("start: tomorrow\n" + BASE, 1, 8, "start",
                    "bad start time 'tomorrow' (expected an ISO-8601 UTC instant such as 2026-01-01T00:00:00Z)");
        }
    }

    @Nested
    class BadValues {
        private String link(String extra) {
            return BASE + """
                    links:
                      - a: laptop 10.0.0.1/30
                        b: router 10.0.0.2/30
                    """ + extra;
        }

        @Test
        void a_prefix_length_out_of_range() {
            assertProblem(BASE + "links:\n  - a: laptop 10.0.0.1/33\n    b: router 10.0.0.2/30\n", 10, 8,
                    "links[0].a", "bad address: prefix length 33 out of range 0-32");
        }

        @Test
        void an_octet_out_of_range() {
            assertProblem(BASE + "links:\n  - a: laptop 10.0.0.1/30\n    b: router 10.0.0.300/30\n", 11, 8,
                    "links[0].b", "octet 300 out of range");
        }

        @Test
        void an_address_without_prefix() {
            assertProblem(BASE + "links:\n  - a: laptop 10.0.0.1\n    b: router 10.0.0.2/30\n", 10, 8,
                    "links[0].a", "expected address/prefix-length");
        }

        @Test
        void an_endpoint_without_address() {
            assertProblem(BASE + "links:\n  - a: laptop\n    b: router 10.0.0.2/30\n", 10, 8,
                    "links[0].a", "expected 'node[:iface] address/prefix'");
        }

        @Test
        void a_bad_interface_name() {
            assertProblem(BASE + "links:\n  - a: laptop:Eth0 10.0.0.1/30\n    b: router 10.0.0.2/30\n", 10, 8,
                    "links[0].a", "bad interface name 'Eth0'");
        }

        @Test
        void a_bad_duration() {
            assertProblem(link("    delay: 5 parsecs\n"), 12, 12, "links[0].delay",
                    "bad duration '5 parsecs': unknown unit 'parsecs' (allowed: ns, us, ms, s, m, h");
        }

        @Test
        void a_negative_time() {
            assertProblem(LINKED + "timeline:\n  - at: -1s\n    on: laptop\n    run: ls\n", 13, 9,
                    "timeline[0].at", "must not be negative");
        }

        @Test
        void a_zero_run_duration() {
            assertProblem("duration: 0\n" + BASE, 1, 11, "duration", "greater than zero");
        }

        @Test
        void a_bandwidth_in_bytes() {
            assertProblem(link("    bandwidth: 100MBps\n"), 12, 16, "links[0].bandwidth", "bytes per second");
        }

        @Test
        void a_probability_above_one() {
            assertProblem(link("    loss: 150%\n"), 12, 11, "links[0].loss", "must be within 0%..100%");
        }

        @Test
        void a_queue_size_in_bits() {
            assertProblem(link("    queue: 64Kb\n"), 12, 12, "links[0].queue",
                    "'Kb' means bits; sizes are in bytes");
        }

        @Test
        void a_zero_packet_queue() {
            assertProblem(link("    queue: 0\n"), 12, 12, "links[0].queue", "expected an integer from 1 to 2147483647, got 0");
        }

        @Test
        void an_mtu_below_the_ipv4_minimum() {
            assertProblem(link("    mtu: 40\n"), 12, 10, "links[0].mtu", "expected an integer from 68 to 65535, got 40");
        }

        @Test
        void a_zero_cost() {
            assertProblem(link("    cost: 0\n"), 12, 11, "links[0].cost", "expected an integer from 1 to 65535");
        }

        @Test
        void an_unknown_node_kind() {
            assertProblem(BASE.replace("kind: router", "kind: switch"), 6, 11, "nodes[1].kind",
                    "unknown value 'switch' (allowed: host, router)");
        }

        @Test
        void an_unknown_routing_mode() {
            assertProblem("routing: ospf\n" + BASE, 1, 10, "routing", "unknown value 'ospf' (allowed: static, global)");
        }

        @Test
        void a_node_name_with_capitals() {
            assertProblem(BASE.replace("name: server", "name: Server"), 7, 11, "nodes[2].name",
                    "bad node name 'Server': use lower-case letters, digits and '-'");
        }
    }

    @Nested
    class Names {
        @Test
        void a_link_to_an_unknown_node_lists_the_known_ones() {
            assertProblem(BASE + "links:\n  - a: laptp 10.0.0.1/30\n    b: router 10.0.0.2/30\n", 10, 8,
                    "links[0].a", "unknown node 'laptp' (known nodes: laptop, router, server)");
        }

        @Test
        void the_known_node_list_is_cut_at_ten() {
            StringBuilder y = new StringBuilder("name: t\nnodes:\n");
            for (int i = 0; i < 12; i++) {
                y.append("  - {name: n").append(i).append(", kind: host}\n");
            }
            y.append("links:\n  - {a: nx 10.0.0.1/30, b: n1 10.0.0.2/30}\n");
            assertProblem(y.toString(), 16, 9, "links[0].a",
                    "(known nodes: n0, n1, n2, n3, n4, n5, n6, n7, n8, n9 and 2 more)");
        }

        @Test
        void a_duplicate_node_name() {
            assertProblem("name: t\nnodes:\n  - {name: a, kind: host}\n  - {name: a, kind: router}\n", 4, 12,
                    "nodes[1].name", "duplicate node name 'a' (first at line 3)");
        }

        @Test
        void a_duplicate_explicit_link_name() {
            assertProblem(BASE + """
                    links:
                      - name: lan
                        a: laptop 10.0.0.1/30
                        b: router 10.0.0.2/30
                      - name: lan
                        a: server 10.0.1.1/30
                        b: router 10.0.1.2/30
                    """, 13, 11, "links[1].name", "duplicate link name 'lan' (first at line 10)");
        }

        @Test
        void a_duplicate_defaulted_link_name_points_at_the_link() {
            assertProblem(BASE + """
                    links:
                      - a: laptop 10.0.0.1/30
                        b: router 10.0.0.2/30
                      - a: laptop 10.0.1.1/30
                        b: router 10.0.1.2/30
                    """, 12, 5, "links[1]", "duplicate link name 'laptop--router' (first at line 10); a link's"
                    + " name defaults to <a-node>--<b-node>");
        }

        @Test
        void a_duplicate_interface_name_on_a_node() {
            assertProblem(BASE + """
                    links:
                      - a: laptop 10.0.0.1/30
                        b: router:eth1 10.0.0.2/30
                      - a: server 10.0.1.1/30
                        b: router:eth1 10.0.1.2/30
                    """, 13, 8, "links[1].b",
                    "interface eth1 of router is already used by link 'laptop--router' (line 11)");
        }

        @Test
        void a_duplicate_address_anywhere_names_its_first_owner() {
            assertProblem(BASE + """
                    links:
                      - name: home-lan
                        a: laptop 192.168.1.10/24
                        b: router 192.168.1.1/24
                      - a: server 192.168.1.1/24
                        b: router 192.168.1.2/24
                    """, 13, 8, "links[1].a", "address 192.168.1.1 is already used by router eth0 (line 12)");
        }
    }

    @Nested
    class Subnets {
        private String ends(String a, String b) {
            return BASE + "links:\n  - a: laptop " + a + "\n    b: router " + b + "\n";
        }

        @Test
        void the_ends_must_have_the_same_prefix_length() {
            assertProblem(ends("10.0.0.1/30", "10.0.0.2/24"), 11, 8, "links[0].b",
                    "prefix length /24 differs from /30 at end a (10.0.0.1/30)");
        }

        @Test
        void the_ends_must_be_in_the_same_subnet() {
            assertProblem(ends("10.0.0.1/30", "10.0.0.9/30"), 11, 8, "links[0].b",
                    "10.0.0.9/30 is not in the same subnet as end a 10.0.0.1/30 (10.0.0.8/30 vs 10.0.0.0/30)");
        }

        @Test
        void the_network_address_is_not_a_host() {
            assertProblem(ends("10.0.0.0/24", "10.0.0.2/24"), 10, 8, "links[0].a",
                    "10.0.0.0 is the network address of 10.0.0.0/24 (use a host address from 10.0.0.1 to 10.0.0.254)");
        }

        @Test
        void the_broadcast_address_is_not_a_host() {
            assertProblem(ends("10.0.0.1/24", "10.0.0.255/24"), 11, 8, "links[0].b",
                    "10.0.0.255 is the broadcast address of 10.0.0.0/24");
        }

        @Test
        void loopback_addresses_are_not_for_links() {
            assertProblem(ends("127.0.0.1/8", "127.0.0.2/8"), 10, 8, "links[0].a", "loopback");
        }

        @Test
        void a_link_joins_two_different_nodes() {
            assertProblem(BASE + "links:\n  - a: laptop 10.0.0.1/30\n    b: laptop 10.0.0.2/30\n", 11, 8,
                    "links[0].b", "both ends are on node 'laptop'");
        }
    }

    @Nested
    class Routes {
        /** laptop (eth0 192.168.1.10/24) with a good default route on line 6 and {@code route} on line 7. */
        private String withRoute(String route) {
            return """
                    name: t
                    nodes:
                      - name: laptop
                        kind: host
                        routes:
                          - default via 192.168.1.1
                          - %s
                      - name: router
                        kind: router
                    links:
                      - a: laptop 192.168.1.10/24
                        b: router 192.168.1.1/24
                    """.formatted(route);
        }

        @Test
        void an_unknown_keyword() {
            assertProblem(withRoute("10.0.0.0/8 by 192.168.1.1"), 7, 9, "nodes[0].routes[1]",
                    "bad route '10.0.0.0/8 by 192.168.1.1': unexpected 'by'");
        }

        @Test
        void neither_gateway_nor_device() {
            assertProblem(withRoute("10.0.0.0/8"), 7, 9, "nodes[0].routes[1]", "needs 'via <gateway>' or 'dev <iface>'");
        }

        @Test
        void a_bad_destination() {
            assertProblem(withRoute("10.0.0/8 via 192.168.1.1"), 7, 9, "nodes[0].routes[1]",
                    "bad destination: not an IPv4 address: '10.0.0'");
        }

        @Test
        void a_destination_with_host_bits() {
            assertProblem(withRoute("10.1.0.0/8 via 192.168.1.1"), 7, 9, "nodes[0].routes[1]",
                    "has host bits set (did you mean 10.0.0.0/8?)");
        }

        @Test
        void a_gateway_outside_every_subnet_of_the_node() {
            assertProblem(withRoute("10.0.0.0/8 via 10.0.0.1"), 7, 9, "nodes[0].routes[1]",
                    "gateway 10.0.0.1 is not inside any subnet of laptop's interfaces (laptop has eth0 192.168.1.0/24)");
        }

        @Test
        void a_gateway_outside_the_named_device() throws ScenarioException {
            String y = withRoute("10.0.0.0/8 via 10.0.0.2 dev eth1")
                    + "  - name: second\n    a: laptop 10.0.0.1/30\n    b: router 10.0.0.2/30\n";
            Scenario good = ScenarioLoader.parse("good.yaml", y);
            assertThat(good.nodes().get(0).routes().get(1).dev()).isEqualTo("eth1");
            assertProblem(y.replace("dev eth1", "dev eth0"), 7, 9, "nodes[0].routes[1]",
                    "gateway 10.0.0.2 is not inside eth0's subnet 192.168.1.0/24");
        }

        @Test
        void a_device_the_node_does_not_have() {
            assertProblem(withRoute("172.16.0.0/12 dev eth1"), 7, 9, "nodes[0].routes[1]",
                    "dev eth1: no such interface on laptop (laptop has eth0 192.168.1.0/24)");
        }

        @Test
        void a_gateway_that_is_the_node_itself() {
            assertProblem(withRoute("10.0.0.0/8 via 192.168.1.10"), 7, 9, "nodes[0].routes[1]",
                    "gateway 192.168.1.10 is laptop's own address on eth0");
        }

        @Test
        void two_routes_to_one_destination() {
            assertProblem(withRoute("default via 192.168.1.1"), 7, 9, "nodes[0].routes[1]",
                    "a route to 0.0.0.0/0 is already on line 6");
        }

        @Test
        void a_node_without_links_has_no_gateway() {
            assertProblem(BASE.replace("    kind: host\n  - name: router", "    kind: host\n    routes: [default via"
                    + " 10.0.0.1]\n  - name: router"), 5, 14, "nodes[0].routes[0]",
                    "laptop has no interfaces: no link attaches to it");
        }
    }

    @Nested
    class Timeline {
        @Test
        void run_on_an_unknown_node() {
            assertProblem(LINKED + "timeline:\n  - at: 1s\n    on: lapop\n    run: ls\n", 14, 9, "timeline[0].on",
                    "unknown node 'lapop' (known nodes: laptop, router, server)");
        }

        @Test
        void failing_an_unknown_link() {
            assertProblem(LINKED + "timeline:\n  - at: 1s\n    fail-link: laptop-router\n", 14, 16,
                    "timeline[0].fail-link", "unknown link 'laptop-router' (known links: laptop--router)");
        }

        @Test
        void restoring_an_unknown_link() {
            assertProblem(LINKED + "timeline:\n  - at: 1s\n    restore-link: wan\n", 14, 19,
                    "timeline[0].restore-link", "unknown link 'wan' (known links: laptop--router)");
        }

        @Test
        void two_actions_point_at_the_second() {
            assertProblem(LINKED + "timeline:\n  - at: 1s\n    fail-link: laptop--router\n"
                    + "    restore-link: laptop--router\n", 15, 5, "timeline[0].restore-link",
                    "more than one action ('fail-link' and 'restore-link')");
        }

        @Test
        void no_action() {
            assertProblem(LINKED + "timeline:\n  - at: 1s\n", 13, 5, "timeline[0]",
                    "no action (write one of: run, input, fail-link, restore-link, crash, restore, deregister)");
        }

        @Test
        void run_without_on() {
            assertProblem(LINKED + "timeline:\n  - at: 1s\n    run: ls\n", 13, 5, "timeline[0].on",
                    "missing required field 'on'");
        }

        @Test
        void on_without_run() {
            assertProblem(LINKED + "timeline:\n  - at: 1s\n    on: laptop\n    fail-link: laptop--router\n", 14, 5,
                    "timeline[0].on", "'on' goes only with 'run'");
        }

        @Test
        void an_empty_command() {
            assertProblem(LINKED + "timeline:\n  - at: 1s\n    on: laptop\n    run: \"  \"\n", 15, 10,
                    "timeline[0].run", "empty command");
        }

        @Test
        void a_run_without_a_value() {
            assertProblem(LINKED + "timeline:\n  - at: 1s\n    on: laptop\n    run:\n", 15, 5,
                    "timeline[0].run", "empty command");
        }
    }

    @Nested
    class Syntax {
        @Test
        void bad_indentation_is_reported_where_snakeyaml_finds_it() {
            assertProblem("name: t\nnodes:\n  - name: a\n   kind: host\n", 4, 4, "",
                    "YAML syntax error: while parsing a block collection (line 3): expected <block end>");
        }

        @Test
        void a_tab_is_reported_on_one_line() {
            assertProblem("name: t\n\tnodes: []\n", 2, 1, "", "YAML syntax error: found character '\\t(TAB)'");
        }

        @Test
        void an_unclosed_quote() {
            assertProblem("name: 'abc\n", 2, 1, "", "YAML syntax error: while scanning a quoted scalar (line 1)");
        }

        @Test
        void two_documents() {
            assertProblem("name: t\n---\nname: u\n", 2, 1, "", "but found another document");
        }

        @Test
        void from_a_file_the_location_names_the_file() throws Exception {
            Path f = Path.of(ScenarioErrorsTest.class.getResource("/scenarios/bad/syntax.yaml").toURI());
            try {
                ScenarioLoader.load(f);
                throw new AssertionError("expected a ScenarioException");
            } catch (ScenarioException e) {
                assertThat(e.getMessage()).isEqualTo(f + ":7:4: YAML syntax error: while parsing a block collection"
                        + " (line 4): expected <block end>, but found '<block mapping start>'");
            }
        }
    }
}
