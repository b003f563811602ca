package dev.minternet.scenario;

import static dev.minternet.scenario.ScenarioProblems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.netfilter.CtState;
import dev.minternet.netfilter.FirewallConfig;
import dev.minternet.netfilter.FirewallConfig.Action;
import dev.minternet.netfilter.FirewallConfig.Direction;
import dev.minternet.netfilter.FirewallConfig.Rule;
import dev.minternet.netfilter.NatConfig;
import dev.minternet.netfilter.NatConfig.PortForward;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip4.Cidr;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The per-node {@code nat:} and {@code firewall:} fields: what they read into, and every error. */
class NetfilterFieldsTest {
    /** A host on line 3, a router on lines 4-5; the router's fields continue on line 6. */
    private static final String HEAD = """
            name: t
            nodes:
              - {name: laptop, kind: host}
              - name: home
                kind: router
            """;
    /** Links (after the nodes): home has eth0 (lan) and eth1 (wan). */
    private static final String LINKS = """
            links:
              - {a: laptop 192.168.1.10/24, b: home 192.168.1.1/24}
              - {a: home 198.51.100.2/30, b: server 198.51.100.1/30}
            """;
    private static final String SERVER = "  - {name: server, kind: host}\n";

    private static String router(String fields) {
        return HEAD + fields + SERVER + LINKS;
    }

    private static String server(String fields) {
        return HEAD + "  - name: server\n    kind: host\n" + fields + LINKS;
    }

    @Test
    void nat_and_firewall_are_read_with_their_defaults() throws ScenarioException {
        Scenario s = ScenarioLoader.parse("ok.yaml", HEAD + """
                    nat:
                      outside: eth1
                      forward:
                        - {proto: tcp, port: 443, to: 192.168.1.10:8443}
                        - {proto: udp, port: 5000, to: 192.168.1.10}
                  - name: server
                    kind: host
                    firewall:
                      policy: {in: deny}
                      rules:
                        - {action: allow, direction: in, proto: tcp, port: 443}
                        - {action: reject, direction: in, proto: udp, port: 5000-5010, from: 10.0.0.0/8}
                        - {action: deny, direction: out, to: 203.0.113.7}
                """ + LINKS);
        assertThat(s.nodes().get(1).nat()).isEqualTo(new NatConfig("eth1", List.of(
                new PortForward(6, 443, Ip4.parse("192.168.1.10"), 8443),
                new PortForward(17, 5000, Ip4.parse("192.168.1.10"), 5000))));
        assertThat(s.nodes().get(1).firewall()).isNull();
        assertThat(s.nodes().get(0).nat()).isNull();
        FirewallConfig fw = s.nodes().get(2).firewall();
        assertThat(fw.policyIn()).isEqualTo(Action.DENY);
        assertThat(fw.policyOut()).isEqualTo(Action.ALLOW);
        assertThat(fw.policyForward()).isEqualTo(Action.ALLOW);
        assertThat(fw.rules()).containsExactly(
                new Rule(Action.ALLOW, Direction.IN, 6, null, null, 443, 443),
                new Rule(Action.REJECT, Direction.IN, 17, Cidr.parse("10.0.0.0/8"), null, 5000, 5010),
                new Rule(Action.DENY, Direction.OUT, Rule.ANY, null, Cidr.parse("203.0.113.7/32"), -1, -1));
    }

    @Test
    void nat_on_a_host() {
        assertProblem(server("    nat: {outside: eth0}\n"), 8, 5, "nodes[2].nat", "nat needs a router (kind: router)");
    }

    @Test
    void nat_without_outside() {
        assertProblem(router("    nat: {forward: []}\n"), 6, 10, "nodes[1].nat.outside",
                "missing required field 'outside'");
    }

