package dev.minternet.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.scenario.DefaultWorld;
import dev.minternet.scenario.Scenario;
import dev.minternet.shell.Session;
import dev.minternet.scenario.WorldBuilder;
import dev.minternet.testing.Runs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Routes from several protocols to one prefix, selected by administrative distance as zebra does
 * (connected 0, eBGP 20, OSPF 110, iBGP 200): {@code ip route} lists the kernel's single route with
 * the winner's {@code proto}, {@code vtysh show ip route} every candidate with {@code >*} on the
 * selected one, and when the selected route goes the next candidate forwards at once.
 */
class AdministrativeDistanceTest {
    /**
     * r1 and r2 in AS 65000 with two links: OSPF runs on link a only, the iBGP session over link b.
     * r2's LAN 10.9.0.0/24 is in OSPF (passive) and announced in BGP, so r1 has two candidates for
     * it: OSPF's via a (110) and iBGP's via b (200).
     */
    static final String TWO_WAYS = """
            name: two-ways
            seed: 1
            duration: 50s
            nodes:
              - name: r1
                kind: router
                as: 65000
                ospf: {router-id: 10.255.0.1, interfaces: [eth0]}
                bgp:
                  router-id: 10.255.0.1
                  networks: [10.1.0.0/24]
                  neighbors: [{address: 10.0.2.2, remote-as: 65000, description: r2}]
              - name: r2
                kind: router
                as: 65000
                ospf: {router-id: 10.255.0.2, interfaces: [eth0, {name: eth2, passive: true}]}
                bgp:
                  router-id: 10.255.0.2
                  networks: [10.9.0.0/24]
                  neighbors: [{address: 10.0.2.1, remote-as: 65000, description: r1}]
              - {name: h1, kind: host, routes: ["default via 10.1.0.1"]}
              - {name: h2, kind: host, routes: ["default via 10.9.0.1"]}
            links:
              - {name: a, a: r1 10.0.1.1/30, b: r2 10.0.1.2/30, delay: 1ms}
              - {name: b, a: r1 10.0.2.1/30, b: r2 10.0.2.2/30, delay: 5ms}
              - {a: r1 10.1.0.1/24, b: h1 10.1.0.10/24, delay: 1ms}
              - {a: r2 10.9.0.1/24, b: h2 10.9.0.10/24, delay: 1ms}
            timeline:
              - {at: 40s, on: r1, run: "ip route"}
              - {at: 40s, on: r1, run: "vtysh -c \\"show ip route\\""}
              - {at: 40s, on: h1, run: "traceroute -n -q 1 10.9.0.10"}
              - {at: 41s, fail-link: a}
              - {at: 41s, on: r1, run: "ip route"}
              - {at: 43s, on: r1, run: "vtysh -c \\"show ip route\\""}
              - {at: 42s, on: h1, run: "traceroute -n -q 1 10.9.0.10"}
            """;

