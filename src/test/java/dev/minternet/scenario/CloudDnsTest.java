package dev.minternet.scenario;

import static dev.minternet.scenario.ScenarioProblems.assertMessageAt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.dns.DnsEvents;
import dev.minternet.testing.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Private DNS zones (Route 53 private hosted zones) in {@code examples/cloud-private-dns.yaml}:
 * split horizon (the private answer inside the associated VPC, the public answer or NXDOMAIN
 * outside), a peered VPC that is not associated sees the public answer, an associated one the
 * private; the resolver answers only its VPC; and the loader's errors.
 */
class CloudDnsTest {
    private static final Path EXAMPLE = Path.of("examples/cloud-private-dns.yaml");
    @TempDir
    static Path dir;

    private static String text(Runs.Result r, String node) {
        return String.join("\n", r.terminal(node));
    }

    @Test
    void the_same_name_resolves_privately_inside_the_vpc_and_publicly_outside() throws Exception {
        Runs.Result r = Runs.run(Files.readString(EXAMPLE));
        String app = text(r, "app");
        assertThat(app).contains("www.example.com.\t300\tIN\tA\t10.0.1.10").contains("SERVER: 10.0.0.2#53(10.0.0.2)")
                .contains("flags: qr aa rd ra").contains("\n10.0.1.30\n");
        String laptop = text(r, "laptop");
        assertThat(r.terminal("laptop")).contains("198.51.100.10");
        assertThat(laptop).contains("status: NXDOMAIN").doesNotContain("10.0.1.");
        // ops is peered with shop but not associated with the zone: its own resolver relays to the public DNS.
        assertThat(r.terminal("tool")).containsExactly("198.51.100.10");
        assertThat(r.events(DnsEvents.SERVE_AUTHORITATIVE).stream().anyMatch(e -> e.node().equals("shop-dns")
                && e.toString().contains("example.com"))).isTrue();
        assertThat(r.events(DnsEvents.SERVE_AUTHORITATIVE).stream().noneMatch(e -> e.node().equals("ops-dns")
                && e.toString().contains("vpc-resolver") && e.toString().contains("NOERROR"))).isTrue();
    }

    @Test
    void associating_the_zone_with_the_peered_vpc_too_gives_it_the_private_answer() throws Exception {
        String y = Files.readString(EXAMPLE).replace("vpcs: [shop]", "vpcs: [shop, ops]");
        Runs.Result r = Runs.run(y);
        assertThat(r.terminal("tool")).containsExactly("10.0.1.10");
        assertThat(r.terminal("laptop")).contains("198.51.100.10");
    }

    @Test
    void a_vpc_resolver_refuses_clients_outside_its_vpc() throws Exception {
        // Give ops a route to shop's resolver through the peering: shop-dns answers it REFUSED.
        String y = Files.readString(EXAMPLE)
                .replace("- {name: a, zone: eu-west-1a, cidr: 10.0.1.0/24, route-table: public}",
                        "- {name: a, zone: eu-west-1a, cidr: 10.0.0.0/24, route-table: public}")
                .replace("10.0.1.10", "10.0.0.10").replace("10.0.1.20", "10.0.0.20").replace("10.0.1.30", "10.0.0.30")
                .replace("  - {at: 8s, on: app, run: \"dig +short www.example.com\"}",
                        "  - {at: 8s, on: tool, run: \"dig @10.0.0.2 www.example.com\"}");
        Runs.Result r = Runs.run(y);
        assertThat(text(r, "tool")).contains("status: REFUSED");
        assertThat(text(r, "app")).contains("10.0.0.10");
    }

    @Test
    void the_new_cloud_examples_run_byte_identically_twice() throws Exception {
        Runs.Result tgw = Runs.example(Path.of("examples/cloud-transit-gateway.yaml"), dir.resolve("tgw"));
        assertThat(tgw.terminal("dev-1")).contains("pkg-1.2.3");
        assertThat(String.join("\n", tgw.terminal("prod-1"))).contains("1 packets transmitted, 1 received");
        for (String ex : new String[] {"examples/cloud-private-dns.yaml", "examples/cloud-transit-gateway.yaml"}) {
            Runs.Result a = Runs.example(Path.of(ex), dir.resolve("a" + ex.length()));
            Runs.Result b = Runs.example(Path.of(ex), dir.resolve("b" + ex.length()));
            assertThat(a.output()).as(ex).isNotEmpty().noneMatch(l -> l.contains("failed"));
            assertThat(b.output()).as(ex).isEqualTo(a.output());
            assertThat(b.trace().stream().map(Object::toString).toList()).as(ex)
                    .isEqualTo(a.trace().stream().map(Object::toString).toList());
        }
    }

    @Test
    void the_vpc_resolver_is_compiled_at_base_plus_two() throws Exception {
        Scenario s = ScenarioLoader.load(EXAMPLE);
        assertThat(s.cloud().resolvers()).extracting(CloudSpec.VpcDns::node).containsExactly("shop-dns", "ops-dns");
        assertThat(s.cloud().resolvers().get(0).zones()).extracting(CloudSpec.PrivateZone::name)
                .containsExactly("example.com");
        assertThat(s.cloud().resolvers().get(1).zones()).isEmpty();
        assertThat(s.cloud().nodes().get("shop-dns").what()).isEqualTo("resolver of vpc shop at 10.0.0.2 (private zones:"
                + " example.com)");
        // Network ACLs and security groups do not filter the resolver, as in AWS.
        assertThat(s.cloud().nodes().get("shop-a").rules()).contains(
                "to the VPC resolver 10.0.0.2/32 (network ACLs do not filter Amazon DNS)");
        assertThat(s.cloud().nodes().get("app").rules().get(0))
                .isEqualTo("the VPC resolver 10.0.0.2 (security groups do not filter Amazon DNS)");
    }

    private static final String ZONE_HEAD = """
            name: c
            nodes:
              - {name: inet, kind: router}
            cloud:
              internet: inet
              regions: [{name: r1, zones: [z1]}]
              vpcs:
                - {name: a, region: r1, cidr: 10.1.0.0/16, subnets: [{name: s1, zone: z1, cidr: 10.1.1.0/24}]}
              private-zones:
            """;

    @Test
    void private_zone_errors_name_their_field() {
        assertProblem(ZONE_HEAD + "    - {name: x.internal, vpcs: [b]}\n", "b]", "cloud.private-zones[0].vpcs[0]",
                "unknown vpc 'b'");
        assertProblem(ZONE_HEAD + "    - {name: x.internal, vpcs: [a]}\n    - {name: x.internal, vpcs: [a]}\n",
                "a]}\n    - {name: x.internal, vpcs: [a]}\n".substring(0, 0) + "[a]}\n", "cloud.private-zones[1].vpcs[0]",
                "vpc a is already associated with a private zone x.internal");
        assertProblem(ZONE_HEAD + "    - {name: x.internal, vpcs: []}\n", "[]", "cloud.private-zones[0].vpcs",
                "at least one VPC");
        assertProblem(ZONE_HEAD + "    - {name: x.internal, vpcs: [a], records: \"www.other. A 10.1.1.5\"}\n",
                "\"www.other", "cloud.private-zones[0].records", "outside zone x.internal");
    }

    private static void assertProblem(String yaml, String marker, String path, String phrase) {
        int at = marker.equals("[a]}\n") ? yaml.lastIndexOf("a]}") : yaml.indexOf(marker);
        assertMessageAt(yaml, marker, at, path, phrase);
    }
}