    @Test
    void nat_outside_is_not_an_interface_of_the_node() {
        assertProblem(router("    nat: {outside: eth7}\n"), 6, 20, "nodes[1].nat.outside",
                "no such interface on home (home has eth0 192.168.1.0/24, eth1 198.51.100.0/30)");
    }

    @Test
    void nat_needs_an_inside_interface() {
        assertProblem(HEAD + "    nat: {outside: eth0}\n" + SERVER + """
                links:
                  - {a: home 198.51.100.2/30, b: server 198.51.100.1/30}
                """, 6, 20, "nodes[1].nat.outside", "NAT needs an inside one too");
    }

    @Test
    void unknown_nat_field() {
        assertProblem(router("    nat: {outside: eth1, inside: eth0}\n"), 6, 26, "nodes[1].nat.inside",
                "unknown field 'inside' (allowed: outside, forward)");
    }

    @Test
    void a_forward_of_an_unforwardable_protocol() {
        assertProblem(router("    nat: {outside: eth1, forward: [{proto: icmp, port: 1, to: 192.168.1.10}]}\n"), 6, 44,
                "nodes[1].nat.forward[0].proto", "unknown value 'icmp' (allowed: tcp, udp)");
    }

    @Test
    void a_forward_to_a_bad_port() {
        assertProblem(router("    nat: {outside: eth1, forward: [{proto: tcp, port: 443, to: '192.168.1.10:99999'}]}\n"),
                6, 64, "nodes[1].nat.forward[0].to", "bad port '99999' (expected 1-65535)");
    }

    @Test
    void a_forward_to_a_bad_address() {
        assertProblem(router("    nat: {outside: eth1, forward: [{proto: tcp, port: 443, to: 'server:443'}]}\n"),
                6, 64, "nodes[1].nat.forward[0].to", "bad address: not an IPv4 address: 'server'");
    }

    @Test
    void a_forward_to_the_router_itself_or_to_the_outside() {
        assertProblem(router("    nat: {outside: eth1, forward: [{proto: tcp, port: 443, to: 192.168.1.1}]}\n"),
                6, 64, "nodes[1].nat.forward[0].to", "192.168.1.1 is home's own address on eth0 (forward to an inside host)");
        assertProblem(router("    nat: {outside: eth1, forward: [{proto: tcp, port: 443, to: 198.51.100.1}]}\n"),
                6, 64, "nodes[1].nat.forward[0].to",
                "198.51.100.1 is on the outside subnet 198.51.100.0/30 (forward to an inside host)");
    }

    @Test
    void a_port_forwarded_twice() {
        assertProblem(router("""
                    nat:
                      outside: eth1
                      forward:
                        - {proto: tcp, port: 443, to: 192.168.1.10}
                        - {proto: tcp, port: 443, to: 192.168.1.11}
                """), 10, 11, "nodes[1].nat.forward[1]", "port 443/tcp is already forwarded on line 9");
    }

    @Test
    void a_reject_policy() {
        assertProblem(server("    firewall: {policy: {in: reject}}\n"), 8, 29, "nodes[2].firewall.policy.in",
                "unknown value 'reject' (allowed: allow, deny)");
    }

    @Test
    void a_forward_policy_on_a_host() {
        assertProblem(server("    firewall: {policy: {forward: deny}}\n"), 8, 25, "nodes[2].firewall.policy.forward",
                "a host does not forward");
    }

    @Test
    void a_forward_rule_on_a_host() {
        assertProblem(server("    firewall: {rules: [{action: deny, direction: forward}]}\n"), 8, 50,
                "nodes[2].firewall.rules[0].direction", "a host does not forward; use in or out");
    }

    @Test
    void a_rule_without_action() {
        assertProblem(server("    firewall: {rules: [{direction: in}]}\n"), 8, 24, "nodes[2].firewall.rules[0].action",
                "missing required field 'action' (allowed: allow, deny, reject)");
    }

