package dev.minternet.routing.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.routing.bgp.BgpMessage.Prefix;
import dev.minternet.routing.bgp.RibEntry;
import dev.minternet.testing.ExampleRun;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Runs;
import dev.minternet.testing.Tshark;
import dev.minternet.trace.TraceEvent;
import dev.minternet.wire.Ip4;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Route reflection (RFC 4456): examples/bgp-route-reflector.yaml converges with three iBGP sessions
 * instead of a full mesh; ORIGINATOR_ID and CLUSTER_LIST are sent in the real format (tshark reads
 * the trace's values back); reflected routes that come back are dropped (own ORIGINATOR_ID, own
 * cluster ID); the decision process compares ORIGINATOR_IDs and CLUSTER_LIST lengths.
 */
class BgpRouteReflectorTest {
    static final Path EXAMPLE = Path.of("examples/bgp-route-reflector.yaml");

    @RegisterExtension
    static final ExampleRun run = new ExampleRun(EXAMPLE);

    static Prefix prefix(String p) {
        String[] s = p.split("/");
        return new Prefix(Ip4.parse(s[0]), Integer.parseInt(s[1]));
    }

    static BgpSpeaker speaker(Runs.Result r, String node) {
        return r.world().node(node).service(BgpSpeaker.class);
    }

    @Test
    void three_clients_learn_every_prefix_through_the_reflector_without_a_full_mesh() {
        for (String c : List.of("c1", "c2", "c3")) {
            BgpSpeaker sp = speaker(run.result(), c);
            List<BgpSession> ibgp = sp.sessions().stream().filter(s -> !s.external()).toList();
            assertThat(ibgp).as(c).hasSize(1); // only the session to rr
            assertThat(ibgp.get(0).state()).isEqualTo(BgpSession.State.ESTABLISHED);
            for (String p : List.of("10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16", "10.100.0.0/16")) {
                RibEntry e = sp.entry(prefix(p));
                assertThat(e).as(c + " " + p).isNotNull();
                assertThat(e.best()).as(c + " " + p).isNotNull();
                assertThat(e.best().valid()).isTrue();
            }
        }
        // the routes c1 learned carry the originator's router ID and rr's cluster ID
        RibEntry e2 = speaker(run.result(), "c1").entry(prefix("10.2.0.0/16"));
        assertThat(Ip4.str(e2.best().attrs().originatorId())).isEqualTo("10.255.0.2");
        assertThat(e2.best().attrs().clusterString()).isEqualTo("10.255.0.100");
        assertThat(e2.best().attrs().nextHop()).isEqualTo(Ip4.parse("10.0.2.2")); // the reflector keeps the next hop
        // an eBGP-learned route (c3 from x100, next-hop-self toward rr) reaches the other clients
        RibEntry e100 = speaker(run.result(), "c2").entry(prefix("10.100.0.0/16"));
        assertThat(e100.best().attrs().pathString()).isEqualTo("65100");
        assertThat(Ip4.str(e100.best().attrs().originatorId())).isEqualTo("10.255.0.3");
        // and x100 learned the clients' prefixes from c3 without the RR attributes (non-transitive, iBGP only)
        RibEntry x1 = speaker(run.result(), "x100").entry(prefix("10.1.0.0/16"));
        assertThat(x1.best().attrs().originatorId()).isZero();
        assertThat(x1.best().attrs().clusterList()).isEmpty();
        assertThat(x1.best().attrs().pathString()).isEqualTo("65000");
        // traffic follows: ping across two clients, traceroute to the external AS through rr
        assertThat(run.terminal("h1")).contains("3 packets transmitted, 3 received, 0% packet loss, time 2000ms");
        assertThat(run.terminal("h1")).anyMatch(l -> l.startsWith(" 2  10.0.1.1 "));
        assertThat(run.terminal("h1")).anyMatch(l -> l.startsWith(" 5  10.100.1.10 "));
    }

