package dev.minternet.scenario;

import static dev.minternet.scenario.ScenarioProblems.assertMessageAt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.wire.Ip4;
import org.junit.jupiter.api.Test;

/**
 * The {@code cloud:} section: security groups are stateful and network ACLs are not, rule numbers
 * (not file order) decide in a network ACL, peering is not transitive; each checked by the
 * analyzer and by a real probe. And the loader's errors, each at its line and column.
 */
class CloudTest {
    private static final String HEAD = """
            name: c
            duration: 60s
            nodes:
              - {name: inet, kind: router}
            cloud:
              internet: inet
              regions: [{name: r1, zones: [z1, z2]}]
              vpcs:
            """;

    /** One VPC: s1 (default network ACL) and s2 (network ACL n2 with the given rules). */
    private static String oneVpc(String n2Inbound, String n2Outbound) {
        return HEAD + """
                    - name: a
                      region: r1
                      cidr: 10.1.0.0/16
                      subnets:
                        - {name: s1, zone: z1, cidr: 10.1.1.0/24}
                        - {name: s2, zone: z2, cidr: 10.1.2.0/24, nacl: n2}
                      security-groups:
                        - {name: open, inbound: [{proto: all, from: 0.0.0.0/0}]}
                        - {name: web, inbound: [{proto: tcp, port: 80, from: open}]}
                        - name: quiet
                          inbound: [{proto: tcp, port: 80, from: 0.0.0.0/0}]
                          outbound: []
                      nacls:
                        - name: n2
                          inbound: %s
                          outbound: %s
                      instances:
                        - {name: c1, subnet: s1, ip: 10.1.1.10, security-groups: [open]}
                        - {name: w2, subnet: s2, ip: 10.1.2.10, security-groups: [web], services: [{type: web, port: 80, root: examples/cloud/updates}]}
                        - {name: w3, subnet: s1, ip: 10.1.1.20, security-groups: [quiet], services: [{type: web, port: 80, root: examples/cloud/updates}]}
                """.formatted(n2Inbound, n2Outbound);
    }

    private static WhyBoth ask(String yaml, String from, String to, int port, Why.Proto proto) throws ScenarioException {
        WhyBoth b = WhyBoth.ask("c.yaml", yaml, from, to, port, proto);
        assertThat(b.verdict().decidedBy()).isNotBlank();
        return b;
    }

    @Test
    void a_network_acl_without_an_ephemeral_port_rule_drops_the_answer_a_security_group_lets_out() throws Exception {
        String noEphemeral = oneVpc("[{rule: 100, action: allow, proto: tcp, port: 80, from: 10.1.1.0/24}]",
                "[{rule: 100, action: allow, proto: tcp, port: 80, to: 10.1.1.0/24}]");
        WhyBoth b = ask(noEphemeral, "c1", "w2", 80, Why.Proto.TCP);
        assertThat(b.verdict().outcome()).isEqualTo(Why.Outcome.BLOCKED);
        assertThat(b.verdict().decidedBy()).isEqualTo("network ACL n2 outbound rule * (deny all)");
        assertThat(b.verdict().summary()).contains("return traffic to 10.1.1.10:49152 from w2");
        assertThat(b.verdict().advice()).contains("outbound allow for tcp ports 1024-65535");
        // The way there passed: the security group admitted the SYN, and its answer left w2 by the stateful rule.
        assertThat(String.join("\n", b.verdict().forward())).contains("admitted by security group web inbound rule 1");
        assertThat(String.join("\n", b.verdict().back())).contains("security groups are stateful");

        String withEphemeral = oneVpc("[{rule: 100, action: allow, proto: tcp, port: 80, from: 10.1.1.0/24}]",
                "[{rule: 100, action: allow, proto: tcp, port: 1024-65535, to: 10.1.1.0/24}]");
        WhyBoth ok = ask(withEphemeral, "c1", "w2", 80, Why.Proto.TCP);
        assertThat(ok.verdict().outcome()).isEqualTo(Why.Outcome.OPEN);
        assertThat(String.join("\n", ok.verdict().back())).contains("network ACL n2 outbound rule 100 (allow tcp 1024-65535");
    }

