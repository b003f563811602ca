package dev.minternet.routing.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.routing.bgp.BgpMessage.Prefix;
import dev.minternet.routing.bgp.RibEntry;
import dev.minternet.testing.Runs;
import dev.minternet.wire.Ip4;
import org.junit.jupiter.api.Test;

/**
 * Each step of the decision process decides its own case: two paths to 10.9.0.0/16 at r1 that
 * are equal in every earlier step and differ in the one under test, arranged so that a later step
 * (router ID, peer address) would have chosen the other path.
 */
class BgpDecisionTest {
    static final Prefix P = new Prefix(Ip4.parse("10.9.0.0"), 16);

    static String world(String routing, String nodes, String links) {
        return "name: t\nseed: 3\nduration: 60s\nrouting: " + routing + "\nnodes:\n" + nodes + "links:\n" + links;
    }

    static RibEntry at(Runs.Result r, String node) {
        BgpSpeaker sp = r.world().node(node).service(BgpSpeaker.class);
        return sp.entry(P);
    }

    static String winner(RibEntry e) {
        return Ip4.str(e.best().from().peer()) + " " + e.reason();
    }

    /** r1 (AS 1) between r2 (AS 2, router ID high, lower address) and r3 (AS 3, router ID low). */
    static String triangle(String r1Extra2, String r2Extra, String r3Extra) {
        return world("static",
                "  - {name: r1, kind: router, as: 1, bgp: {router-id: 10.255.0.1, neighbors: [\n"
                        + "      {address: 10.0.12.2, remote-as: 2" + r1Extra2 + "},\n"
                        + "      {address: 10.0.13.2, remote-as: 3}]}}\n"
                        + "  - {name: r2, kind: router, as: 2, bgp: {router-id: 10.255.0.9, networks: [" + r2Extra
                        + "], neighbors: [{address: 10.0.12.1, remote-as: 1, export: {med: 0}}]}}\n"
                        + "  - {name: r3, kind: router, as: 3, bgp: {router-id: 10.255.0.3, networks: [" + r3Extra
                        + "], neighbors: [{address: 10.0.13.1, remote-as: 1}]}}\n",
                "  - {a: r1 10.0.12.1/30, b: r2 10.0.12.2/30, delay: 2ms}\n"
                        + "  - {a: r1 10.0.13.1/30, b: r3 10.0.13.2/30, delay: 3ms}\n");
    }

    @Test
    void router_id_breaks_a_tie_between_two_equal_ebgp_paths() {
        RibEntry e = at(Runs.run(triangle("", "10.9.0.0/16", "10.9.0.0/16")), "r1");
        assertThat(e.paths()).hasSize(2);
        assertThat(winner(e)).isEqualTo("10.0.13.2 Router ID");
    }

    @Test
    void higher_local_pref_wins_over_a_shorter_as_path() {
        String yaml = triangle(", import: {local-pref: 300}", "10.9.0.0/16", "10.9.0.0/16")
                .replace("remote-as: 1, export: {med: 0}}", "remote-as: 1, export: {med: 0, prepend: 3}}");
        RibEntry e = at(Runs.run(yaml), "r1");
        assertThat(winner(e)).isEqualTo("10.0.12.2 Local Pref");
        assertThat(e.best().attrs().pathString()).isEqualTo("2 2 2 2");
    }

    @Test
    void shorter_as_path_wins() {
        String yaml = triangle("", "10.9.0.0/16", "10.9.0.0/16")
                .replace("remote-as: 1}]}}", "remote-as: 1, export: {prepend: 1}}]}}");
        RibEntry e = at(Runs.run(yaml), "r1");
        assertThat(winner(e)).isEqualTo("10.0.12.2 AS Path");
    }

    @Test
    void lower_origin_wins() {
        RibEntry e = at(Runs.run(triangle("", "10.9.0.0/16", "{prefix: 10.9.0.0/16, origin: incomplete}")), "r1");
        assertThat(winner(e)).isEqualTo("10.0.12.2 Origin");
    }

    @Test
    void lower_med_wins_between_paths_from_the_same_neighbouring_as() {
        String yaml = world("static",
                "  - {name: r1, kind: router, as: 1, bgp: {router-id: 10.255.0.1, neighbors: [\n"
                        + "      {address: 10.0.12.2, remote-as: 2}, {address: 10.0.13.2, remote-as: 2}]}}\n"
                        + "  - {name: r2a, kind: router, as: 2, bgp: {router-id: 10.255.0.3, networks: [10.9.0.0/16],"
                        + " neighbors: [{address: 10.0.12.1, remote-as: 1, export: {med: 50}}]}}\n"
                        + "  - {name: r2b, kind: router, as: 2, bgp: {router-id: 10.255.0.9, networks: [10.9.0.0/16],"
                        + " neighbors: [{address: 10.0.13.1, remote-as: 1, export: {med: 10}}]}}\n",
                "  - {a: r1 10.0.12.1/30, b: r2a 10.0.12.2/30, delay: 2ms}\n"
                        + "  - {a: r1 10.0.13.1/30, b: r2b 10.0.13.2/30, delay: 3ms}\n");
        RibEntry e = at(Runs.run(yaml), "r1");
        assertThat(winner(e)).isEqualTo("10.0.13.2 MED");
    }