    @Test
    void vtysh_shows_originator_cluster_list_and_rr_client_as_frr_does() {
        List<String> c1 = run.terminal("c1");
        assertThat(c1).containsSequence(
                "BGP routing table entry for 10.2.0.0/16, version 2",
                "Paths: (1 available, best #1, table default)",
                "  Not advertised to any peer",
                "  Local",
                "    10.0.2.2 (metric 2) from 10.0.1.1 (10.255.0.2)",
                "      Origin IGP, metric 0, localpref 100, valid, internal, best (First path received)",
                "      Originator: 10.255.0.2, Cluster list: 10.255.0.100 ");
        assertThat(c1).containsSequence("  65100",
                "    10.0.3.2 (metric 2) from 10.0.1.1 (10.255.0.3)",
                "      Origin IGP, metric 0, localpref 100, valid, internal, best (First path received)",
                "      Originator: 10.255.0.3, Cluster list: 10.255.0.100 ");
        assertThat(c1).contains("*>i10.100.0.0/16    10.0.3.2                 0    100      0 65100 i");
        assertThat(c1).containsSequence(
                "B>  10.2.0.0/16 [200/0] via 10.0.2.2 (recursive), weight 1, 00:00:15",
                "  *                       via 10.0.1.1, eth0, weight 1, 00:00:15");
        List<String> rr = run.terminal("rr");
        assertThat(rr).containsSequence(
                "  Advertised to non peer-group peers:",
                "  10.0.2.2 10.0.3.2",
                "  Local, (Received from a RR-client)",
                "    10.0.1.2 from 10.0.1.2 (10.255.0.1)");
        assertThat(rr).containsSequence(
                "BGP neighbor is 10.0.1.2, remote AS 65000, local AS 65000, internal link",
                " Description: c1",
                "  BGP version 4, remote router ID 10.255.0.1, local router ID 10.255.0.100",
                "  BGP state = Established, up for 00:00:29",
                "  Hold time is 180 seconds, keepalive interval is 60 seconds");
        assertThat(rr).containsSequence(
                " For address family: IPv4 Unicast",
                "  Route-Reflector Client",
                "  Community attribute sent to this neighbor(all)",
                "  1 accepted prefixes");
        // the statistics count what went over the wire: c1 sent rr one UPDATE, rr reflected three to c1
        assertThat(rr).anyMatch(l -> l.matches("    Updates: {16}3 {10}1"));
        assertThat(rr).contains("  Internal BGP neighbor may be up to 255 hops away.", "BGP connection: shared network");
    }

    @Test
    void tshark_decodes_originator_id_and_cluster_list_equal_to_the_trace() throws Exception {
        Oracles.tshark();
        List<Path> pcaps;
        try (Stream<Path> s = Files.list(run.dir())) {
            pcaps = s.filter(p -> p.toString().endsWith(".pcap")).sorted().toList();
        }
        for (Path p : pcaps) {
            assertThat(Tshark.count(p, Tshark.MALFORMED_FILTER + " || bgp.length.invalid || bgp.prefix_length.invalid"))
                    .as(p.toString()).isZero();
        }
        int checked = 0;
        for (String[] link : new String[][] {{"rr-eth0.pcap", "10.0.1.2"}, {"rr-eth1.pcap", "10.0.2.2"},
            {"rr-eth2.pcap", "10.0.3.2"}}) {
            List<String> decoded = new ArrayList<>();
            for (Map<String, String> row : Tshark.fields(run.dir().resolve(link[0]),
                    "bgp.update.path_attribute.originator_id && ip.dst == " + link[1], "bgp.nlri_prefix",
                    "bgp.update.path_attribute.originator_id", "bgp.path_attribute.cluster_id",
                    "bgp.update.path_attribute.next_hop")) {
                String[] nlri = row.get("bgp.nlri_prefix").split(",");
                String[] orig = row.get("bgp.update.path_attribute.originator_id").split(",");
                String[] cluster = row.get("bgp.path_attribute.cluster_id").split(",");
                String[] nh = row.get("bgp.update.path_attribute.next_hop").split(",");
                assertThat(orig).hasSameSizeAs(nlri); // one reflected prefix per UPDATE here
                for (int i = 0; i < nlri.length; i++) {
                    decoded.add(nlri[i] + " " + orig[i] + " " + cluster[i] + " " + nh[i]);
                }
            }
            List<TraceEvent> announced = run.events(e -> e.is(BgpEvents.ANNOUNCE_OUT) && e.node().equals("rr")
                    && e.get(BgpEvents.PEER).equals(link[1]));
            List<String> traced = new ArrayList<>();
            for (TraceEvent r : run.events(e -> e.is(BgpEvents.REFLECT_OUT) && e.node().equals("rr")
                    && e.get(BgpEvents.PEER).equals(link[1]))) {
                String nh = announced.stream().filter(a -> a.time() == r.time()
                        && a.get(BgpEvents.PREFIX).equals(r.get(BgpEvents.PREFIX))).findFirst().orElseThrow()
                        .get(BgpEvents.NEXT_HOP);
                traced.add(r.get(BgpEvents.PREFIX).split("/")[0] + " " + r.get(BgpEvents.ORIGINATOR_ID) + " "
                        + r.get(BgpEvents.CLUSTER_LIST) + " " + nh);
            }
            assertThat(decoded).as(link[0]).isEqualTo(traced);
            checked += traced.size();
        }
        // rr reflects c1's, c2's and c3's two prefixes each to the two other clients: 8 routes
        assertThat(checked).isEqualTo(8);
        // the clients do not send the RR attributes themselves
        assertThat(Tshark.count(run.dir().resolve("rr-eth0.pcap"),
                "bgp.update.path_attribute.originator_id && ip.src == 10.0.1.2")).isZero();
    }

