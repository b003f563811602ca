package dev.minternet.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.minternet.scenario.Scenario;
import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Runs;
import dev.minternet.testing.Tshark;
import dev.minternet.trace.TraceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two DDoS drills of examples/, each with and without its defence, measured per second. */
class DdosExamplesTest {
    static final Path SYN = Path.of("examples/ddos-syn-flood.yaml");
    static final Path REFLECTION = Path.of("examples/ddos-dns-reflection.yaml");

    /** The example with {@code from} replaced by {@code to} (the drill's "run it again with ..."). */
    static Runs.Result variant(Path example, Path out, String... fromTo) throws Exception {
        String text = Files.readString(example);
        for (int i = 0; i < fromTo.length; i += 2) {
            assertThat(text).contains(fromTo[i]);
            text = text.replace(fromTo[i], fromTo[i + 1]);
        }
        Scenario s = ScenarioLoader.parse(example.toString(), text);
        return Runs.run(s, out, false);
    }

    static List<TraceEvent> rows(Runs.Result r) {
        return r.events(AttackEvents.TICK);
    }

    static long sum(List<TraceEvent> rows, dev.minternet.trace.Field<Long> f, int from, int to) {
        return rows.subList(from, to + 1).stream().mapToLong(e -> e.num(f)).sum();
    }

    @Test
    void syn_flood_with_cookies_keeps_every_legitimate_handshake_at_one_round_trip_and_decodes_in_tshark(
            @TempDir Path dir) throws Exception {
        Runs.Result r = Runs.example(SYN, dir);
        List<TraceEvent> rows = rows(r);
        assertThat(rows).hasSize(20);
        for (TraceEvent e : rows) {
            assertThat(e.num(AttackEvents.LEGIT_OK)).as("second " + e.num(AttackEvents.SECOND)).isEqualTo(5);
            assertThat(e.num(AttackEvents.LEGIT_FAILED)).isZero();
            assertThat(e.get(AttackEvents.P50_MS)).as("two 20 ms round trips less nothing: one RTT").isCloseTo(40.0, within(0.1));
            assertThat(e.num(AttackEvents.LISTEN_DROPS)).isZero();
        }
        assertThat(sum(rows, AttackEvents.SENT, 5, 14)).isEqualTo(20_000);
        assertThat(sum(rows, AttackEvents.COOKIES, 6, 14)).isGreaterThan(9 * 2000);
        assertThat(r.terminal("web")).anySatisfy(l -> assertThat(l).startsWith("LISTEN 0      128 "));
        assertThat(Files.readString(dir.resolve("ddos.csv"))).startsWith(Drill.CSV_HEADER + "\n0,5,0,40.011,40.011,0,0,0,0,0,0,0,0,0,0,0,0,1080,0\n");
        assertThat(r.text()).contains("DDoS drill, per second of simulated time");

        Oracles.tshark();
        Path web = dir.resolve("web-eth0.pcap");
        Tshark.assertClean(web);
        assertThat(Tshark.count(web, "tcp.flags.syn == 1 && tcp.flags.ack == 0 && ip.src == 198.18.0.0/15"))
                .isEqualTo(20_000);
        // The probes' handshakes during the flood: the SYN,ACK's ISN is a cookie and still offers
        // wscale and SACK, since its TSval carries them (plus the 4-tuple's offset, as on Linux).
        List<java.util.Map<String, String>> synAcks = Tshark.fields(web,
                "tcp.flags.syn == 1 && tcp.flags.ack == 1 && ip.dst == 192.168.1.10 && frame.time_relative > 6",
                "tcp.options.wscale.shift", "tcp.options.sack_perm", "tcp.options.timestamp.tsval");
        assertThat(synAcks).as("a probe every 200 ms from 6 s to 20 s").hasSizeBetween(68, 70);
        assertThat(synAcks).allSatisfy(f -> {
            assertThat(f.get("tcp.options.wscale.shift")).isEqualTo("7");
            assertThat(f.get("tcp.options.sack_perm")).isNotEmpty();
            assertThat(f.get("tcp.options.timestamp.tsval")).isNotEmpty();
        });
        assertThat(Tshark.count(dir.resolve("client-eth0.pcap"), "tcp.analysis.flags && !tcp.analysis.window_update"))
                .isZero();
    }

    @Test
    void syn_flood_without_cookies_locks_the_legitimate_client_out_while_the_queue_is_full(@TempDir Path dir)
            throws Exception {
        Runs.Result r = variant(SYN, dir, "net.ipv4.tcp_syncookies=1", "net.ipv4.tcp_syncookies=0");
        List<TraceEvent> rows = rows(r);
        for (int s = 0; s < 5; s++) {
            assertThat(rows.get(s).num(AttackEvents.LEGIT_OK)).isEqualTo(5);
        }
        for (int s = 6; s < 15; s++) {
            assertThat(rows.get(s).num(AttackEvents.LEGIT_OK)).as("second " + s).isZero();
            assertThat(rows.get(s).num(AttackEvents.LEGIT_FAILED)).isEqualTo(5);
            assertThat(rows.get(s).num(AttackEvents.LISTEN_DROPS)).isGreaterThan(1900);
            assertThat(rows.get(s).num(AttackEvents.COOKIES)).isZero();
        }
    }

