package dev.minternet.scenario;

import static dev.minternet.scenario.ScenarioProblems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.routing.bgp.BgpConfig;
import dev.minternet.routing.bgp.BgpConfig.Relationship;
import org.junit.jupiter.api.Test;

/** The {@code as:} and {@code bgp:} fields: what they configure, and each mistake as one located line. */
class BgpScenarioErrorsTest {
    private static final String BASE = """
            name: t
            duration: 60s
            nodes:
              - name: r1
                kind: router
                as: 1
                bgp:
                  neighbors:
                    - address: 10.0.12.2
                      remote-as: 2
              - name: r2
                kind: router
                as: 2
                bgp:
                  neighbors:
                    - address: 10.0.12.1
                      remote-as: 1
            links:
              - {a: r1 10.0.12.1/30, b: r2 10.0.12.2/30}
            """;

    @Test
    void a_valid_configuration_reads_with_frrs_defaults() throws ScenarioException {
        String yaml = BASE.replace("          remote-as: 2\n", "          remote-as: 2\n"
                + "          relationship: peer\n"
                + "          import: {local-pref: 120, communities: [\"1:5\"]}\n"
                + "          export: {prefix-list: out, prepend: 2, med: 7}\n"
                + "      prefix-lists: {out: [\"permit 10.1.0.0/16 le 24\", \"deny 0.0.0.0/0 le 32\"]}\n"
                + "      networks: [10.1.0.0/16, {prefix: 10.1.9.0/24, origin: egp, communities: [blackhole]}]\n"
                + "      timers: {hold: 90s, keepalive: 30s}\n");
        Scenario s = ScenarioLoader.parse("ok.yaml", yaml);
        BgpConfig c = s.nodes().get(0).bgp();
        assertThat(c.as()).isEqualTo(1);
        assertThat(c.routerId()).as("the highest interface address").isEqualTo(dev.minternet.wire.Ip4.parse("10.0.12.1"));
        assertThat(c.holdNs()).isEqualTo(90_000_000_000L);
        assertThat(c.connectRetryNs()).isEqualTo(120_000_000_000L);
        assertThat(c.networks()).hasSize(2);
        assertThat(c.networks().get(1).origin()).isEqualTo(1);
        BgpConfig.Neighbor n = c.neighbors().get(0);
        assertThat(n.relationship()).isEqualTo(Relationship.PEER);
        assertThat(n.in().localPref()).isEqualTo(120);
        assertThat(n.in().communities()).containsExactly(1 << 16 | 5);
        assertThat(n.out().prepend()).isEqualTo(2);
        assertThat(n.out().med()).isEqualTo(7);
        assertThat(c.prefixLists().get("out")).hasSize(2);
        assertThat(s.nodes().get(1).bgp().neighbors().get(0).relationship()).isNull();
    }

    @Test
    void an_unknown_neighbour_address() {
        assertProblem(BASE.replace("address: 10.0.12.2", "address: 10.0.99.2"), 9, 20,
                "nodes[0].bgp.neighbors[0].address", "unknown neighbor address 10.0.99.2");
    }

    @Test
    void an_as_mismatch() {
        assertProblem(BASE.replace("remote-as: 2", "remote-as: 3"), 10, 22,
                "nodes[0].bgp.neighbors[0].remote-as", "AS mismatch: neighbor 10.0.12.2 is r2 in AS 2, not 3");
    }

    @Test
    void a_policy_naming_a_missing_prefix_list() {
        assertProblem(BASE.replace("          remote-as: 2\n", "          remote-as: 2\n          export: {prefix-list: nope}\n"),
                11, 33, "nodes[0].bgp.neighbors[0].export.prefix-list", "unknown prefix-list 'nope' (defined: none)");
    }

    @Test
    void a_session_configured_on_one_end_only() {
        assertProblem(BASE.replace("""
                      neighbors:
                        - address: 10.0.12.1
                          remote-as: 1
                """, """
                      neighbors: []
                """), 9, 11, "nodes[0].bgp.neighbors[0]", "r2, whose bgp has no neighbor for r1");
    }

    @Test
    void bgp_without_a_duration() {
        assertProblem(BASE.replace("duration: 60s\n", ""), 7, 7, "nodes[0].bgp", "bgp needs the scenario's duration");
    }

