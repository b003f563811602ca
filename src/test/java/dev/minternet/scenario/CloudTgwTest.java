package dev.minternet.scenario;

import static dev.minternet.scenario.ScenarioProblems.assertMessageAt;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Transit gateways: transitive where peering is not, route tables with associations and
 * propagations, blackhole routes; {@code why} names the table and route that decided, and a
 * real probe agrees each time. And the loader's errors.
 */
class CloudTgwTest {
    private static final Path EXAMPLE = Path.of("examples/cloud-transit-gateway.yaml");

    private static WhyBoth ask(String yaml, String from, String to, int port, Why.Proto proto) throws ScenarioException {
        return WhyBoth.ask(EXAMPLE.toString(), yaml, from, to, port, proto);
    }

    @Test
    void a_spoke_reaches_the_shared_vpc_through_the_tables_it_is_associated_with() throws Exception {
        WhyBoth b = ask(Files.readString(EXAMPLE), "dev-1", "svc", 80, Why.Proto.TCP);
        assertThat(b.verdict().outcome()).isEqualTo(Why.Outcome.OPEN);
        assertThat(String.join("\n", b.verdict().forward()))
                .contains("associated with route table rt-spokes")
                .contains("route 10.0.0.0/16 via 169.254.0.1 dev eth0 (transit gateway tgw route table rt-spokes route"
                        + " 10.0.0.0/16 -> attachment of vpc shared (propagated))");
        assertThat(String.join("\n", b.verdict().back()))
                .contains("transit gateway tgw route table rt-shared route 10.1.0.0/16 -> attachment of vpc dev"
                        + " (propagated)");
    }

    @Test
    void a_blackhole_route_drops_what_it_covers_and_a_more_specific_route_wins_over_it() throws Exception {
        WhyBoth b = ask(Files.readString(EXAMPLE), "dev-1", "prod-1", 0, Why.Proto.ICMP);
        assertThat(b.verdict().outcome()).isEqualTo(Why.Outcome.BLOCKED);
        assertThat(b.verdict().at()).isEqualTo("tgw-rt-spokes");
        assertThat(b.verdict().decidedBy()).isEqualTo("transit gateway tgw route table rt-spokes route 10.0.0.0/8"
                + " (blackhole)");
        assertThat(b.probe().detail()).contains("no echo reply");
        // Without the blackhole, rt-spokes has no route to prod at all: the spokes stay apart.
        String y = Files.readString(EXAMPLE).replace("          routes: [{to: 10.0.0.0/8, blackhole: true}]\n", "");
        WhyBoth n = ask(y, "dev-1", "prod-1", 0, Why.Proto.ICMP);
        assertThat(n.verdict().outcome()).isEqualTo(Why.Outcome.BLOCKED);
        assertThat(n.verdict().summary()).contains("no route in transit gateway tgw route table rt-spokes");
    }

    /** Three VPCs a, b, c; {@code extra} adds peerings or a transit gateway; a's subnet routes 10/8 {@code via}. */
    private static String three(String via, String extra) {
        StringBuilder sb = new StringBuilder("""
                name: t
                duration: 10s
                nodes:
                  - {name: inet, kind: router}
                cloud:
                  internet: inet
                  regions: [{name: r1, zones: [z1]}]
                  vpcs:
                """);
        String[][] v = {{"a", "1", via}, {"b", "2", "pcx-bc"}, {"c", "3", "pcx-bc"}};
        for (String[] x : v) {
            String to = x[0].equals("b") ? "10.1.0.0/16" : "10.0.0.0/8";
            String gw = x[0].equals("b") && via.equals("pcx-ab") ? "pcx-ab" : x[0].equals("a") ? via
                    : via.equals("tgw") ? "tgw" : "pcx-bc";
            sb.append("""
                        - name: %1$s
                          region: r1
                          cidr: 10.%2$s.0.0/16
                          subnets: [{name: s, zone: z1, cidr: 10.%2$s.1.0/24, route-table: rt}]
                          route-tables: [{name: rt, routes: [{to: %3$s, via: %4$s}]}]
                          security-groups: [{name: g%1$s, inbound: [{proto: icmp, from: 10.0.0.0/8}]}]
                          instances: [{name: %1$s1, subnet: s, ip: 10.%2$s.1.10, security-groups: [g%1$s]}]
                    """.formatted(x[0], x[1], to, gw));
        }
        return sb.append(extra).toString();
    }