    /**
     * Two reflectors rr1 and rr2 (non-clients of each other), both with clients c1 and c2; rr2
     * prefers (import local-pref 50 from c1) the copy of c1's route that rr1 reflects, so it reflects
     * that copy back to c1. CLUSTER is replaced by the reflectors' cluster-id lines.
     */
    static String twoReflectors(String cluster) {
        return """
                name: rr2
                seed: 2
                duration: 40s
                nodes:
                  - name: rr1
                    kind: router
                    as: 65000
                    ospf: {router-id: 10.255.0.101}
                    bgp:
                      router-id: 10.255.0.101CLUSTER
                      neighbors:
                        - {address: 10.0.11.2, remote-as: 65000, route-reflector-client: true}
                        - {address: 10.0.12.2, remote-as: 65000, route-reflector-client: true}
                        - {address: 10.0.99.2, remote-as: 65000}
                  - name: rr2
                    kind: router
                    as: 65000
                    ospf: {router-id: 10.255.0.102}
                    bgp:
                      router-id: 10.255.0.102CLUSTER
                      neighbors:
                        - {address: 10.0.21.2, remote-as: 65000, route-reflector-client: true, import: {local-pref: 50}}
                        - {address: 10.0.22.2, remote-as: 65000, route-reflector-client: true}
                        - {address: 10.0.99.1, remote-as: 65000}
                  - name: c1
                    kind: router
                    as: 65000
                    ospf: {router-id: 10.255.0.1, interfaces: [eth0, eth1]}
                    bgp:
                      router-id: 10.255.0.1
                      networks: [10.1.0.0/16]
                      neighbors: [{address: 10.0.11.1, remote-as: 65000}, {address: 10.0.21.1, remote-as: 65000}]
                  - name: c2
                    kind: router
                    as: 65000
                    ospf: {router-id: 10.255.0.2, interfaces: [eth0, eth1]}
                    bgp:
                      router-id: 10.255.0.2
                      networks: [10.2.0.0/16]
                      neighbors: [{address: 10.0.12.1, remote-as: 65000}, {address: 10.0.22.1, remote-as: 65000}]
                  - {name: h1, kind: host, routes: ["default via 10.1.1.1"]}
                  - {name: h2, kind: host, routes: ["default via 10.2.1.1"]}
                links:
                  - {a: c1 10.0.11.2/30, b: rr1 10.0.11.1/30, delay: 1ms}
                  - {a: c1 10.0.21.2/30, b: rr2 10.0.21.1/30, delay: 1ms}
                  - {a: c2 10.0.12.2/30, b: rr1 10.0.12.1/30, delay: 1ms}
                  - {a: c2 10.0.22.2/30, b: rr2 10.0.22.1/30, delay: 1ms}
                  - {a: rr1 10.0.99.1/30, b: rr2 10.0.99.2/30, delay: 1ms}
                  - {a: c1 10.1.1.1/24, b: h1 10.1.1.10/24}
                  - {a: c2 10.2.1.1/24, b: h2 10.2.1.10/24}
                timeline:
                  - {at: 30s, on: h2, run: "ping -c 2 10.1.1.10"}
                """.replace("CLUSTER", cluster);
    }