    @Test
    void a_security_group_without_egress_rules_still_answers_what_it_admitted_but_starts_nothing() throws Exception {
        String y = oneVpc("[]", "[]");
        WhyBoth in = ask(y, "c1", "w3", 80, Why.Proto.TCP);
        assertThat(in.verdict().outcome()).isEqualTo(Why.Outcome.OPEN);
        assertThat(in.probe().detail()).startsWith("connected");
        WhyBoth out = ask(y, "w3", "c1", 0, Why.Proto.ICMP);
        assertThat(out.verdict().outcome()).isEqualTo(Why.Outcome.BLOCKED);
        assertThat(out.verdict().at()).isEqualTo("w3");
        assertThat(out.verdict().decidedBy()).contains("no rule of security group quiet allows it");
    }

    @Test
    void the_lowest_rule_number_decides_whatever_the_order_written() throws Exception {
        String out = "[{rule: 100, action: allow, proto: tcp, port: 1024-65535, to: 10.1.1.0/24}]";
        String denyFirst = oneVpc("[{rule: 100, action: allow, proto: tcp, port: 80, from: 10.1.1.0/24},"
                + " {rule: 90, action: deny, proto: tcp, port: 80, from: 10.1.1.10/32}]", out);
        WhyBoth d = ask(denyFirst, "c1", "w2", 80, Why.Proto.TCP);
        assertThat(d.verdict().outcome()).isEqualTo(Why.Outcome.BLOCKED);
        assertThat(d.verdict().decidedBy()).isEqualTo("network ACL n2 inbound rule 90 (deny tcp 80 from 10.1.1.10/32)");
        String allowFirst = oneVpc("[{rule: 100, action: allow, proto: tcp, port: 80, from: 10.1.1.0/24},"
                + " {rule: 110, action: deny, proto: tcp, port: 80, from: 10.1.1.10/32}]", out);
        assertThat(ask(allowFirst, "c1", "w2", 80, Why.Proto.TCP).verdict().outcome()).isEqualTo(Why.Outcome.OPEN);
    }

    private static String vpc(String name, int second, String routes, String instance) {
        return """
                    - name: %1$s
                      region: r1
                      cidr: 10.%2$d.0.0/16
                      subnets: [{name: s, zone: z1, cidr: 10.%2$d.1.0/24, route-table: rt}]
                      route-tables: [{name: rt, routes: %3$s}]
                      security-groups: [{name: all-%1$s, inbound: [{proto: all, from: 0.0.0.0/0}]}]
                      instances:
                        - {name: %4$s, subnet: s, ip: 10.%2$d.1.10, security-groups: [all-%1$s], services: [{type: web, port: 80, root: examples/cloud/updates}]}
                """.formatted(name, second, routes, instance);
    }

    private static final String PEERED = HEAD
            + vpc("a", 1, "[{to: 10.2.0.0/16, via: pab}, {to: 10.3.0.0/16, via: pab}]", "ha")
            + vpc("b", 2, "[{to: 10.1.0.0/16, via: pab}, {to: 10.3.0.0/16, via: pbc}]", "hb")
            + vpc("c", 3, "[{to: 10.2.0.0/16, via: pbc}, {to: 10.1.0.0/16, via: pbc}]", "hc")
            + """
              peerings:
                - {name: pab, a: a, b: b}
                - {name: pbc, a: b, b: c}
            """;

    @Test
    void peering_is_not_transitive() throws Exception {
        assertThat(ask(PEERED, "ha", "hb", 80, Why.Proto.TCP).verdict().outcome()).isEqualTo(Why.Outcome.OPEN);
        assertThat(ask(PEERED, "hb", "hc", 80, Why.Proto.TCP).verdict().outcome()).isEqualTo(Why.Outcome.OPEN);
        WhyBoth ac = ask(PEERED, "ha", "hc", 80, Why.Proto.TCP);
        assertThat(ac.verdict().outcome()).isEqualTo(Why.Outcome.BLOCKED);
        assertThat(ac.verdict().at()).isEqualTo("pab");
        assertThat(ac.verdict().summary()).contains("peering is not transitive");
        WhyBoth ca = ask(PEERED, "hc", "ha", 0, Why.Proto.ICMP);
        assertThat(ca.verdict().outcome()).isEqualTo(Why.Outcome.BLOCKED);
        assertThat(ca.verdict().at()).isEqualTo("pbc");
    }