    @Test
    void ospf_is_selected_over_ibgp_and_when_its_link_fails_the_ibgp_route_takes_over_at_once() {
        Runs.Result r = Runs.run(TWO_WAYS);
        String show = "vtysh -c \"show ip route\"";
        // before: OSPF (110) beats iBGP (200); the kernel holds one route, OSPF's
        List<String> before = r.block("r1", "ip route", 0);
        assertThat(before).filteredOn(l -> l.startsWith("10.9.0.0/24"))
                .containsExactly("10.9.0.0/24 via 10.0.1.2 dev eth0 proto ospf metric 20 ");
        List<String> zebra = r.block("r1", show, 0);
        assertThat(zebra).filteredOn(l -> l.contains(" 10.9.0.0/24 ")).hasSize(2)
                .anyMatch(l -> l.matches("O>\\* 10\\.9\\.0\\.0/24 \\[110/2\\] via 10\\.0\\.1\\.2, eth0, weight 1, \\d\\d:\\d\\d:\\d\\d"))
                .anyMatch(l -> l.matches("B {3}10\\.9\\.0\\.0/24 \\[200/0\\] via 10\\.0\\.2\\.2, eth1, weight 1, \\d\\d:\\d\\d:\\d\\d"));
        // traffic goes over a (1 ms) and comes back over b (5 ms: r2 reaches h1's LAN by iBGP only)
        assertThat(r.block("h1", "traceroute -n -q 1 10.9.0.10", 0)).contains(" 3  10.9.0.10  10.005 ms");
        // link a fails: carrier loss makes OSPF's route unusable at once, iBGP's forwards in its place;
        // once OSPF's SPF has run without link a, vtysh lists the iBGP route alone
        List<String> after = r.block("r1", "ip route", 1);
        assertThat(after).filteredOn(l -> l.startsWith("10.9.0.0/24"))
                .containsExactly("10.9.0.0/24 via 10.0.2.2 dev eth1 proto bgp metric 20 ");
        assertThat(r.block("r1", show, 1)).filteredOn(l -> l.contains(" 10.9.0.0/24 "))
                .singleElement().asString()
                .matches("B>\\* 10\\.9\\.0\\.0/24 \\[200/0\\] via 10\\.0\\.2\\.2, eth1, weight 1, \\d\\d:\\d\\d:\\d\\d");
        // and now goes over b both ways
        assertThat(r.block("h1", "traceroute -n -q 1 10.9.0.10", 1)).anyMatch(l -> l.startsWith(" 3  10.9.0.10  14.0"));
    }

    @Test
    void the_default_worlds_isp_a_core_lists_one_route_per_prefix_and_vtysh_both_candidates() throws Exception {
        Scenario s = DefaultWorld.load();
        StringWriter text = new StringWriter();
        Session session = new Session(s, WorldBuilder.build(s), new PrintWriter(text, true), null, Session.defaultNode(s), 0);
        session.execute("on isp-a-core");
        int from = text.getBuffer().length();
        session.execute("ip route");
        List<String> ip = text.getBuffer().substring(from).lines().toList();
        from = text.getBuffer().length();
        session.execute("vtysh -c \"show ip route\"");
        List<String> vtysh = text.getBuffer().substring(from).lines().toList();

        // the root servers' prefixes inside the exchange are in OSPF and in iBGP: OSPF (110) wins
        assertThat(ip).filteredOn(l -> l.startsWith("198.41.0.0/24 "))
                .containsExactly("198.41.0.0/24 via 185.1.0.254 dev eth2 proto ospf metric 20 ");
        assertThat(ip.stream().map(l -> l.split(" ")[0])).doesNotHaveDuplicates();
        assertThat(ip).contains("52.95.0.0/16 via 185.1.0.254 dev eth2 proto bgp metric 20 ",
                "62.40.0.0/16 via 62.40.0.1 dev eth3 proto bgp metric 20 ");
        // vtysh lists both candidates, the OSPF one selected; BGP's installed before OSPF's is below it
        int o = vtysh.indexOf("O>* 198.41.0.0/24 [110/3] via 185.1.0.254, eth2, weight 1, 00:00:39");
        assertThat(o).isNotNegative();
        assertThat(vtysh.get(o + 1)).isEqualTo("B   198.41.0.0/24 [200/0] via 185.1.0.254, eth2, weight 1, 00:00:59");
        // a prefix only BGP has is selected, eBGP at 20 and iBGP at 200
        assertThat(vtysh).contains("B>* 62.40.0.0/16 [20/0] via 62.40.0.1, eth3, weight 1, 00:00:58",
                "B>* 52.95.0.0/16 [200/0] via 185.1.0.254, eth2, weight 1, 00:00:59");
        // one selected route per prefix
        assertThat(vtysh.stream().filter(l -> l.length() > 3 && l.charAt(1) == '>').map(l -> l.split(" ")[1]))
                .doesNotHaveDuplicates();
    }
}
