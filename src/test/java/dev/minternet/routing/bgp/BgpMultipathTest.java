package dev.minternet.routing.bgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.minternet.ip.IpEvents;
import dev.minternet.routing.bgp.BgpMessage.Prefix;
import dev.minternet.routing.bgp.RibEntry;
import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.testing.Runs;
import dev.minternet.wire.Ip4;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * BGP multipath: examples/bgp-multipath.yaml installs the three equal paths through AS 65002
 * together (not the one through AS 65003 unless multipath-relax), vtysh and ip route show them as
 * FRR and iproute2 do, and 600 flows from h1 spread over them in the proportions the number of
 * paths gives; iBGP multipath follows maximum-paths-ibgp.
 */
class BgpMultipathTest {
    static final Path EXAMPLE = Path.of("examples/bgp-multipath.yaml");
    static final Prefix P = new Prefix(Ip4.parse("10.4.0.0"), 16);
    static final int FLOWS = 600;

    /** The example with {@link #FLOWS} more UDP flows from h1 (one datagram each, new source ports) from 30 s. */
    static String withFlows(String yaml) {
        StringBuilder sb = new StringBuilder(yaml.replace("duration: 40s", "duration: 45s"));
        for (int i = 0; i < FLOWS; i++) {
            sb.append(String.format(Locale.ROOT, "  - {at: %.3fs, on: h1, run: \"nc -u -w 1 -m f%d 10.4.1.10 5001\"}%n",
                    30 + i * 0.01, i));
        }
        return sb.toString();
    }

    /** Datagrams of the flows r1 forwarded toward h4, by outgoing interface. */
    static Map<String, Integer> spread(Runs.Result r) {
        Map<String, Integer> out = new TreeMap<>();
        for (var e : r.events(e -> e.is(IpEvents.FORWARD) && e.node().equals("r1") && e.get(IpEvents.PROTO).equals("udp")
                && e.time() >= 30_000_000_000L)) {
            out.merge(e.get(IpEvents.OUT), 1, Integer::sum);
        }
        return out;
    }

    static Runs.Result run(String yaml) throws Exception {
        return Runs.run(ScenarioLoader.parse("bgp-multipath.yaml", yaml), null, false);
    }

    static RibEntry entry(Runs.Result r, String node) {
        return r.world().node(node).service(BgpSpeaker.class).entry(P);
    }

    @Test
    void three_equal_paths_through_one_as_are_installed_and_flows_take_a_third_each() throws Exception {
        Runs.Result r = run(withFlows(Files.readString(EXAMPLE)));
        RibEntry e = entry(r, "r1");
        assertThat(e.paths()).hasSize(4);
        assertThat(e.multipaths()).extracting(p -> Ip4.str(p.attrs().nextHop()))
                .containsExactly("10.0.12.2", "10.0.13.2", "10.0.15.2");
        List<String> out = r.terminal("r1");
        assertThat(out).containsSequence(
                "*> 10.1.0.0/16      0.0.0.0                  0         32768 i",
                "*  10.4.0.0/16      10.0.16.2                              0 65003 65004 i",
                "*>                  10.0.12.2                              0 65002 65004 i",
                "*=                  10.0.13.2                              0 65002 65004 i",
                "*=                  10.0.15.2                              0 65002 65004 i");
        assertThat(out).containsSequence("    10.0.12.2 from 10.0.12.2 (10.255.0.2)",
                "      Origin IGP, valid, external, multipath, best (Router ID)");
        assertThat(out).containsSequence("    10.0.13.2 from 10.0.13.2 (10.255.0.3)",
                "      Origin IGP, valid, external, multipath");
        assertThat(out).containsSequence("    10.0.16.2 from 10.0.16.2 (10.255.0.6)",
                "      Origin IGP, valid, external");
        assertThat(out).containsSequence(
                "B>* 10.4.0.0/16 [20/0] via 10.0.12.2, eth1, weight 1, 00:00:19",
                "  *                    via 10.0.13.2, eth2, weight 1, 00:00:19",
                "  *                    via 10.0.15.2, eth3, weight 1, 00:00:19");
        assertThat(out).containsSequence(
                "10.4.0.0/16 proto bgp metric 20 ",
                "\tnexthop via 10.0.12.2 dev eth1 weight 1 ",
                "\tnexthop via 10.0.13.2 dev eth2 weight 1 ",
                "\tnexthop via 10.0.15.2 dev eth3 weight 1 ");
        // the flows all arrive, spread a third each over the three links (binomial sd about 2%)
        assertThat(r.terminal("h4").stream().filter(l -> l.matches("f\\d+"))).hasSize(FLOWS);
        Map<String, Integer> s = spread(r);
        assertThat(s.keySet()).containsExactly("eth1", "eth2", "eth3");
        for (int n : s.values()) {
            assertThat(n / (double) FLOWS).isCloseTo(1 / 3.0, within(0.06));
        }
        assertThat(r.events(BgpEvents.MULTIPATH).stream().filter(x -> x.node().equals("r1"))
                .map(x -> x.get(BgpEvents.NEXT_HOPS)).toList()).last().isEqualTo("10.0.12.2 10.0.13.2 10.0.15.2");
    }

    @Test
    void multipath_relax_adds_the_path_through_another_as_and_flows_take_a_quarter_each() throws Exception {
        Runs.Result r = run(withFlows(Files.readString(EXAMPLE).replace("multipath-relax: false", "multipath-relax: true")));
        assertThat(entry(r, "r1").multipaths()).extracting(p -> Ip4.str(p.attrs().nextHop()))
                .containsExactly("10.0.12.2", "10.0.13.2", "10.0.15.2", "10.0.16.2");
        Map<String, Integer> s = spread(r);
        assertThat(s.keySet()).containsExactly("eth1", "eth2", "eth3", "eth4");
        for (int n : s.values()) {
            assertThat(n / (double) FLOWS).isCloseTo(0.25, within(0.06));
        }
        assertThat(r.terminal("r1")).contains("*= 10.4.0.0/16      10.0.16.2                              0 65003 65004 i");
    }