    @Test
    void the_cloud_compiles_to_routers_hosts_and_links() throws ScenarioException {
        Scenario s = ScenarioLoader.parse("c.yaml", oneVpc("[]", "[]"));
        assertThat(s.nodes().stream().map(Scenario.NodeSpec::name))
                .containsExactly("inet", "a-s1", "a-s2", "c1", "w2", "w3");
        Scenario.NodeSpec c1 = s.nodes().get(3);
        assertThat(c1.kind()).isEqualTo(Scenario.NodeKind.HOST);
        assertThat(c1.routes().get(0).via()).isEqualTo(Ip4.parse("10.1.1.1"));
        assertThat(s.nodes().get(1).firewall().stateful()).isEmpty();
        assertThat(s.cloud().nodes().get("a-s2").what()).isEqualTo("subnet s2 of vpc a (10.1.2.0/24, z2, network ACL n2)");
        assertThat(s.links().stream().map(Scenario.LinkSpec::name)).contains("a-s1--a-s2", "c1--a-s1", "w2--a-s2");
    }

    // Errors: each at the line and column of the value at fault.

    private static void assertProblem(String yaml, String marker, String path, String phrase) {
        int at = yaml.indexOf(marker);
        assertMessageAt(yaml, marker, at, path, phrase);
    }

    @Test
    void overlapping_blocks_cannot_be_peered() {
        String y = PEERED.replace("cidr: 10.3.0.0/16", "cidr: 10.2.0.0/16").replace("10.3.1.0/24", "10.2.1.0/24")
                .replace("10.3.1.10", "10.2.1.20");
        assertProblem(y, "c}\n", "cloud.peerings[1].b",
                "cannot peer b 10.2.0.0/16 with c 10.2.0.0/16: their CIDR blocks overlap");
    }

    @Test
    void a_subnet_outside_its_vpc_is_refused() {
        String y = oneVpc("[]", "[]").replace("cidr: 10.1.2.0/24", "cidr: 10.9.2.0/24");
        assertProblem(y, "10.9.2.0/24", "cloud.vpcs[0].subnets[1].cidr", "subnet 10.9.2.0/24 is outside vpc a's 10.1.0.0/16");
    }

    @Test
    void a_route_to_a_missing_gateway_is_refused() {
        String y = PEERED.replace("{to: 10.3.0.0/16, via: pab}", "{to: 10.3.0.0/16, via: nat-z}");
        assertProblem(y, "nat-z", "cloud.vpcs[0].route-tables[0].routes[1].via",
                "route to missing gateway 'nat-z' (gateways of vpc a: pab)");
    }

    @Test
    void a_security_group_of_another_vpc_cannot_be_referenced() {
        String y = PEERED.replace("security-groups: [all-a]", "security-groups: [all-b]");
        assertProblem(y, "all-b]", "cloud.vpcs[0].instances[0].security-groups[0]",
                "security group 'all-b' belongs to vpc b, not a");
        String rule = oneVpc("[]", "[]").replace("from: open}", "from: all-zz}");
        assertProblem(rule, "all-zz", "cloud.vpcs[0].security-groups[1].inbound[0].from",
                "unknown security group 'all-zz' (groups of a: open, web, quiet)");
    }

    @Test
    void other_mistakes_are_named_precisely() {
        assertProblem(oneVpc("[]", "[]").replace("nacl: n2", "nacl: n9"), "n9", "cloud.vpcs[0].subnets[1].nacl",
                "unknown network ACL 'n9' (nacls of a: n2)");
        assertProblem(oneVpc("[{rule: 100, action: allow, from: 0.0.0.0/0}, {rule: 100, action: deny, from: 0.0.0.0/0}]",
                "[]"), "100, action: deny", "cloud.vpcs[0].nacls[0].inbound[1].rule", "rule 100 is already inbound rule");
        assertProblem(oneVpc("[]", "[]").replace("ip: 10.1.1.10", "ip: 10.1.2.99"), "10.1.2.99",
                "cloud.vpcs[0].instances[0].ip", "10.1.2.99 is outside subnet s1 10.1.1.0/24");
        assertProblem(oneVpc("[]", "[]").replace("ip: 10.1.1.10", "ip: 10.1.1.1"), "10.1.1.1,",
                "cloud.vpcs[0].instances[0].ip", "is reserved in 10.1.1.0/24");
        assertProblem(oneVpc("[]", "[]").replace("zone: z2", "zone: z7"), "z7", "cloud.vpcs[0].subnets[1].zone",
                "zone 'z7' is not in region r1 (zones: z1, z2)");
        assertProblem(oneVpc("[]", "[]").replace("name: c\n", "name: c\nrouting: global\n"), "global", "routing",
                "a cloud's route tables are static routes");
    }
}