    @Test
    void bgp_without_an_as_number_and_bad_values() {
        assertProblem(BASE.replace("    as: 1\n", ""), 7, 7, "nodes[0].bgp", "add 'as: <number>' to r1");
        assertProblem(BASE.replace("as: 1\n", "as: 23456\n"), 6, 9, "nodes[0].as", "AS_TRANS");
        assertProblem(BASE.replace("remote-as: 2\n", "remote-as: 2\n          timers: {hold: 2s}\n"), 11, 26,
                "nodes[0].bgp.neighbors[0].timers.hold", "hold must be 0 or whole seconds from 3s to 65535s");
        assertProblem(BASE.replace("remote-as: 2\n", "remote-as: 2\n          relationship: cousin\n"), 11, 25,
                "nodes[0].bgp.neighbors[0].relationship", "allowed: customer, peer, provider");
        assertProblem(BASE.replace("remote-as: 2\n", "remote-as: 2\n          import: {communities: [\"70000:1\"]}\n"),
                11, 34, "nodes[0].bgp.neighbors[0].import.communities[0]", "bad community '70000:1'");
    }

    /** BASE with both routers in AS 1 (iBGP), so that route reflection applies. */
    private static final String IBGP = BASE.replace("as: 2\n", "as: 1\n").replace("remote-as: 2", "remote-as: 1");

    @Test
    void route_reflection_and_multipath_read_with_their_defaults() throws ScenarioException {
        Scenario plain = ScenarioLoader.parse("ok.yaml", IBGP);
        BgpConfig c = plain.nodes().get(0).bgp();
        assertThat(c.cluster()).as("the router ID").isEqualTo(c.routerId());
        assertThat(c.maxPaths()).isEqualTo(1);
        assertThat(c.maxPathsIbgp()).isEqualTo(1);
        assertThat(c.multipathRelax()).isFalse();
        assertThat(c.neighbors().get(0).routeReflectorClient()).isFalse();
        Scenario s = ScenarioLoader.parse("ok.yaml", IBGP.replace("          remote-as: 1\n  - name: r2",
                "          remote-as: 1\n          route-reflector-client: true\n"
                + "      cluster-id: 10.255.255.1\n      maximum-paths: 8\n      maximum-paths-ibgp: 4\n"
                + "      multipath-relax: true\n  - name: r2"));
        c = s.nodes().get(0).bgp();
        assertThat(c.cluster()).isEqualTo(dev.minternet.wire.Ip4.parse("10.255.255.1"));
        assertThat(c.maxPaths()).isEqualTo(8);
        assertThat(c.maxPathsIbgp()).isEqualTo(4);
        assertThat(c.multipathRelax()).isTrue();
        assertThat(c.neighbors().get(0).routeReflectorClient()).isTrue();
        // FRR also takes the cluster ID as a number
        Scenario n = ScenarioLoader.parse("ok.yaml", IBGP.replace("    bgp:\n      neighbors:\n        - address: 10.0.12.2",
                "    bgp:\n      cluster-id: 1\n      neighbors:\n        - address: 10.0.12.2"));
        assertThat(n.nodes().get(0).bgp().cluster()).isEqualTo(1);
    }

    @Test
    void a_route_reflector_client_in_another_as() {
        assertProblem(BASE.replace("          remote-as: 2\n", "          remote-as: 2\n          route-reflector-client: true\n"),
                11, 35, "nodes[0].bgp.neighbors[0].route-reflector-client",
                "a route reflector's clients are in its own AS 1 (RFC 4456); 10.0.12.2 is in AS 2");
    }

    @Test
    void a_bad_cluster_id_and_maximum_paths() {
        String bgp = "    bgp:\n      neighbors:\n        - address: 10.0.12.2";
        assertProblem(IBGP.replace(bgp, "    bgp:\n      cluster-id: 10.1.300.1\n      neighbors:\n        - address: 10.0.12.2"),
                8, 19, "nodes[0].bgp.cluster-id", "bad cluster-id '10.1.300.1'");
        assertProblem(IBGP.replace(bgp, "    bgp:\n      cluster-id: 0.0.0.0\n      neighbors:\n        - address: 10.0.12.2"),
                8, 19, "nodes[0].bgp.cluster-id", "cluster-id 0.0.0.0 is not allowed");
        assertProblem(IBGP.replace(bgp, "    bgp:\n      maximum-paths: 65\n      neighbors:\n        - address: 10.0.12.2"),
                8, 22, "nodes[0].bgp.maximum-paths", "65");
        assertProblem(IBGP.replace(bgp, "    bgp:\n      maximum-paths-ibgp: 0\n      neighbors:\n        - address: 10.0.12.2"),
                8, 27, "nodes[0].bgp.maximum-paths-ibgp", "0");
    }