    @Test
    void a_rule_with_an_unknown_field() {
        assertProblem(server("    firewall: {rules: [{action: deny, direction: in, dport: 22}]}\n"), 8, 54,
                "nodes[2].firewall.rules[0].dport",
                "unknown field 'dport' (allowed: action, direction, proto, port, from, to, state, ctstate)");
    }

    @Test
    void a_port_without_a_protocol_that_has_ports() {
        assertProblem(server("    firewall: {rules: [{action: deny, direction: in, port: 22}]}\n"), 8, 60,
                "nodes[2].firewall.rules[0].port", "a port needs proto: tcp or proto: udp (proto is any)");
        assertProblem(server("    firewall: {rules: [{action: deny, direction: in, proto: icmp, port: 22}]}\n"), 8, 73,
                "nodes[2].firewall.rules[0].port", "(icmp has no ports)");
    }

    @Test
    void a_reversed_or_out_of_range_port_range() {
        assertProblem(server("    firewall: {rules: [{action: deny, direction: in, proto: tcp, port: 90-80}]}\n"), 8, 72,
                "nodes[2].firewall.rules[0].port", "empty port range 90-80 (write the lower port first)");
        assertProblem(server("    firewall: {rules: [{action: deny, direction: in, proto: tcp, port: 70000}]}\n"), 8, 72,
                "nodes[2].firewall.rules[0].port", "port 70000 out of range 1-65535");
        assertProblem(server("    firewall: {rules: [{action: deny, direction: in, proto: tcp, port: ssh}]}\n"), 8, 72,
                "nodes[2].firewall.rules[0].port", "bad port 'ssh' (expected a port such as 443 or a range");
    }

    @Test
    void a_source_prefix_with_host_bits() {
        assertProblem(server("    firewall: {rules: [{action: allow, direction: in, from: 10.1.2.3/8}]}\n"), 8, 61,
                "nodes[2].firewall.rules[0].from", "10.1.2.3/8 has host bits set (did you mean 10.0.0.0/8?)");
        assertProblem(server("    firewall: {rules: [{action: allow, direction: in, to: 10.1.2.300}]}\n"), 8, 59,
                "nodes[2].firewall.rules[0].to", "bad address or prefix: octet 300 out of range");
    }

    @Test
    void ipv6_rules_take_one_family_and_prefixes_without_host_bits() {
        assertProblem(server("    firewall: {rules: [{action: allow, direction: in, from: 10.0.0.0/8, to: \"2001:db8::1\"}]}\n"),
                8, 77, "nodes[2].firewall.rules[0].to", "'from' and 'to' must be of one family (IPv4 or IPv6)");
        assertProblem(server("    firewall: {rules: [{action: allow, direction: in, from: \"2001:db8::1/32\"}]}\n"), 8, 61,
                "nodes[2].firewall.rules[0].from", "2001:db8::1/32 has host bits set (did you mean 2001:db8::/32?)");
        assertProblem(server("    firewall: {rules: [{action: allow, direction: in, proto: icmpv6, to: 10.0.0.1}]}\n"), 8, 62,
                "nodes[2].firewall.rules[0].proto", "icmpv6 is IPv6's; an IPv4 address needs proto: icmp");
    }

