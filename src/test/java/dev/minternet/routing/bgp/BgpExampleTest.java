package dev.minternet.routing.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.ExampleRun;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Tshark;
import dev.minternet.trace.TraceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * examples/bgp.yaml end to end: five ASes come up, r100 prefers its customer's path to the
 * multi-homed stub, the primary link fails, AS 300 withdraws, r100 moves to the peer path (with
 * the stub's prepending) and traffic follows; vtysh prints FRR's layouts; tshark decodes every
 * BGP message with the trace's fields; two runs are byte-identical.
 */
class BgpExampleTest {
    static final Path EXAMPLE = Path.of("examples/bgp.yaml");

    @RegisterExtension
    static final ExampleRun run = new ExampleRun(EXAMPLE);

    @Test
    void vtysh_shows_the_summary_the_table_and_the_paths_in_frrs_layout() {
        List<String> out = run.terminal("r100");
        assertThat(out).containsSequence("",
                "IPv4 Unicast Summary (VRF default):",
                "BGP router identifier 10.100.255.1, local AS number 100 vrf-id 0");
        assertThat(out).contains(
                "Neighbor        V         AS   MsgRcvd   MsgSent   TblVer  InQ OutQ  Up/Down State/PfxRcd   PfxSnt Desc");
        assertThat(out).anyMatch(l -> l.matches("10\\.0\\.13\\.2       4        300 +\\d+ +\\d+ +0 +0 +0 00:00:3\\d"
                + " {12}2 {8}3 r300 customer"));
        assertThat(out).containsSequence(
                "   Network          Next Hop            Metric LocPrf Weight Path",
                "*> 10.1.0.0/16      0.0.0.0                  0         32768 i",
                "*> 10.2.0.0/16      10.0.12.2                0    150      0 200 i",
                "*> 10.3.0.0/16      10.0.13.2                0    200      0 300 i",
                "*  10.4.0.0/16      10.0.12.2                     150      0 200 400 400 400 i",
                "*>                  10.0.13.2                     200      0 300 400 i",
                "*> 10.5.0.0/16      10.0.15.2                0    200      0 500 i",
                "",
                "Displayed  5 routes and 6 total paths");
        assertThat(out).containsSequence(
                "BGP routing table entry for 10.4.0.0/16, version 5",
                "Paths: (2 available, best #2, table default)",
                "  Advertised to non peer-group peers:",
                "  10.0.12.2 10.0.15.2",
                "  200 400 400 400",
                "    10.0.12.2 from 10.0.12.2 (10.200.255.1)",
                "      Origin IGP, localpref 150, valid, external",
                "      Community: 100:2");
        assertThat(out).containsSequence(
                "  300 400",
                "    10.0.13.2 from 10.0.13.2 (10.3.255.1)",
                "      Origin IGP, localpref 200, valid, external, best (Local Pref)");
        assertThat(out).contains("10.4.0.0/16 via 10.0.13.2 dev eth1 proto bgp metric 20 ");
    }

    @Test
    void the_failed_link_is_withdrawn_and_traffic_moves_to_the_peer_path() {
        // r400 and r300 notice carrier loss at once (fast external failover)
        assertThat(run.events(e -> e.is(BgpEvents.STATE) && e.get(BgpEvents.FROM).equals("Established")
                && e.time() == 60_000_000_000L).stream().map(e -> e.node() + " " + e.get(BgpEvents.REASON)).toList())
                .containsExactly("r300 interface eth1 down", "r400 interface eth1 down");
        TraceEvent withdrawal = run.events(e -> e.is(BgpEvents.WITHDRAW_IN) && e.node().equals("r100")).get(0);
        assertThat(withdrawal.get(BgpEvents.PEER)).isEqualTo("10.0.13.2");
        assertThat(withdrawal.get(BgpEvents.PREFIX)).isEqualTo("10.4.0.0/16");
        TraceEvent best = run.events(e -> e.is(BgpEvents.BEST_PATH) && e.node().equals("r100")
                && e.time() >= 60_000_000_000L).get(0);
        assertThat(best.time()).isEqualTo(withdrawal.time());
        assertThat(best.get(BgpEvents.BEST)).isEqualTo("10.0.12.2 [200 400 400 400]");
        List<String> h5 = run.terminal("h5");
        assertThat(h5).anyMatch(l -> l.startsWith(" 3  10.0.13.2 "));
        assertThat(h5).anyMatch(l -> l.startsWith(" 3  10.0.12.2 "));
        assertThat(h5).anyMatch(l -> l.startsWith(" 4  10.0.24.2 "));
        assertThat(run.terminal("r300")).anyMatch(l -> l.matches("10\\.0\\.34\\.2 .* 00:00:04       Active        0 r400 customer"));
    }

    @Test
    void tshark_decodes_every_bgp_message_and_its_fields_equal_the_trace() throws Exception {
        Oracles.tshark();
        Path r100 = run.dir().resolve("r100-eth1.pcap");
        List<Path> pcaps;
        try (Stream<Path> s = Files.list(run.dir())) {
            pcaps = s.filter(p -> p.toString().endsWith(".pcap")).sorted().toList();
        }
        assertThat(pcaps).hasSize(14);
        for (Path p : pcaps) {
            assertThat(Tshark.count(p, Tshark.MALFORMED_FILTER + " || bgp.length.invalid || bgp.prefix_length.invalid"))
                    .as(p.toString()).isZero();
        }
        // r100 to r300 (10.0.13.2): the types and lengths of what r100 sent, in order, as the trace says
        List<String> decoded = new ArrayList<>();
        for (Map<String, String> row : Tshark.fields(r100, "bgp && ip.src == 10.0.13.1", "bgp.type", "bgp.length")) {
            String[] types = row.get("bgp.type").split(",");
            String[] lens = row.get("bgp.length").split(",");
            for (int i = 0; i < types.length; i++) {
                decoded.add(types[i] + " " + lens[i]);
            }
        }
        List<String> traced = run.events(e -> e.is(BgpEvents.SENT) && e.node().equals("r100")
                && e.get(BgpEvents.PEER).equals("10.0.13.2")).stream()
                .map(e -> code(e.get(BgpEvents.TYPE)) + " " + e.num(BgpEvents.LENGTH)).toList();
        assertThat(decoded).isEqualTo(traced);
        // every route r100 announced to r300: prefixes, next hops and AS paths as tshark reads them
        List<String> prefixes = new ArrayList<>();
        List<String> nextHops = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (Map<String, String> row : Tshark.fields(r100, "bgp.nlri_prefix && ip.src == 10.0.13.1",
                "bgp.nlri_prefix", "bgp.update.path_attribute.next_hop", "bgp.update.path_attribute.as_path_segment.as4")) {
            prefixes.addAll(List.of(row.get("bgp.nlri_prefix").split(",")));
            nextHops.addAll(List.of(row.get("bgp.update.path_attribute.next_hop").split(",")));
            paths.addAll(List.of(row.get("bgp.update.path_attribute.as_path_segment.as4").split(",")));
        }
        List<TraceEvent> announced = run.events(e -> e.is(BgpEvents.ANNOUNCE_OUT) && e.node().equals("r100")
                && e.get(BgpEvents.PEER).equals("10.0.13.2"));
        assertThat(announced).hasSize(4);
        assertThat(prefixes).isEqualTo(announced.stream().map(e -> e.get(BgpEvents.PREFIX).split("/")[0]).toList());
        assertThat(nextHops).isEqualTo(announced.stream().map(e -> e.get(BgpEvents.NEXT_HOP)).toList());
        assertThat(paths).isEqualTo(announced.stream().flatMap(e -> Stream.of(e.get(BgpEvents.AS_PATH).split(" "))).toList());
        // r300's withdrawal of 10.4.0.0/16 after the failure, as r100 received it
        assertThat(Tshark.fields(r100, "bgp.withdrawn_prefix && ip.src == 10.0.13.2", "bgp.withdrawn_prefix"))
                .extracting(row -> row.get("bgp.withdrawn_prefix")).containsExactly("10.4.0.0");
        // OPEN: 4-octet AS and hold time 180, identifier the router ID
        assertThat(Tshark.fields(r100, "bgp.type == 1 && ip.src == 10.0.13.1", "bgp.open.myas", "bgp.open.holdtime",
                "bgp.open.identifier", "bgp.cap.4as", "bgp.cap.mp.afi", "bgp.cap.mp.safi")).allSatisfy(row -> {
                    assertThat(row.get("bgp.open.myas")).isEqualTo("100");
                    assertThat(row.get("bgp.open.holdtime")).isEqualTo("180");
                    assertThat(row.get("bgp.open.identifier")).isEqualTo("10.100.255.1");
                    assertThat(row.get("bgp.cap.4as")).isEqualTo("100");
                    assertThat(row.get("bgp.cap.mp.afi") + "/" + row.get("bgp.cap.mp.safi")).isEqualTo("1/1");
                });
    }

    private static String code(String type) {
        return switch (type) {
            case "OPEN" -> "1";
            case "UPDATE" -> "2";
            case "NOTIFICATION" -> "3";
            default -> "4";
        };
    }

    @Test
    void two_runs_are_byte_identical() {
        run.assertRerunIdentical();
    }
}