    @Test
    void ipv6_networks_and_the_neighbour_flag_read_and_their_mistakes_are_located() throws Exception {
        String ok = BASE.replace("          remote-as: 2\n", "          remote-as: 2\n          ipv6: true\n"
                + "      networks6: [2001:db8:100::/48]\n");
        BgpConfig c = ScenarioLoader.parse("ok.yaml", ok).nodes().get(0).bgp();
        assertThat(c.networks6()).extracting(Object::toString).containsExactly("2001:db8:100::/48");
        assertThat(c.neighbors().get(0).ipv6()).isTrue();
        assertProblem(ok.replace("2001:db8:100::/48", "2001:db8:100::1/48"), 12, 19, "nodes[0].bgp.networks6[0]",
                "prefix 2001:db8:100::1/48 has host bits set (did you mean 2001:db8:100::/48?)");
        assertProblem(ok.replace("2001:db8:100::/48", "2001:db8:100::/129"), 12, 19, "nodes[0].bgp.networks6[0]",
                "bad IPv6 prefix '2001:db8:100::/129'");
        assertProblem(ok.replace("[2001:db8:100::/48]", "[2001:db8:100::/48, 2001:db8:100::/48]"), 12, 38,
                "nodes[0].bgp.networks6[1]", "network 2001:db8:100::/48 is listed twice");
        assertProblem(ok.replace("ipv6: true", "ipv6: maybe"), 11, 17, "nodes[0].bgp.neighbors[0].ipv6", "maybe");
    }

    @Test
    void ipv6_prefix_lists_read_and_their_mistakes_are_located() throws Exception {
        String ok = BASE.replace("          remote-as: 2\n", "          remote-as: 2\n          ipv6: true\n"
                + "          import: {ipv6-prefix-list: in6}\n"
                + "      ipv6-prefix-lists: {in6: [\"permit 2001:db8:100::/48 le 64\", \"deny ::/0 le 128\"]}\n");
        BgpConfig c = ScenarioLoader.parse("ok.yaml", ok).nodes().get(0).bgp();
        assertThat(c.neighbors().get(0).in().prefixList6()).isEqualTo("in6");
        assertThat(c.prefixLists6().get("in6")).hasSize(2);
        BgpConfig.PrefixRule6 r = c.prefixLists6().get("in6").get(0);
        assertThat(r.matches(new dev.minternet.routing.bgp.Mp6.Prefix6(dev.minternet.wire.Ip6.parse("2001:db8:100:5::"), 64)))
                .isTrue();
        assertThat(r.matches(new dev.minternet.routing.bgp.Mp6.Prefix6(dev.minternet.wire.Ip6.parse("2001:db8:100:5::"), 65)))
                .isFalse();
        assertThat(r.matches(new dev.minternet.routing.bgp.Mp6.Prefix6(dev.minternet.wire.Ip6.parse("2001:db8:199::"), 48)))
                .isFalse();
        assertProblem(ok.replace("{ipv6-prefix-list: in6}", "{ipv6-prefix-list: out6}"), 12, 38,
                "nodes[0].bgp.neighbors[0].import.ipv6-prefix-list", "unknown ipv6-prefix-list 'out6' (defined: in6)");
        assertProblem(ok.replace("permit 2001:db8:100::/48 le 64", "permit 10.1.0.0/16"), 13, 33,
                "nodes[0].bgp.ipv6-prefix-lists.in6[0]", "bad IPv6 prefix '10.1.0.0/16'");
        assertProblem(ok.replace("le 64", "le 129"), 13, 33,
                "nodes[0].bgp.ipv6-prefix-lists.in6[0]", "bad ipv6 prefix-list rule: le 129 must be from 48 to 128");
        assertProblem(ok.replace("le 64", "ge 64 le 50"), 13, 33,
                "nodes[0].bgp.ipv6-prefix-lists.in6[0]", "bad ipv6 prefix-list rule: ge 64 is above le 50");
    }
}
