package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.ip.IcmpEvents;
import dev.minternet.sim.Durations;
import dev.minternet.testing.Runs;
import dev.minternet.trace.TraceEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class PingTest {

    static final String PATH = """
            name: known-path
            routing: global
            nodes:
              - {name: a, kind: host}
              - {name: r1, kind: router}
              - {name: r2, kind: router}
              - {name: b, kind: host}
            links:
              - {name: l1, a: a 10.0.1.2/24, b: r1 10.0.1.1/24, bandwidth: 100Mbps, delay: 3ms}
              - {name: l2, a: r1 10.0.2.1/30, b: r2 10.0.2.2/30, bandwidth: 1Gbps, delay: 17ms}
              - {name: l3, a: r2 10.0.3.1/24, b: b 10.0.3.2/24, bandwidth: 7Mbps, delay: 250us}
            timeline:
            """;

    @Test
    void ping_rtt_equals_propagation_plus_serialization_of_each_hop_both_ways_to_the_nanosecond() {
        Runs.Result r = Runs.run(PATH + "  - {at: 1s, on: a, run: \"ping -c 3 b\"}\n");
        // 56 data bytes + 8 ICMP + 20 IP = 84 bytes each way, no queueing, no processing delay.
        long oneWay = Durations.serialization(84, 100_000_000L) + 3 * Durations.MS
                + Durations.serialization(84, 1_000_000_000L) + 17 * Durations.MS
                + Durations.serialization(84, 7_000_000L) + 250 * Durations.US;
        List<TraceEvent> replies = r.events(ToolEvents.PING_REPLY);
        assertThat(replies).hasSize(3);
        for (TraceEvent e : replies) {
            assertThat(e.num(ToolEvents.RTT_NS)).isEqualTo(2 * oneWay);
        }
        // 40.706 ms: iputils prints 3 significant digits per reply, 3 decimals in the summary.
        assertThat(r.terminal("a")).containsExactly(
                "PING b (10.0.3.2) 56(84) bytes of data.",
                "64 bytes from b (10.0.3.2): icmp_seq=1 ttl=62 time=40.7 ms",
                "64 bytes from b (10.0.3.2): icmp_seq=2 ttl=62 time=40.7 ms",
                "64 bytes from b (10.0.3.2): icmp_seq=3 ttl=62 time=40.7 ms",
                "",
                "--- b ping statistics ---",
                // iputils' time runs from the start to the last request sent: two 1 s intervals.
                "3 packets transmitted, 3 received, 0% packet loss, time 2000ms",
                "rtt min/avg/max/mdev = 40.706/40.706/40.706/0.000 ms");
        assertThat(2 * oneWay / 1000).isEqualTo(40_706);
    }

    @Test
    void ping_size_and_ttl_options() {
        Runs.Result r = Runs.run(PATH + "  - {at: 1s, on: a, run: \"ping -c 1 -s 1000 10.0.3.2\"}\n"
                + "  - {at: 3s, on: a, run: \"ping -c 2 -t 1 -i 0.5 b\"}\n");
        List<String> t = r.terminal("a");
        assertThat(t.get(0)).isEqualTo("PING 10.0.3.2 (10.0.3.2) 1000(1028) bytes of data.");
        assertThat(t.get(1)).startsWith("1008 bytes from 10.0.3.2: icmp_seq=1 ttl=62 time=");
        assertThat(t).contains("From r1 (10.0.1.1) icmp_seq=1 Time to live exceeded",
                "From r1 (10.0.1.1) icmp_seq=2 Time to live exceeded",
                "2 packets transmitted, 0 received, +2 errors, 100% packet loss, time 500ms");
        // two errors reach -c 2: ping stops at once (no linger), and with no rtt line ends on a blank line
        assertThat(t.get(t.size() - 1)).isEmpty();
        assertThat(r.events(ToolEvents.EXIT).get(1).time() - 3 * Durations.S).isLessThan(600 * Durations.MS);
        // -i 0.5: the second request leaves 500 ms after the first
        List<TraceEvent> sends = r.events(e -> e.is(IcmpEvents.SEND)
                && "echo-request".equals(e.get(IcmpEvents.TYPE)) && e.time() >= 3 * Durations.S);
        assertThat(sends.get(1).time() - sends.get(0).time()).isEqualTo(500 * Durations.MS);
    }

    @Test
    void ping_reports_an_unknown_host_and_an_unreachable_network() {
        Runs.Result r = Runs.run("""
                name: lonely
                nodes: [{name: a, kind: host}, {name: b, kind: host}]
                links: [{a: a 10.0.0.1/24, b: b 10.0.0.2/24}]
                timeline:
                  - {at: 1s, on: a, run: "ping -c 1 nowhere"}
                  - {at: 2s, on: a, run: "ping -c 1 192.0.2.1"}
                  - {at: 3s, on: a, run: "ping -c 1 b"}
                """);
        assertThat(r.terminal("a")).contains("ping: nowhere: Name or service not known",
                "ping: connect: Network is unreachable");
        assertThat(r.events(ToolEvents.EXIT).stream().map(e -> e.num(ToolEvents.CODE)).toList()).containsExactly(2L, 2L, 0L);
    }

    @Test
    void sequence_numbers_wrap_at_16_bits_without_losing_count() {
        Runs.Result r = Runs.run(PATH.replace("bandwidth: 7Mbps", "bandwidth: 10Gbps")
                + "  - {at: 1s, on: a, run: \"ping -q -c 70000 -i 0.002 b\"}\n");
        assertThat(r.terminal("a")).anyMatch(l -> l.startsWith("70000 packets transmitted, 70000 received, 0% packet loss"));
    }

    @Test
    void iputils_time_format() {
        assertThat(Formats.pingTime(40_634)).isEqualTo("40.6");
        assertThat(Formats.pingTime(123_456)).isEqualTo("123");
        assertThat(Formats.pingTime(1_234)).isEqualTo("1.23");
        assertThat(Formats.pingTime(123)).isEqualTo("0.123");
        assertThat(Formats.g(25.0)).isEqualTo("25");
        assertThat(Formats.g(100.0 / 3)).isEqualTo("33.3333");
    }
}