    private static List<String> loops(Runs.Result r) {
        return r.events(BgpEvents.REFLECTION_LOOP).stream().map(e -> e.node() + " from " + e.get(BgpEvents.PEER) + " "
                + e.get(BgpEvents.PREFIX) + " [" + e.get(BgpEvents.ORIGINATOR_ID) + "] [" + e.get(BgpEvents.CLUSTER_LIST)
                + "] " + e.get(BgpEvents.REASON)).distinct().toList();
    }

    @Test
    void a_route_reflected_back_to_its_originator_is_dropped_on_its_originator_id() {
        Runs.Result r = Runs.run(twoReflectors(""));
        // rr2 prefers rr1's copy (localpref 100 over 50) and reflects it to its clients, c1 included
        RibEntry atRr2 = speaker(r, "rr2").entry(prefix("10.1.0.0/16"));
        assertThat(Ip4.str(atRr2.best().from().peer())).isEqualTo("10.0.99.1");
        assertThat(atRr2.reason()).isEqualTo("Local Pref");
        assertThat(loops(r)).containsExactly(
                "c1 from 10.0.21.1 10.1.0.0/16 [10.255.0.1] [10.255.0.102 10.255.0.101] ORIGINATOR_ID is this router's ID");
        // c1 keeps only its own route; nothing loops: the UPDATEs stop once OSPF has made the
        // reflected next hops reachable (about 15 s), and traffic flows
        assertThat(speaker(r, "c1").entry(prefix("10.1.0.0/16")).paths()).hasSize(1);
        List<TraceEvent> updates = r.events(e -> e.is(BgpEvents.SENT) && e.get(BgpEvents.TYPE).equals("UPDATE"));
        assertThat(updates.size()).isLessThan(40);
        assertThat(updates.get(updates.size() - 1).time()).isLessThan(16_000_000_000L);
        assertThat(r.terminal("h2")).contains("2 packets transmitted, 2 received, 0% packet loss, time 1000ms");
        // c2 hears c1's route from both reflectors: the same ORIGINATOR_ID (in place of the router
        // IDs 10.255.0.101 and .102), so the shorter CLUSTER_LIST decides
        RibEntry atC2 = speaker(r, "c2").entry(prefix("10.1.0.0/16"));
        assertThat(atC2.paths()).hasSize(2);
        assertThat(atC2.paths()).allSatisfy(p -> assertThat(Ip4.str(p.routerId())).isEqualTo("10.255.0.1"));
        assertThat(Ip4.str(atC2.best().from().peer())).isEqualTo("10.0.12.1");
        assertThat(atC2.best().attrs().clusterString()).isEqualTo("10.255.0.101");
        assertThat(atC2.reason()).isEqualTo("Cluster length");
    }

    @Test
    void reflectors_of_one_cluster_drop_each_others_reflections_on_the_cluster_id() {
        Runs.Result r = Runs.run(twoReflectors("\n      cluster-id: 10.255.0.99"));
        assertThat(loops(r)).contains(
                "rr2 from 10.0.99.1 10.1.0.0/16 [10.255.0.1] [10.255.0.99] CLUSTER_LIST holds this router's cluster ID",
                "rr1 from 10.0.99.2 10.1.0.0/16 [10.255.0.1] [10.255.0.99] CLUSTER_LIST holds this router's cluster ID");
        // rr2 is left with c1's own path (localpref 50), and c1 never hears its route back
        RibEntry atRr2 = speaker(r, "rr2").entry(prefix("10.1.0.0/16"));
        assertThat(atRr2.paths()).hasSize(1);
        assertThat(Ip4.str(atRr2.best().from().peer())).isEqualTo("10.0.21.2");
        assertThat(loops(r)).noneMatch(l -> l.startsWith("c1 "));
        assertThat(r.terminal("h2")).contains("2 packets transmitted, 2 received, 0% packet loss, time 1000ms");
    }