    @Test
    void maximum_paths_caps_the_set_and_one_path_is_the_default() throws Exception {
        Runs.Result two = run(withFlows(Files.readString(EXAMPLE).replace("maximum-paths: 4 ", "maximum-paths: 2 ")));
        assertThat(entry(two, "r1").multipaths()).extracting(p -> Ip4.str(p.attrs().nextHop()))
                .containsExactly("10.0.12.2", "10.0.13.2");
        Map<String, Integer> s = spread(two);
        assertThat(s.keySet()).containsExactly("eth1", "eth2");
        for (int n : s.values()) {
            assertThat(n / (double) FLOWS).isCloseTo(0.5, within(0.06));
        }
        Runs.Result one = run(withFlows(Files.readString(EXAMPLE).replace("      maximum-paths: 4 ", "      # ")));
        assertThat(entry(one, "r1").multipaths()).hasSize(1);
        assertThat(spread(one)).containsExactly(Map.entry("eth1", FLOWS));
        assertThat(one.terminal("r1")).noneMatch(l -> l.startsWith("*="));
        assertThat(one.events(BgpEvents.MULTIPATH)).isEmpty();
    }

    @Test
    void the_example_runs_as_written_and_its_captures_are_clean(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Runs.Result r = Runs.example(EXAMPLE, dir);
        assertThat(r.terminal("h4")).containsExactly("flow1", "flow2", "flow3", "flow4");
        assertThat(r.terminal("h1")).anyMatch(l -> l.startsWith(" 4  10.4.1.10 "));
        assertThat(r.terminal("r1")).contains("  *                    via 10.0.15.2, eth3, weight 1, 00:00:19");
        // the UDP datagrams to h4 (the four nc flows, traceroute's probes) left r1 by more than one link
        assertThat(r.events(e -> e.is(IpEvents.FORWARD) && e.node().equals("r1") && e.get(IpEvents.PROTO).equals("udp")
                && e.get(IpEvents.DST).equals("10.4.1.10")).stream().map(e -> e.get(IpEvents.OUT)).distinct().count())
                .isGreaterThan(1);
        dev.minternet.testing.Oracles.tshark();
        try (var s = Files.list(dir)) {
            for (Path p : s.filter(x -> x.toString().endsWith(".pcap")).sorted().toList()) {
                dev.minternet.testing.Tshark.assertClean(p);
            }
        }
    }

    /** r1 (AS 65000) hears 10.4.0.0/16 over iBGP from r2 and r3, which learn it from r4 (AS 65004). */
    static String ibgp(String r1Extra) {
        return """
                name: ibgp-mp
                seed: 1
                duration: 30s
                nodes:
                  - {name: r1, kind: router, as: 65000, bgp: {router-id: 10.255.0.1,EXTRA neighbors: [
                      {address: 10.0.12.2, remote-as: 65000}, {address: 10.0.13.2, remote-as: 65000}]}}
                  - {name: r2, kind: router, as: 65000, bgp: {router-id: 10.255.0.2, neighbors: [
                      {address: 10.0.12.1, remote-as: 65000, next-hop-self: true}, {address: 10.0.24.2, remote-as: 65004}]}}
                  - {name: r3, kind: router, as: 65000, bgp: {router-id: 10.255.0.3, neighbors: [
                      {address: 10.0.13.1, remote-as: 65000, next-hop-self: true}, {address: 10.0.34.2, remote-as: 65004}]}}
                  - {name: r4, kind: router, as: 65004, bgp: {router-id: 10.255.0.4, networks: [10.4.0.0/16], neighbors: [
                      {address: 10.0.24.1, remote-as: 65000}, {address: 10.0.34.1, remote-as: 65000}]}}
                links:
                  - {a: r1 10.0.12.1/30, b: r2 10.0.12.2/30}
                  - {a: r1 10.0.13.1/30, b: r3 10.0.13.2/30}
                  - {a: r2 10.0.24.1/30, b: r4 10.0.24.2/30}
                  - {a: r3 10.0.34.1/30, b: r4 10.0.34.2/30}
                timeline:
                  - {at: 20s, on: r1, run: "vtysh -c \\"show ip route\\""}
                """.replace("EXTRA", r1Extra);
    }

    @Test
    void ibgp_paths_are_installed_together_by_maximum_paths_ibgp_only() throws Exception {
        Runs.Result ebgpOnly = Runs.run(ibgp(" maximum-paths: 8,"));
        assertThat(entry(ebgpOnly, "r1").multipaths()).hasSize(1);
        Runs.Result r = Runs.run(ibgp(" maximum-paths-ibgp: 2,"));
        RibEntry e = entry(r, "r1");
        assertThat(e.multipaths()).extracting(p -> Ip4.str(p.attrs().nextHop())).containsExactly("10.0.12.2", "10.0.13.2");
        assertThat(r.terminal("r1")).containsSequence(
                "B>* 10.4.0.0/16 [200/0] via 10.0.12.2, eth0, weight 1, 00:00:19",
                "  *                     via 10.0.13.2, eth1, weight 1, 00:00:19");
        assertThat(r.world().node("r1").ip().table().routes().stream().filter(x -> x.proto().equals("bgp")))
                .hasSize(2);
    }
}