    @Test
    void a_state_match_moves_the_stateful_rule_and_stateful_drops_it() throws ScenarioException {
        Scenario s = ScenarioLoader.parse("ok.yaml", HEAD + """
                    firewall:
                      policy: {forward: deny}
                      stateful: [forward]
                      rules:
                        - {action: allow, direction: forward, proto: tcp, port: 22, state: NEW}
                        - {action: allow, direction: forward, ctstate: [related, established]}
                        - {action: deny, direction: in, state: 'invalid, untracked'}
                """ + SERVER + LINKS);
        FirewallConfig fw = s.nodes().get(1).firewall();
        assertThat(fw.stateful()).containsExactly(Direction.FORWARD);
        assertThat(fw.rules()).containsExactly(
                new Rule(Action.ALLOW, Direction.FORWARD, 6, null, null, 22, 22, Set.of(CtState.NEW)),
                new Rule(Action.ALLOW, Direction.FORWARD, Rule.ANY, null, null, -1, -1,
                        Set.of(CtState.ESTABLISHED, CtState.RELATED)),
                new Rule(Action.DENY, Direction.IN, Rule.ANY, null, null, -1, -1,
                        Set.of(CtState.INVALID, CtState.UNTRACKED)));
        assertThat(fw.chain(Direction.FORWARD)).as("the written stateful rule takes the implicit one's place")
                .containsExactly(fw.rules().get(0), fw.rules().get(1));
        assertThat(fw.chain(Direction.IN)).as("not in stateful").containsExactly(fw.rules().get(2));
        assertThat(fw.rules().get(1).toString()).isEqualTo("allow forward all state related,established");
        assertThat(fw.rules().get(1).options()).isEqualTo("ctstate RELATED,ESTABLISHED");
        assertThat(fw.rules().get(2).options()).isEqualTo("ctstate INVALID,UNTRACKED");

        FirewallConfig usual = ScenarioLoader.parse("ok.yaml", server("    firewall: {policy: {in: deny}}\n"))
                .nodes().get(2).firewall();
        assertThat(usual.stateful()).isEqualTo(EnumSet.allOf(Direction.class));
        assertThat(usual.chain(Direction.OUT)).containsExactly(Rule.established(Direction.OUT));
        assertThat(ScenarioLoader.parse("ok.yaml", server("    firewall: {stateful: false}\n")).nodes().get(2)
                .firewall().chain(Direction.IN)).isEmpty();
    }

    @Test
    void an_unknown_state() {
        assertProblem(server("    firewall: {rules: [{action: allow, direction: in, state: establish}]}\n"), 8, 62,
                "nodes[2].firewall.rules[0].state",
                "unknown state 'establish' (allowed: new, established, related, invalid, untracked)");
        assertProblem(server("    firewall: {rules: [{action: allow, direction: in, ctstate: [new, bogus]}]}\n"), 8, 70,
                "nodes[2].firewall.rules[0].ctstate[1]", "unknown state 'bogus'");
        assertProblem(server("    firewall: {rules: [{action: allow, direction: in, state: 'new,'}]}\n"), 8, 62,
                "nodes[2].firewall.rules[0].state", "empty state");
        assertProblem(server("    firewall: {rules: [{action: allow, direction: in, state: []}]}\n"), 8, 62,
                "nodes[2].firewall.rules[0].state", "no state named");
    }

    @Test
    void a_state_named_twice_or_both_spellings() {
        assertProblem(server("    firewall: {rules: [{action: allow, direction: in, state: [new, NEW]}]}\n"), 8, 68,
                "nodes[2].firewall.rules[0].state[1]", "state 'new' is named twice");
        assertProblem(server("    firewall: {rules: [{action: allow, direction: in, state: new, ctstate: new}]}\n"), 8,
                67, "nodes[2].firewall.rules[0].ctstate", "write 'state' or 'ctstate', not both");
    }

    @Test
    void a_bad_stateful_value() {
        assertProblem(server("    firewall: {stateful: no}\n"), 8, 26, "nodes[2].firewall.stateful",
                "expected true, false or a list of directions (in, out, forward), got 'no'");
        assertProblem(server("    firewall: {stateful: [in, sideways]}\n"), 8, 31, "nodes[2].firewall.stateful[1]",
                "unknown value 'sideways' (allowed: in, out, forward)");
        assertProblem(server("    firewall: {stateful: [forward]}\n"), 8, 27, "nodes[2].firewall.stateful[0]",
                "a host does not forward");
        assertProblem(server("    firewall: {stateful: [in, in]}\n"), 8, 31, "nodes[2].firewall.stateful[1]",
                "direction 'in' is listed twice");
    }
}