    /**
     * c2 hears 10.9.0.0/16 from two reflectors that do not peer: through rr1 (router ID .1) from
     * c3 (router ID .30) and through rr2 (router ID .2) from c4 (router ID .20). With router IDs
     * rr1's path would win; with ORIGINATOR_IDs (RFC 4456 9) c4's does.
     */
    @Test
    void the_originator_id_takes_the_router_ids_place_in_the_decision() {
        String yaml = """
                name: rrid
                seed: 2
                duration: 30s
                nodes:
                  - {name: rr1, kind: router, as: 65000, ospf: {}, bgp: {router-id: 10.255.0.1, neighbors: [
                      {address: 10.0.13.2, remote-as: 65000, route-reflector-client: true},
                      {address: 10.0.12.2, remote-as: 65000, route-reflector-client: true}]}}
                  - {name: rr2, kind: router, as: 65000, ospf: {}, bgp: {router-id: 10.255.0.2, neighbors: [
                      {address: 10.0.24.2, remote-as: 65000, route-reflector-client: true},
                      {address: 10.0.22.2, remote-as: 65000, route-reflector-client: true}]}}
                  - {name: c3, kind: router, as: 65000, ospf: {}, bgp: {router-id: 10.255.0.30, networks: [10.9.0.0/16],
                      neighbors: [{address: 10.0.13.1, remote-as: 65000}]}}
                  - {name: c4, kind: router, as: 65000, ospf: {}, bgp: {router-id: 10.255.0.20, networks: [10.9.0.0/16],
                      neighbors: [{address: 10.0.24.1, remote-as: 65000}]}}
                  - {name: c2, kind: router, as: 65000, ospf: {}, bgp: {router-id: 10.255.0.5, neighbors: [
                      {address: 10.0.12.1, remote-as: 65000}, {address: 10.0.22.1, remote-as: 65000}]}}
                links:
                  - {a: rr1 10.0.13.1/30, b: c3 10.0.13.2/30}
                  - {a: rr1 10.0.12.1/30, b: c2 10.0.12.2/30}
                  - {a: rr2 10.0.24.1/30, b: c4 10.0.24.2/30}
                  - {a: rr2 10.0.22.1/30, b: c2 10.0.22.2/30}
                """;
        Runs.Result r = Runs.run(yaml);
        RibEntry e = speaker(r, "c2").entry(prefix("10.9.0.0/16"));
        assertThat(e.paths()).hasSize(2);
        assertThat(Ip4.str(e.best().from().peer())).isEqualTo("10.0.22.1");
        assertThat(Ip4.str(e.best().attrs().originatorId())).isEqualTo("10.255.0.20");
        assertThat(e.reason()).isEqualTo("Router ID");        // with a costlier OSPF link toward rr2, the IGP metric (OSPF's cost, as zebra reports it) decides first
        String far = yaml.replace("{name: c2, kind: router, as: 65000, ospf: {},",
                "{name: c2, kind: router, as: 65000, ospf: {interfaces: [eth0, {name: eth1, cost: 10}]},");
        RibEntry f = speaker(Runs.run(far), "c2").entry(prefix("10.9.0.0/16"));
        assertThat(Ip4.str(f.best().from().peer())).isEqualTo("10.0.12.1");
        assertThat(f.reason()).isEqualTo("IGP Metric");
        assertThat(f.paths()).extracting(BgpSpeaker.Path::igpMetric).containsExactlyInAnyOrder(2, 11);
    }

    @Test
    void two_runs_are_byte_identical() {
        run.assertRerunIdentical();
    }
}