    @Test
    void bcp38_ingress_filtering_on_the_bots_router_stops_the_spoofed_syns_at_the_edge(@TempDir Path dir)
            throws Exception {
        // The bots' router forwards only packets whose source is its customers' 10.66.0.0/16 (and
        // the replies to them): RFC 2827 ingress filtering as a netfilter FORWARD chain.
        Runs.Result r = variant(SYN, dir, "net.ipv4.tcp_syncookies=1", "net.ipv4.tcp_syncookies=0",
                "  - {name: bots, kind: router}",
                "  - name: bots\n    kind: router\n    firewall:\n      policy: {forward: deny}\n      stateful: false\n"
                        + "      rules:\n        - {action: allow, direction: forward, from: 10.66.0.0/16}\n"
                        + "        - {action: allow, direction: forward, to: 10.66.0.0/16}");
        List<TraceEvent> rows = rows(r);
        assertThat(sum(rows, AttackEvents.SENT, 0, rows.size() - 1)).isEqualTo(20_000);
        assertThat(sum(rows, AttackEvents.LISTEN_DROPS, 0, rows.size() - 1)).isZero();
        assertThat(sum(rows, AttackEvents.COOKIES, 0, rows.size() - 1)).isZero();
        assertThat(sum(rows, AttackEvents.LEGIT_OK, 0, rows.size() - 1)).isEqualTo(100);
        assertThat(r.world().node("bots").ip().counters().filtered()).isEqualTo(20_000);
    }

    @Test
    void reflection_amplifies_by_answer_size_over_query_size_on_the_wire(@TempDir Path dir) throws Exception {
        // A fat access link and no probe: every answer reaches the victim, and nothing else does.
        Runs.Result r = variant(REFLECTION, dir, "bandwidth: 10Mbps, delay: 8ms, queue: 50", "bandwidth: 10Gbps, delay: 8ms",
                "  probe: {from: home, to: web, port: 80, every: 200ms, timeout: 3s}\n", "");
        List<TraceEvent> rows = rows(r);
        long queries = sum(rows, AttackEvents.SENT, 0, rows.size() - 1);
        long sent = sum(rows, AttackEvents.SENT_BYTES, 0, rows.size() - 1);
        long received = sum(rows, AttackEvents.VICTIM_BYTES, 0, rows.size() - 1);
        assertThat(queries).isEqualTo(15_000);

        // Independently, from RFC 1035's wire format: header 12, question big.example.com (17 + 4),
        // each TXT answer a 2-byte name pointer, 10 bytes of type/class/TTL/length and its
        // length-prefixed string; the OPT record 11; IPv4 20 and UDP 8 around it.
        Matcher m = Pattern.compile("big  3600 IN TXT \"([^\"]*)\"").matcher(Files.readString(REFLECTION));
        int answer = 12 + 17 + 4 + 11 + 28;
        while (m.find()) {
            answer += 2 + 10 + 1 + m.group(1).length();
        }
        int query = 12 + 17 + 4 + 11 + 28;
        assertThat(query).isEqualTo(72);
        assertThat(answer).isEqualTo(1153);
        assertThat(sent).isEqualTo(queries * query);
        assertThat(received).isEqualTo(queries * answer);
        assertThat((double) received / sent).isEqualTo((double) answer / query);
    }

    @Test
    void reflection_fills_the_victims_link_and_the_resolver_defences_stop_it(@TempDir Path dir) throws Exception {
        Runs.Result open = Runs.run(ScenarioLoader.load(REFLECTION), null, false);
        List<TraceEvent> rows = rows(open);
        assertThat(sum(rows, AttackEvents.LINK_DROPS, 4, 12)).isGreaterThan(9 * 300);
        assertThat(sum(rows, AttackEvents.LEGIT_FAILED, 4, 12)).isGreaterThan(10);
        assertThat(sum(rows, AttackEvents.LEGIT_FAILED, 0, 2)).isZero();

        Runs.Result acl = variant(REFLECTION, dir.resolve("acl"), "allow: [0.0.0.0/0]", "allow: [100.70.0.0/16]");
        List<TraceEvent> a = rows(acl);
        assertThat(sum(a, AttackEvents.REFUSED, 4, 12)).as("counted on arrival, 30 ms after sending").isBetween(9 * 1500L - 5, 9 * 1500L);
        assertThat(sum(a, AttackEvents.LINK_DROPS, 0, a.size() - 1)).isZero();
        assertThat(sum(a, AttackEvents.LEGIT_FAILED, 0, a.size() - 1)).isZero();

        Runs.Result rrl = variant(REFLECTION, dir.resolve("rrl"), "# rate-limit", "rate-limit");
        List<TraceEvent> l = rows(rrl);
        assertThat(sum(l, AttackEvents.RRL, 4, 12)).isGreaterThan(9 * 1450);
        assertThat(sum(l, AttackEvents.LINK_DROPS, 0, l.size() - 1)).isZero();
        assertThat(sum(l, AttackEvents.LEGIT_FAILED, 0, l.size() - 1)).isZero();
        assertThat(sum(l, AttackEvents.VICTIM_BYTES, 4, 12)).isLessThan(sum(rows, AttackEvents.VICTIM_BYTES, 4, 12) / 10);
    }

    @Test
    void a_drill_repeats_byte_for_byte() throws Exception {
        Runs.Result a = Runs.run(ScenarioLoader.load(REFLECTION), null, false);
        Runs.Result b = Runs.run(ScenarioLoader.load(REFLECTION), null, false);
        assertThat(b.output()).isEqualTo(a.output());
        assertThat(b.json()).isEqualTo(a.json());
    }
}
