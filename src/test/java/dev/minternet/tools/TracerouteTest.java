package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.ip.IcmpEvents;
import dev.minternet.testing.Runs;
import dev.minternet.transport.udp.UdpEvents;
import java.util.List;
import org.junit.jupiter.api.Test;

class TracerouteTest {

    @Test
    void traceroute_over_five_routers_lists_them_in_order_then_the_target() {
        Runs.Result r = Runs.run(Runs.chain(5, "delay: 1ms", "", "  - {at: 1s, on: a, run: \"traceroute -n b\"}\n"));
        List<String> t = r.terminal("a");
        assertThat(t.get(0)).isEqualTo("traceroute to b (10.0.5.2), 30 hops max, 60 byte packets");
        assertThat(t).hasSize(7);
        for (int hop = 1; hop <= 5; hop++) {
            // each router answers from the address of the interface facing us
            assertThat(t.get(hop)).matches(String.format("%2d  10\\.0\\.%d\\.2  [0-9.]+ ms  [0-9.]+ ms  [0-9.]+ ms", hop, hop - 1));
        }
        assertThat(t.get(6)).matches(" 6  10\\.0\\.5\\.2  [0-9.]+ ms  [0-9.]+ ms  [0-9.]+ ms");
        // 3 probes per hop, UDP to 33434 and up
        assertThat(r.events(UdpEvents.SEND)).hasSizeGreaterThanOrEqualTo(18)
                .allSatisfy(e -> assertThat(e.num(UdpEvents.DPORT)).isBetween(33434L, 33434L + 89));
    }

    @Test
    void hop_times_grow_with_distance_and_names_come_from_the_world() {
        Runs.Result r = Runs.run(Runs.chain(2, "delay: 10ms", "", "  - {at: 1s, on: a, run: \"traceroute b\"}\n"));
        List<String> t = r.terminal("a");
        assertThat(t.get(1)).startsWith(" 1  r1 (10.0.0.2)  20.0");
        assertThat(t.get(2)).startsWith(" 2  r2 (10.0.1.2)  40.0");
        assertThat(t.get(3)).startsWith(" 3  b (10.0.2.2)  60.0");
    }

    @Test
    void icmp_mode_and_silent_hops() {
        // r2 cannot route back to a (static routing, no return route): its answers never arrive.
        Runs.Result r = Runs.run("""
                name: silent
                nodes:
                  - {name: a, kind: host, routes: [default via 10.0.0.2]}
                  - {name: r1, kind: router, routes: [default via 10.0.1.2]}
                  - {name: r2, kind: router, routes: [10.0.2.0/24 via 10.0.2.2]}
                  - {name: b, kind: host, routes: [default via 10.0.2.1]}
                links:
                  - {a: a 10.0.0.1/24, b: r1 10.0.0.2/24}
                  - {a: r1 10.0.1.1/24, b: r2 10.0.1.2/24}
                  - {a: r2 10.0.2.1/24, b: b 10.0.2.2/24}
                timeline:
                  - {at: 1s, on: a, run: "traceroute -I -n -m 3 b"}
                """);
        List<String> t = r.terminal("a");
        assertThat(t.get(1)).startsWith(" 1  10.0.0.2  ");
        assertThat(t.get(2)).isEqualTo(" 2  * * *");
        assertThat(t.get(3)).isEqualTo(" 3  * * *");
        assertThat(r.events(IcmpEvents.SEND).stream().filter(e -> "echo-request".equals(e.get(IcmpEvents.TYPE)) && e.node().equals("a")))
                .hasSize(9);
    }

    /** r2 drops its own ICMP errors (OUTPUT's policy, no stateful rule there): a silent hop 2 in front of an answering hop 3. */
    private static final String SILENT_HOP = """
            name: near-factor
            routing: global
            nodes:
              - {name: a, kind: host}
              - {name: r1, kind: router}
              - {name: r2, kind: router, firewall: {policy: {in: deny, out: deny}, stateful: [forward]}}
              - {name: b, kind: host}
            links:
              - {a: a 10.0.0.1/24, b: r1 10.0.0.2/24, delay: 1ms}
              - {a: r1 10.0.1.1/24, b: r2 10.0.1.2/24, delay: 5ms}
              - {a: r2 10.0.2.1/24, b: b 10.0.2.2/24, delay: 2ms}
            timeline:
            """;

    private static String printedAt(Runs.Result r, String line) {
        return r.output().stream().filter(l -> l.endsWith(line)).findFirst().orElseThrow().strip().split(" +")[0];
    }

    @Test
    void a_silent_hop_gives_up_at_ten_times_a_later_answer_as_traceroute_2_1_does() {
        Runs.Result r = Runs.run(SILENT_HOP + "  - {at: 1s, on: a, run: \"traceroute -n b\"}\n");
        assertThat(r.terminal("a")).containsSubsequence(" 2  * * *", " 3  10.0.2.2  16.006 ms  16.007 ms  16.008 ms");
        // hop 3's first answer took 16.006 ms: hop 2's probes wait NEAR x (16.006 + 1) ms = 170.06 ms, not MAX (5 s)
        assertThat(printedAt(r, " 2  * * *")).isEqualTo("1.170064");
    }

    @Test
    void without_the_factors_every_probe_waits_max() {
        Runs.Result r = Runs.run(SILENT_HOP + "  - {at: 1s, on: a, run: \"traceroute -n -w 2,0,0 b\"}\n");
        assertThat(printedAt(r, " 2  * * *")).isEqualTo("3.000000"); // the probes all leave at 1 s; each waits MAX
        Runs.Result five = Runs.run(SILENT_HOP + "  - {at: 1s, on: a, run: \"traceroute -n -w 5,3,0 b\"}\n");
        assertThat(printedAt(five, " 2  * * *")).isEqualTo("6.000000"); // HERE needs an answer in the hop itself
    }

    @Test
    void a_router_with_no_route_answers_unreachable_whatever_the_ttl_as_linux_looks_the_route_up_first() {
        // Linux's ip_rcv_finish looks the route up before ip_forward checks the TTL: the first hop
        // already answers "network unreachable" (!N), and traceroute stops there
        Runs.Result r = Runs.run(Runs.chain(2, "delay: 1ms", "", "  - {at: 1s, on: a, run: \"traceroute -n 10.99.0.1\"}\n"));
        assertThat(r.terminal("a")).containsExactly("traceroute to 10.99.0.1 (10.99.0.1), 30 hops max, 60 byte packets",
                " 1  10.0.0.2  2.001 ms !N  2.002 ms !N  2.003 ms !N");
    }
}