    @Test
    void a_transit_gateway_is_transitive_where_a_chain_of_peerings_is_not() throws Exception {
        String tgw = three("tgw", """
                  transit-gateways:
                    - name: tgw
                      region: r1
                      attachments: [a, b, c]
                      route-tables: [{name: rt, associations: [a, b, c], propagations: [a, b, c]}]
                """);
        WhyBoth ok = ask(tgw, "a1", "c1", 0, Why.Proto.ICMP);
        assertThat(ok.verdict().outcome()).isEqualTo(Why.Outcome.OPEN);
        assertThat(String.join("\n", ok.verdict().forward())).contains("transit gateway tgw route table rt route"
                + " 10.3.0.0/16 -> attachment of vpc c (propagated)");
        String chain = three("pcx-ab", """
                  peerings:
                    - {name: pcx-ab, a: a, b: b}
                    - {name: pcx-bc, a: b, b: c}
                """);
        WhyBoth no = ask(chain, "a1", "c1", 0, Why.Proto.ICMP);
        assertThat(no.verdict().outcome()).isEqualTo(Why.Outcome.BLOCKED);
        assertThat(no.verdict().at()).isEqualTo("pcx-ab");
    }

    private static final String ERR = """
            name: t
            nodes:
              - {name: inet, kind: router}
            cloud:
              internet: inet
              regions: [{name: r1, zones: [z1]}, {name: r2, zones: [y1]}]
              vpcs:
                - {name: a, region: r1, cidr: 10.1.0.0/16, subnets: [{name: s, zone: z1, cidr: 10.1.1.0/24, route-table: rt}], route-tables: [{name: rt, routes: [{to: 10.0.0.0/8, via: VIA}]}]}
                - {name: b, region: r1, cidr: BCIDR, subnets: [{name: s, zone: z1, cidr: BSUB}]}
                - {name: c, region: r2, cidr: 10.3.0.0/16, subnets: [{name: s, zone: y1, cidr: 10.3.1.0/24}]}
              transit-gateways:
                - name: tgw
                  region: r1
                  attachments: ATT
                  route-tables: [{name: rt1, associations: ASSOC, routes: ROUTES}]
            """;

    private static String err(String via, String bcidr, String att, String assoc, String routes) {
        return ERR.replace("VIA", via).replace("BCIDR", bcidr).replace("BSUB", bcidr.replace(".0.0/16", ".1.0/24"))
                .replace("ATT", att).replace("ASSOC", assoc).replace("ROUTES", routes);
    }

    @Test
    void transit_gateway_errors_name_their_field() {
        String ok = err("tgw", "10.2.0.0/16", "[a, b]", "[a, b]", "[]");
        assertThat(ok).isNotNull();
        assertProblem(err("tgw", "10.2.0.0/16", "[b]", "[b]", "[]"), "via: tgw",
                "cloud.vpcs[0].route-tables[0].routes[0].via", "route to transit gateway tgw, which vpc a is not"
                        + " attached to (attachments of tgw: b)", 5);
        assertProblem(err("tgw", "10.1.0.0/16", "[a, b]", "[a]", "[]"), "b]", "cloud.transit-gateways[0].attachments[1]",
                "vpc b 10.1.0.0/16 overlaps vpc a 10.1.0.0/16, also attached to tgw", 0);
        assertProblem(err("tgw", "10.2.0.0/16", "[a, c]", "[a]", "[]"), "c]", "cloud.transit-gateways[0].attachments[1]",
                "vpc c is in region r2", 0);
        assertProblem(err("tgw", "10.2.0.0/16", "[a]", "[b]", "[]"), "b], routes", "cloud.transit-gateways[0].route-tables[0]"
                + ".associations[0]", "vpc 'b' is not attached to transit gateway tgw (attachments: a)", 0);
        assertProblem(err("tgw", "10.2.0.0/16", "[a]", "[a]", "[{to: 10.9.0.0/16, via: a, blackhole: true}]"),
                "{to: 10.9", "cloud.transit-gateways[0].route-tables[0].routes[0]", "either 'via: <attached vpc>' or"
                        + " 'blackhole: true'", 0);
    }

    private static void assertProblem(String yaml, String marker, String path, String phrase, int skip) {
        int at = yaml.lastIndexOf(marker);
        if (skip > 0) {
            at = yaml.indexOf(marker) + skip;
        }
        assertMessageAt(yaml, marker, at, path, phrase);
    }
}