    @Test
    void ebgp_wins_over_ibgp() {
        String yaml = world("static",
                "  - {name: r1, kind: router, as: 1, bgp: {router-id: 10.255.0.9, neighbors: [\n"
                        + "      {address: 10.0.12.2, remote-as: 2}, {address: 10.0.13.2, remote-as: 1}]}}\n"
                        + "  - {name: r2, kind: router, as: 2, bgp: {router-id: 10.255.0.8, networks: [10.9.0.0/16],"
                        + " neighbors: [{address: 10.0.12.1, remote-as: 1}]}}\n"
                        + "  - {name: r3, kind: router, as: 1, bgp: {router-id: 10.255.0.1, neighbors: ["
                        + "{address: 10.0.13.1, remote-as: 1, next-hop-self: true}, {address: 10.0.34.2, remote-as: 2}]}}\n"
                        + "  - {name: r4, kind: router, as: 2, bgp: {router-id: 10.255.0.2, networks: [10.9.0.0/16],"
                        + " neighbors: [{address: 10.0.34.1, remote-as: 1}]}}\n",
                "  - {a: r1 10.0.12.1/30, b: r2 10.0.12.2/30, delay: 2ms}\n"
                        + "  - {a: r1 10.0.13.1/30, b: r3 10.0.13.2/30, delay: 1ms}\n"
                        + "  - {a: r3 10.0.34.1/30, b: r4 10.0.34.2/30, delay: 1ms}\n");
        Runs.Result r = Runs.run(yaml);
        RibEntry e = at(r, "r1");
        assertThat(e.paths()).hasSize(2);
        assertThat(winner(e)).isEqualTo("10.0.12.2 Peer Type");
        assertThat(e.paths()).anySatisfy(p -> {
            assertThat(p.external()).isFalse();
            assertThat(p.attrs().nextHop()).as("next-hop-self").isEqualTo(Ip4.parse("10.0.13.2"));
            assertThat(p.attrs().localPref()).isEqualTo(100);
        });
    }

    @Test
    void lower_igp_cost_to_the_next_hop_wins_between_ibgp_paths() {
        String yaml = world("global",
                "  - {name: r1, kind: router, as: 1, bgp: {router-id: 10.255.0.1, neighbors: [\n"
                        + "      {address: 10.0.12.2, remote-as: 1}, {address: 10.0.3.2, remote-as: 1}]}}\n"
                        + "  - {name: rx, kind: router}\n"
                        + "  - {name: r2, kind: router, as: 1, bgp: {router-id: 10.255.0.9, neighbors: ["
                        + "{address: 10.0.12.1, remote-as: 1, next-hop-self: true}, {address: 10.0.22.2, remote-as: 2}]}}\n"
                        + "  - {name: r3, kind: router, as: 1, bgp: {router-id: 10.255.0.3, neighbors: ["
                        + "{address: 10.0.1.1, remote-as: 1, next-hop-self: true}, {address: 10.0.33.2, remote-as: 3}]}}\n"
                        + "  - {name: e2, kind: router, as: 2, bgp: {networks: [10.9.0.0/16], neighbors: ["
                        + "{address: 10.0.22.1, remote-as: 1}]}}\n"
                        + "  - {name: e3, kind: router, as: 3, bgp: {networks: [10.9.0.0/16], neighbors: ["
                        + "{address: 10.0.33.1, remote-as: 1}]}}\n",
                "  - {a: r1 10.0.12.1/30, b: r2 10.0.12.2/30, delay: 2ms}\n"
                        + "  - {a: r1 10.0.1.1/30, b: rx 10.0.1.2/30, delay: 1ms}\n"
                        + "  - {a: rx 10.0.3.1/30, b: r3 10.0.3.2/30, delay: 1ms}\n"
                        + "  - {a: r2 10.0.22.1/30, b: e2 10.0.22.2/30, delay: 1ms}\n"
                        + "  - {a: r3 10.0.33.1/30, b: e3 10.0.33.2/30, delay: 1ms}\n");
        Runs.Result r = Runs.run(yaml);
        RibEntry e = at(r, "r1");
        assertThat(e.paths()).hasSize(2);
        assertThat(winner(e)).isEqualTo("10.0.12.2 IGP Metric");
        assertThat(e.paths()).anySatisfy(p -> assertThat(p.igpMetric()).isPositive());
        assertThat(r.world().node("r1").ip().route(Ip4.parse("10.9.1.1")).toString())
                .isEqualTo("10.9.0.0/16 via 10.0.12.2 dev eth0 proto bgp metric 20 ");
    }

    @Test
    void the_lower_peer_address_breaks_the_last_tie() {
        String yaml = world("static",
                "  - {name: r1, kind: router, as: 1, bgp: {router-id: 10.255.0.1, neighbors: [\n"
                        + "      {address: 10.0.21.2, remote-as: 2}, {address: 10.0.12.2, remote-as: 2}]}}\n"
                        + "  - {name: r2, kind: router, as: 2, bgp: {router-id: 10.255.0.9, networks: [10.9.0.0/16],"
                        + " neighbors: [{address: 10.0.21.1, remote-as: 1}, {address: 10.0.12.1, remote-as: 1}]}}\n",
                "  - {name: l1, a: r1 10.0.21.1/30, b: r2 10.0.21.2/30, delay: 1ms}\n"
                        + "  - {name: l2, a: r1 10.0.12.1/30, b: r2 10.0.12.2/30, delay: 5ms}\n");
        RibEntry e = at(Runs.run(yaml), "r1");
        assertThat(e.paths()).hasSize(2);
        assertThat(winner(e)).isEqualTo("10.0.12.2 Peer IP");
    }
}
